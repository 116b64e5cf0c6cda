# Django's Russian formats, with a two-digit hour and a genitive month for "23 ноября".
from django.conf.locale.ru.formats import *  # noqa: F403

DATETIME_FORMAT = "j E Y г., H:i"
MONTH_DAY_FORMAT = "j E"
