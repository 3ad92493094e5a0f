"""``python manage.py hotspots --indicator CODE --period P --method gi|lisa|emerging
[--periods N] [--measure count|rate|eb_rate|seb_rate] [--weights queen|distance:METRES] [--permutations N]
[--seed S] [--fdr] [--area CODE] --format geojson|csv -o FILE``: hot and cold spots of one
indicator for analysts and checks, one feature (or row) per commune.

Without ``--user`` the run sees every commune and exact figures (unless ``--public``), as
``export``; with it, the user's area and small-count protection apply as on the web (the
statistics are computed on exact figures either way; a protected count and the value
derived from it show the marker). Nothing is written unless the whole analysis succeeded."""

import dataclasses
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from core.errors import AppError
from geo.areas import Area
from geo.geojson import feature, feature_collection
from geo.models import AdminUnit
from monitoring.disclosure import disclosure_for
from monitoring.exports.tables import CsvRows
from monitoring.figures.hotspots.analysis import (
    MEASURES,
    METHODS,
    HotspotResult,
    HotspotRow,
    Weights,
)
from monitoring.figures.hotspots.compute import hotspots_compute, hotspots_shown
from monitoring.figures.periods import Period

FORMATS = ("geojson", "csv")


def _fields() -> list[str]:
    return [f.name for f in dataclasses.fields(HotspotRow) if f.name != "unit_id"]


def _geojson(result: HotspotResult) -> str:
    ids = [row.unit_id for row in result.rows]
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, ST_AsGeoJSON(geom, 7) FROM geo_adminunit WHERE id = ANY(%s)", [ids])
        shapes = dict(cursor.fetchall())
    names = _fields()
    features = (
        feature(id=row.code, geometry=shapes[row.unit_id], properties={n: getattr(row, n) for n in names})
        for row in result.rows
    )
    return feature_collection(features, members={"name": "hotspots", "metadata": result.metadata()})


def _csv(result: HotspotResult) -> str:
    names = _fields()
    writer = CsvRows(lineterminator="\n", bom=False)
    return writer.header(names) + writer.rows(
        ["" if getattr(row, n) is None else getattr(row, n) for n in names] for row in result.rows
    )


class Command(BaseCommand):
    help = "Hot and cold spots (Getis-Ord Gi*, Local Moran's I) of an indicator over communes."

    def add_arguments(self, parser):
        parser.add_argument("--indicator", required=True, help="indicator code, e.g. illegal_users")
        parser.add_argument("--period", required=True, help="2026-10, 2026-Q3 or 2026")
        parser.add_argument("--method", default="gi", help=", ".join(METHODS))
        parser.add_argument(
            "--periods", default="12", help="emerging: how many periods, ending with --period (4 to 120)"
        )
        parser.add_argument("--measure", default="count", help=", ".join(MEASURES))
        parser.add_argument("--weights", default="queen", help="queen or distance:METRES")
        parser.add_argument("--permutations", default="999")
        parser.add_argument("--seed", default="12345")
        parser.add_argument(
            "--fdr", action="store_true", help="Benjamini-Hochberg false-discovery-rate cut-offs"
        )
        parser.add_argument("--area", help="official code of a province or district (default: every commune)")
        parser.add_argument("--user", help="run as this user (their area and small-count protection)")
        parser.add_argument("--public", action="store_true", help="protect small counts as for the public")
        parser.add_argument("--format", dest="fmt", default="geojson", help=", ".join(FORMATS))
        parser.add_argument("-o", "--output", required=True, help="the file to write")

    def handle(
        self,
        *args,
        indicator,
        period,
        method,
        measure,
        weights,
        permutations,
        seed,
        fdr,
        periods,
        area,
        user,
        public,
        fmt,
        output,
        **options,
    ):
        if fmt not in FORMATS:
            raise CommandError(f"--format {fmt!r}: use one of {', '.join(FORMATS)}.")
        unit = AdminUnit.objects.filter(code=area).first() if area else None
        if area and unit is None:
            raise CommandError(f"--area {area!r}: no unit has this official code.")
        account = None
        if user:
            account = get_user_model().objects.filter(username=user).first()
            if account is None:
                raise CommandError(f"--user {user!r}: no such account.")
            if unit is not None and not Area.of(account).contains(unit):
                raise CommandError(f"--area {area!r}: outside the areas of {user!r}.")
        scope = Area.of_codes([area]) if area else (Area.of(account) if account else Area.everything())
        try:
            result = hotspots_compute(
                indicator_code=indicator,
                period=Period.parse(period),
                method=method,
                measure=measure,
                weights=Weights.parse(weights),
                permutations=permutations,
                seed=seed,
                fdr=fdr,
                periods=periods,
                area=scope,
            )
            result = hotspots_shown(result, protection=disclosure_for(user=account, public=public))
        except AppError as exc:
            raise CommandError(str(exc)) from None
        text = _geojson(result) if fmt == "geojson" else _csv(result)
        Path(output).write_text(text, encoding="utf-8")
        if options.get("verbosity", 1):
            tested = sum(row.p_value is not None for row in result.rows)
            self.stdout.write(
                f"{result.method} on {result.measure} of {result.indicator.code} in {result.period.key()}: "
                f"{len(result.rows):,} communes ({tested:,} tested, "
                f"{len(result.islands):,} islands) → {output}"
            )
