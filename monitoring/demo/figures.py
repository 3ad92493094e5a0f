"""Demo monthly case counts (36 months, every commune and indicator) and yearly
classifications, with plausible structure: hot spots near towns and along the border,
parts never above their wholes, and some communes with no drug problem at all."""

import csv
import datetime
import io

import numpy as np
from django.db import connection

from monitoring.demo import geography
from monitoring.imports.part_rule import part_rule_checked_once
from monitoring.models import Classification, ClassificationScheme, DrugClass, Indicator

__all__ = ["LAST_MONTH", "MONTHS", "case_counts_build", "classifications_build", "risk_of"]

# Fixed, so the demo is identical on every run whatever today's date is.
LAST_MONTH = datetime.date(2026, 10, 1)
MONTHS = 36


def months() -> list[datetime.date]:
    first = LAST_MONTH.year * 12 + LAST_MONTH.month - 1 - (MONTHS - 1)
    return [datetime.date(m // 12, m % 12 + 1, 1) for m in range(first, first + MONTHS)]


def risk_of(*, communes, seeds, rng: np.random.Generator) -> dict[int, float]:
    """A hidden 0–1 risk per commune: towns and the land border raise it."""
    risk = {}
    for commune in communes:
        x, y = seeds[commune.id]
        distance = commune.border_distance_m
        border_km = 1000.0 if distance is None else distance / 1000
        value = (
            0.15
            + 0.55 * float(geography.town_proximity(x, y))
            + 0.55 * np.exp(-border_km / 12)
            + rng.normal(0, 0.08)
        )
        risk[commune.id] = float(np.clip(value, 0, 1))
    return risk


def _commune_month(pop: int, r: float, month: datetime.date, t: int, clean: bool, rng, mountain):
    trend = 1.1 - 0.2 * t / MONTHS
    users = 0 if clean else rng.poisson(pop * (0.0004 + 0.006 * r**1.5) * trend)
    addicts = rng.binomial(users, 0.8)
    post_rehab = 0 if clean else rng.poisson(addicts * 0.3 + 0.5)
    plants = 0
    if mountain and month.month <= 3 and not clean:
        plants = rng.poisson(900 * r)
    return {
        "illegal_users": users,
        "addicts_managed": addicts,
        "methadone": rng.binomial(addicts, 0.25),
        "rehab_community": rng.binomial(addicts, 0.1),
        "rehab_facility": rng.binomial(addicts, 0.05),
        "rehab_compulsory": rng.binomial(addicts, 0.07),
        "post_rehab": post_rehab,
        "relapses": rng.binomial(post_rehab, 0.25),
        "hotspots": 0 if clean else rng.poisson(0.2 + 2.2 * r**2),
        "offenders_arrested": 0 if clean else rng.poisson(pop * 0.00006 * (0.4 + r)),
        "drug_plants_destroyed": plants,
        "drug_crop_area_destroyed": int(plants * rng.uniform(0.2, 0.3)),
        "whereabouts_unknown": rng.poisson(users * 0.02),
    }


def case_counts_build(*, communes, risk, seeds, rng: np.random.Generator) -> int:
    """Write every commune × month × indicator count with one COPY."""
    indicator_id = dict(Indicator.objects.values_list("code", "id"))
    threshold = np.quantile(list(risk.values()), 0.12)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    rows = 0
    for commune in communes:
        r = risk[commune.id]
        clean = r <= threshold
        mountain = seeds[commune.id][0] < 108.0
        for t, month in enumerate(months()):
            values = _commune_month(commune.population, r, month, t, clean, rng, mountain)
            reported = month.replace(day=28) + datetime.timedelta(days=10)
            for code, value in values.items():
                writer.writerow(
                    [
                        commune.id,
                        month,
                        indicator_id[code],
                        int(value),
                        "Dữ liệu minh hoạ",
                        reported,
                        "t",
                    ]
                )
                rows += 1
    buffer.seek(0)
    with (
        connection.cursor() as cursor,
        part_rule_checked_once(cursor, figures=rows, touched="monitoring_casecount"),
    ):
        # Checked once over the table, not by the row trigger: the trigger's plan for a
        # table that was empty when first planned would scan it once per row.
        cursor.copy_expert(
            "COPY monitoring_casecount (unit_id, period, indicator_id, value, source,"
            " reported_on, is_demo) FROM STDIN WITH (FORMAT csv)",
            buffer,
        )
        cursor.execute("ANALYZE monitoring_casecount")  # the one-pass check plans on fresh statistics
    return rows


def classifications_build(*, communes, risk) -> int:
    """Yearly official classes decided from the demo figures' hidden risk."""
    rows = []
    for year, scheme in (
        (2023, ClassificationScheme.QD_3122_2010),
        (2024, ClassificationScheme.QD_3122_2010),
        (2025, ClassificationScheme.QD_28_2025),
    ):
        values = np.array([risk[c.id] for c in communes])
        drug_free_at, type3_at, type2_at, type1_at = np.quantile(
            values, [0.12 + 0.04 * (year - 2023), 0.45, 0.75, 0.92]
        )
        for number, commune in enumerate(communes, 1):
            r = risk[commune.id]
            if r <= drug_free_at:
                drug_class = (
                    DrugClass.DRUG_FREE
                    if scheme == ClassificationScheme.QD_28_2025
                    else DrugClass.NOT_CLASSIFIED
                )
            elif r >= type1_at:
                drug_class = DrugClass.TYPE_I
            elif r >= type2_at:
                drug_class = DrugClass.TYPE_II
            elif r >= type3_at:
                drug_class = DrugClass.TYPE_III
            else:
                drug_class = DrugClass.NOT_CLASSIFIED
            rows.append(
                Classification(
                    unit=commune,
                    year=year,
                    scheme=scheme,
                    drug_class=drug_class,
                    decision_number=f"{100 + number}/QĐ-UBND",
                    decision_date=datetime.date(year, 12, 15),
                    note="Dữ liệu minh hoạ (demo)",
                )
            )
    Classification.objects.bulk_create(rows)
    return len(rows)
