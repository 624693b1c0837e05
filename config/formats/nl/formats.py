"""Dutch as written in Flanders: 20/01/2026, 14:30, 24.426 and 3,5."""

from django.conf.locale.nl.formats import *  # noqa: F403

SHORT_DATE_FORMAT = "d/m/Y"  # '20/01/2026' (Django's nl uses the Netherlands' '20-1-2026')
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
