"""The knowledge page's periods: whole months, how far back the rows reach, the default."""

from __future__ import annotations

import datetime as dt

from .figures import Period

MONTHS_BACK = 24  # how far back the rows reach (the page's period picker offers as much)
MONTHS_AHEAD = 12
DEFAULT_BACK, DEFAULT_AHEAD = 5, 6  # the default period: 12 months around this one


def add_months(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def default_period(today: dt.date) -> Period:
    this = today.replace(day=1)
    return Period(add_months(this, -DEFAULT_BACK), add_months(this, DEFAULT_AHEAD))
