"""Sizes, seeds, targets and vocabulary of the national establishment data set."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUNS = int(os.environ.get("BENCH_RUNS", "20"))
SEED = 2026
DATASET_VERSION = "establishments-v1"  # change when the builder changes: forces a rebuild

N_ESTABLISHMENTS = 1_000_000
N_INSPECTED = 200_000  # establishments with 1-3 inspections each: about 300,000 inspections
CELL = 0.055  # commune cell in degrees (about 6 km): about 10,000 communes on the land
DISTRICT_CELLS = 4  # a district is 4 × 4 commune cells: 773 districts
PROVINCE_DISTRICTS = 5  # a province is 5 × 5 district cells (cut by the land): 54 provinces
VALID_FROM = "2020-01-01"

TARGET_PAGE_MS = 100
TARGET_COUNTS_MS = 200

# Towns (lon, lat, share of the clustered establishments, spread in degrees). The first
# is the dense area where the polygon, radius and map extent are drawn.
TOWNS = [
    (105.8412, 21.0245, 0.09, 0.08),  # Hà Nội
    (106.6602, 10.7626, 0.11, 0.10),  # TP Hồ Chí Minh
    (108.2022, 16.0544, 0.04, 0.05),  # Đà Nẵng
    (106.6881, 20.8449, 0.035, 0.05),  # Hải Phòng
    (105.7469, 10.0452, 0.03, 0.05),  # Cần Thơ
    (106.8230, 10.9574, 0.03, 0.05),  # Biên Hoà
    (109.1967, 12.2388, 0.02, 0.04),  # Nha Trang
    (107.0843, 10.3460, 0.02, 0.04),  # Vũng Tàu
    (107.5909, 16.4637, 0.02, 0.04),  # Huế
    (105.6813, 18.6796, 0.02, 0.04),  # Vinh
    (107.0448, 20.9712, 0.02, 0.04),  # Hạ Long
    (108.4583, 11.9404, 0.015, 0.03),  # Đà Lạt
]
DENSE = TOWNS[0][:2]
N_OTHER_TOWNS = 60  # province towns at random places on the land
CLUSTERED_SHARE = 0.7

TYPES_WEIGHTS = {
    "karaoke": 0.22,
    "cafe": 0.2,
    "guesthouse": 0.14,
    "hotel": 0.1,
    "massage": 0.1,
    "bar": 0.07,
    "hair_wash": 0.07,
    "discotheque": 0.02,
    "sauna": 0.03,
    "other": 0.05,
}
TYPE_PREFIX = {
    "karaoke": "Karaoke",
    "cafe": "Cà phê",
    "guesthouse": "Nhà nghỉ",
    "hotel": "Khách sạn",
    "massage": "Massage",
    "bar": "Bar",
    "hair_wash": "Gội đầu",
    "discotheque": "Vũ trường",
    "sauna": "Xông hơi",
    "other": "Cơ sở",
}
NAME_WORDS = (  # noqa: SIM905 (easier to read and edit)
    "An Bình Hoa Mai Hồng Lan Ngọc Phương Sao Mai Thanh Xuân Hải Âu Hoàng Gia Kim Long "
    "Minh Châu Phú Quý Tâm An Thiên Ân Trăng Vàng Vạn Phúc Bình Minh Đông Hải Tây Sơn "
    "Hương Sen Ánh Dương Bạch Đằng Cẩm Tú Hạ Long Lam Sơn Nam Phong Phượng Hồng Sông Hàn"
).split()
