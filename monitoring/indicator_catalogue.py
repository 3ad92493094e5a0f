"""The indicators provinces report monthly, as seeded into the ``Indicator`` table.

Plain data (no Django imports) so migrations, the demo builder and tests share it.
Each entry: code, Vietnamese name, English name, unit of measure, sensitive, part of.
``FLOWS`` are summed over a quarter or year; the others are stocks (last month's value).
"""

FLOWS = {"relapses", "offenders_arrested", "drug_plants_destroyed", "drug_crop_area_destroyed"}

INDICATORS: list[tuple[str, str, str, str, bool, str | None]] = [
    (
        "illegal_users",
        "Người sử dụng trái phép chất ma túy",
        "Illegal drug users",
        "người",
        True,
        None,
    ),
    (
        "addicts_managed",
        "Người nghiện có hồ sơ quản lý",
        "Addicts with management records",
        "người",
        True,
        "illegal_users",
    ),
    (
        "methadone",
        "Người điều trị thay thế bằng Methadone",
        "Methadone (opioid substitution) patients",
        "người",
        True,
        "addicts_managed",
    ),
    (
        "rehab_community",
        "Cai nghiện tự nguyện tại gia đình, cộng đồng",
        "Voluntary rehab at home or in the community",
        "người",
        True,
        "addicts_managed",
    ),
    (
        "rehab_facility",
        "Cai nghiện tự nguyện tại cơ sở",
        "Voluntary rehab at a facility",
        "người",
        True,
        "addicts_managed",
    ),
    (
        "rehab_compulsory",
        "Cai nghiện bắt buộc",
        "Compulsory rehab",
        "người",
        True,
        "addicts_managed",
    ),
    (
        "post_rehab",
        "Người được quản lý sau cai nghiện",
        "People under post-rehab management",
        "người",
        True,
        None,
    ),
    ("relapses", "Người tái nghiện", "Relapses", "người", True, None),
    ("hotspots", "Tụ điểm, điểm phức tạp về ma túy", "Drug hotspots", "điểm", False, None),
    (
        "offenders_arrested",
        "Người phạm tội về ma túy bị bắt giữ",
        "Drug offenders arrested",
        "người",
        True,
        None,
    ),
    (
        "drug_plants_destroyed",
        "Cây có chứa chất ma túy bị phá bỏ",
        "Drug plants destroyed",
        "cây",
        False,
        None,
    ),
    (
        "drug_crop_area_destroyed",
        "Diện tích trồng cây có chứa chất ma túy bị phá bỏ",
        "Drug crop area destroyed",
        "m²",
        False,
        None,
    ),
    (
        "whereabouts_unknown",
        "Người bỏ đi khỏi địa phương không rõ nơi cư trú",
        "People gone with unknown whereabouts",
        "người",
        True,
        None,
    ),
]
