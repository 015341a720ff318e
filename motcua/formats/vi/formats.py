# Vietnamese number and date formats: 3.321 and 1.234.567,5; dates dd/mm/yyyy.
from django.conf.locale.vi.formats import *  # noqa: F403

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
