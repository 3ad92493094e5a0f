"""A small set of communes for the import tests: prefixes, diacritics, a name shared by
two communes in different districts, and a retired commune."""

import datetime

from geo.models import Level
from tests import factories

SQUARE = "POLYGON(({x} {y}, {x1} {y}, {x1} {y1}, {x} {y1}, {x} {y}))"


def square(x: float, y: float, size: float = 0.01) -> str:
    return SQUARE.format(x=x, y=y, x1=x + size, y1=y + size)


COMMUNES = [
    # code, name, district index
    ("10001", "Xã Hòa Bình", 0),
    ("10002", "Phường Hải Châu", 0),
    ("10003", "Thị trấn Ái Nghĩa", 0),
    ("10004", "Xã An Phú", 0),
    ("10005", "Phường An Phú", 1),
    ("10006", "Xã Đông Sơn", 1),
]


def build_units() -> dict[str, object]:
    """Province 98, districts 981/982, the communes above and a retired 10009."""
    province = factories.unit("98", square(105.0, 20.0, 0.1), level=Level.PROVINCE, name="Tỉnh Thử")
    districts = [
        factories.unit(
            "981", square(105.0, 20.0, 0.05), level=Level.DISTRICT, parent=province, name="Huyện Một"
        ),
        factories.unit(
            "982", square(105.05, 20.0, 0.05), level=Level.DISTRICT, parent=province, name="Huyện Hai"
        ),
    ]
    units = {"98": province, "981": districts[0], "982": districts[1]}
    for number, (code, name, district) in enumerate(COMMUNES):
        units[code] = factories.unit(
            code,
            square(105.0 + 0.05 * district + 0.01 * (number % 4), 20.0),
            parent=districts[district],
            name=name,
        )
    units["10009"] = factories.unit(
        "10009",
        square(105.0, 20.02),
        parent=districts[0],
        name="Xã Cũ",
        valid_to=datetime.date(2025, 7, 1),
    )
    return units
