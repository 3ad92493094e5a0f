"""Seed the criteria sets of QĐ 28/2025/QĐ-TTg and QĐ 3122/2010/QĐ-BCA.

Only what the domain brief states is confirmed. Everything else is a flagged
placeholder (``confirmed=False`` with the note below) and its threshold stays empty
where the text gives none: an administrator enters it from the legal text.

Criterion (a) of QĐ 28/2025 reads ``illegal_users`` alone: ``addicts_managed`` is a part
of ``illegal_users`` in the indicator catalogue, so summing the two would count every
managed addict twice.
"""

from decimal import Decimal

from django.db import migrations

UNCONFIRMED = "chưa xác nhận — cần quản trị viên nhập theo văn bản"
HOTSPOTS_NOTE = "Địa điểm tổ chức, chứa chấp ≈ chỉ tiêu “tụ điểm, điểm phức tạp về ma túy” (hotspots)."
USERS_NOTE = (
    "Đọc illegal_users: người nghiện có hồ sơ quản lý (addicts_managed) là một phần của "
    "người sử dụng trái phép, cộng cả hai sẽ đếm trùng."
)


def leaf(letter, kind, description, codes=(), threshold=None, upper=None, *, confirmed, note=""):
    return {
        "letter": letter,
        "kind": kind,
        "description": description,
        "indicator_codes": list(codes),
        "threshold": None if threshold is None else Decimal(threshold),
        "upper_bound": None if upper is None else Decimal(upper),
        "confirmed": confirmed,
        "note": note if confirmed else " ".join(filter(None, [UNCONFIRMED, note])),
    }


def composite(letter, kind, description, parts, *, confirmed):
    return leaf(letter, kind, description, confirmed=confirmed) | {"parts": parts}


def route(letter, n, *, confirmed, other="type_3"):
    """(đ): meets at least ``n`` criteria of ``other`` and lies on a key drug route."""
    return composite(
        letter,
        "all_of",
        f"Đáp ứng {'từ ' + n if n else 'số'} tiêu chí của xã loại III trở lên và nằm trên tuyến trọng điểm về ma túy",
        [
            leaf(f"{letter}.1", "meets_rule", "Đáp ứng tiêu chí của xã loại III", (), n, confirmed=confirmed)
            | {"other": other},
            leaf(f"{letter}.2", "key_route", "Nằm trên tuyến trọng điểm về ma túy", confirmed=confirmed),
        ],
        confirmed=confirmed,
    )


def crops(letter, plants, area, area_upper=None, *, confirmed):
    return composite(
        letter,
        "any_of",
        "Phá bỏ cây có chứa chất ma túy (số cây hoặc diện tích)",
        [
            leaf(
                f"{letter}.1",
                "count",
                "Số cây bị phá bỏ",
                ["drug_plants_destroyed"],
                plants,
                confirmed=confirmed,
            ),
            leaf(
                f"{letter}.2",
                "count",
                "Diện tích bị phá bỏ",
                ["drug_crop_area_destroyed"],
                area,
                area_upper,
                confirmed=confirmed,
            ),
        ],
        confirmed=confirmed,
    )


def users(threshold, *, confirmed):
    return leaf(
        "a",
        "share",
        "Người nghiện, người sử dụng trái phép chất ma túy có hồ sơ quản lý / dân số (%)",
        ["illegal_users"],
        threshold,
        confirmed=confirmed,
        note=USERS_NOTE,
    )


def places(threshold, upper=None, *, confirmed):
    description = "Địa điểm tổ chức, chứa chấp sử dụng trái phép chất ma túy"
    return leaf(
        "b", "count", description, ["hotspots"], threshold, upper, confirmed=confirmed, note=HOTSPOTS_NOTE
    )


def offenders(threshold, upper=None, *, confirmed):
    description = "Người phạm tội về ma túy bị bắt giữ / dân số (%)"
    return leaf("c", "share", description, ["offenders_arrested"], threshold, upper, confirmed=confirmed)


QD28 = {
    "scheme": "qd28_2025",
    "name": "Tiêu chí địa bàn trọng điểm và địa bàn không ma túy",
    "legal_reference": "Quyết định số 28/2025/QĐ-TTg của Thủ tướng Chính phủ",
    "valid_from": 2025,
    "rules": [
        (
            "type_1",
            3,
            [
                users("0.5", confirmed=True),
                places("2", confirmed=True),
                offenders("0.1", confirmed=True),
                crops("d", "3000", "750", confirmed=True),
                route("đ", "2", confirmed=True),
            ],
        ),
        (
            "type_2",
            3,
            [
                users(None, confirmed=False),
                places("1", "2", confirmed=False),
                offenders("0.05", "0.1", confirmed=False),
                crops("d", None, "125", "750", confirmed=False),
                route("đ", None, confirmed=False),
            ],
        ),
        (
            "type_3",
            1,
            [
                users(None, confirmed=False),
                places(None, confirmed=False),
                offenders(None, confirmed=False),
                crops("d", None, None, confirmed=False),
            ],
        ),
        (
            "drug_free",
            None,
            [
                leaf(
                    "a",
                    "zero",
                    "Không có người sử dụng trái phép chất ma túy",
                    ["illegal_users"],
                    confirmed=False,
                ),
                leaf("b", "zero", "Không có người nghiện ma túy", ["addicts_managed"], confirmed=False),
                leaf(
                    "c", "zero", "Không có người phạm tội về ma túy", ["offenders_arrested"], confirmed=False
                ),
            ],
        ),
    ],
}


def qd3122_rule(threshold_addicts, threshold_hotspots, threshold_area, *, confirmed):
    area_note = "Đọc diện tích cây có chứa chất ma túy bị phá bỏ (chỉ tiêu gần nhất)."
    return [
        leaf(
            "a",
            "count",
            "Người nghiện có hồ sơ quản lý",
            ["addicts_managed"],
            threshold_addicts,
            confirmed=confirmed,
        ),
        leaf("b", "count", "Tụ điểm ma túy", ["hotspots"], threshold_hotspots, confirmed=confirmed),
        leaf(
            "c",
            "count",
            "Diện tích trồng cây có chứa chất ma túy (m²)",
            ["drug_crop_area_destroyed"],
            threshold_area,
            confirmed=confirmed,
            note=area_note,
        ),
    ]


QD3122 = {
    "scheme": "qd3122_2010",
    "name": "Tiêu chí xã, phường, thị trấn trọng điểm về ma túy",
    "legal_reference": "Quyết định số 3122/2010/QĐ-BCA của Bộ Công an",
    "valid_from": 2010,
    "rules": [
        ("type_1", 1, qd3122_rule("100", "5", "2000", confirmed=True)),
        ("type_2", 1, qd3122_rule(None, None, None, confirmed=False)),
        ("type_3", 1, qd3122_rule(None, None, None, confirmed=False)),
    ],
}


def seed(apps, schema_editor):
    CriteriaSet = apps.get_model("monitoring", "CriteriaSet")
    ClassRule = apps.get_model("monitoring", "ClassRule")
    Criterion = apps.get_model("monitoring", "Criterion")
    for data in (QD28, QD3122):
        fields = {k: v for k, v in data.items() if k != "rules"}
        criteria_set = CriteriaSet.objects.create(**fields, active=True)
        rules = {
            drug_class: ClassRule.objects.create(
                criteria_set=criteria_set, drug_class=drug_class, min_criteria=minimum, order=order
            )
            for order, (drug_class, minimum, _) in enumerate(data["rules"], 1)
        }

        def create(spec, rule, parent, order, rules=rules):
            fields = {k: v for k, v in spec.items() if k not in ("parts", "other")}
            other = rules[spec["other"]] if "other" in spec else None
            criterion = Criterion.objects.create(
                class_rule=rule, parent=parent, other_rule=other, order=order, **fields
            )
            for part_order, part in enumerate(spec.get("parts", []), 1):
                create(part, rule, criterion, part_order)

        for drug_class, _, criteria in data["rules"]:
            for order, spec in enumerate(criteria, 1):
                create(spec, rules[drug_class], None, order)


def unseed(apps, schema_editor):
    apps.get_model("monitoring", "CriteriaSet").objects.filter(
        scheme__in=["qd28_2025", "qd3122_2010"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0005_criteria_sets")]

    operations = [migrations.RunPython(seed, unseed)]
