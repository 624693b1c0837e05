"""Dutch as written in Flanders: 20/01/2026, 14:30, 24.426 and 3,5."""

from django.conf.locale.nl.formats import *  # noqa: F403

DATE_FORMAT = "d/m/Y"  # '20/01/2026': one form of date per language (config/formats/__init__.py)
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "d/m/Y H:i"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
