"""Day numbers (the timeline's unit) and readable dates, without Qt or pandas.

A day number is ``Day.ordinal``: 0001-01-01 is 1, earlier days (BC) are zero or negative.
Frames, intervals and the viewport all speak it, so no view is limited to the years a
nanosecond timestamp can hold. The writing itself lives in model.day_text (the exported
image writes dates the same way).
"""
from model.day_text import (MONTHS, as_day, day_number, day_of, format_day,  # noqa: F401
                            format_interval, month_label)
