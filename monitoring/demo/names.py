"""Vietnamese-looking place and business names for the demo (never real units)."""

import numpy as np

__all__ = ["NameMaker"]

FIRST = [
    "An",
    "Bình",
    "Đại",
    "Điện",
    "Duy",
    "Hòa",
    "Quế",
    "Tam",
    "Tiên",
    "Trà",
    "Phước",
    "Thăng",
    "Sơn",
    "Tân",
    "Cẩm",
    "Xuân",
    "Hiệp",
    "Ba",
    "Kỳ",
    "Đông",
    "Tây",
    "Nam",
    "Bắc",
    "Phú",
    "Quang",
    "Thạnh",
    "Lộc",
    "Minh",
    "Vĩnh",
    "Hương",
]
SECOND = [
    "An",
    "Hòa",
    "Thạnh",
    "Phú",
    "Lộc",
    "Sơn",
    "Hiệp",
    "Trung",
    "Tân",
    "Mỹ",
    "Xuân",
    "Phong",
    "Thọ",
    "Lãnh",
    "Quang",
    "Thuận",
    "Cường",
    "Tiến",
    "Bình",
    "Châu",
    "Hưng",
    "Long",
    "Ninh",
    "Dương",
    "Hải",
    "Giang",
    "Khương",
    "Lợi",
    "Nghĩa",
    "Thái",
]
BUSINESS = [
    "Hoàng Gia",
    "Ánh Dương",
    "Sao Mai",
    "Thiên Đường",
    "Hoa Sen",
    "Biển Xanh",
    "Phố Cổ",
    "Bình Minh",
    "Hương Quê",
    "Ngọc Lan",
    "Kim Long",
    "Thanh Xuân",
    "Hồng Nhung",
    "Phương Nam",
    "Sông Hàn",
    "Mây Hồng",
    "Tuấn Anh",
    "Minh Châu",
    "Bảo Ngọc",
    "Hải Đăng",
]
STREETS = [
    "Hùng Vương",
    "Lê Lợi",
    "Trần Phú",
    "Phan Chu Trinh",
    "Nguyễn Huệ",
    "Quang Trung",
    "Hai Bà Trưng",
    "Lý Thường Kiệt",
    "Bạch Đằng",
    "Điện Biên Phủ",
    "Nguyễn Trãi",
]


class NameMaker:
    """Draws names from a seeded generator; unit names are unique within one maker."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def place(self) -> str:
        for _ in range(10_000):
            name = f"{self.rng.choice(FIRST)} {self.rng.choice(SECOND)}"
            if name not in self.used and name.split()[0] != name.split()[1]:
                self.used.add(name)
                return name
        raise RuntimeError("ran out of demo place names")

    def business(self, label: str, number: int) -> str:
        return f"{label} {self.rng.choice(BUSINESS)} {number}"

    def address(self, commune: str) -> str:
        return f"{int(self.rng.integers(1, 400))} {self.rng.choice(STREETS)}, {commune}"
