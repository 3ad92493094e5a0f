"""English formats: 1,234,567.8 and ISO-like dates, as used in Vietnamese offices."""

DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "Y-m-d"
YEAR_MONTH_FORMAT = "M Y"
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
FIRST_DAY_OF_WEEK = 1
