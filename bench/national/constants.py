"""Sizes, seeds, dates, targets and vocabulary of the national data set (shared by
every national-scale measurement)."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "bench" / "results"
RUNS = int(os.environ.get("BENCH_RUNS", "20"))
SEED = 2026

# Each part of the data set carries a version: change it when that part's generator
# changes and the next run rebuilds that part (and every part after it).
PART_VERSIONS = {
    "units": "units-v1",
    "establishments": "establishments-v2",
    "counselling_points": "counselling-points-v1",
    "counts": "counts-v1",
}

# --- boundaries ---------------------------------------------------------------------------
# Pre-2025 layout: square commune cells (about 6 km) cut by the land, districts of 4 × 4
# cells, districts grouped into provinces. From 1 July 2025: provinces merged (mostly in
# pairs), communes merged in groups of about three adjacent old ones, a few old
# communes split between two new ones.
CELL = 0.0536  # degrees: 10,644 communes on the land
DISTRICT_CELLS = 4  # 809 districts
OLD_PROVINCES = 63
NEW_PROVINCES = 34
NEW_COMMUNES = 3_321
SPLIT_SHARE = 0.06  # share of new-commune seams where an old commune is split in two
OLD_VALID_FROM = "2008-08-01"
CHANGEOVER = "2025-07-01"  # old units' valid_to, new units' valid_from
NEW_PHUONG = 687
NEW_DAC_KHU = 13

# --- places -------------------------------------------------------------------------------
N_ESTABLISHMENTS = 1_000_000
N_INSPECTED = 200_000  # establishments with 1-3 inspections each: about 320,000 inspections
N_COUNSELLING_POINTS = 2_000

# --- case counts ----------------------------------------------------------------------------
# Ten years of months on the old communes, ending with the last month before the changeover.
FIRST_MONTH = "2015-07-01"
MONTHS = 120
COUNT_INDICATORS = [
    "illegal_users",
    "addicts_managed",
    "methadone",
    "rehab_community",
    "rehab_facility",
    "rehab_compulsory",
    "post_rehab",
    "relapses",
    "hotspots",
    "offenders_arrested",
    "drug_plants_destroyed",
    "drug_crop_area_destroyed",
]
MAP_PERIOD = "2025-06"  # the period the choropleth and the crosswalk history show

# --- establishments: towns and vocabulary ----------------------------------------------------
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
