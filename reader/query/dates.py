"""Dates as closed day ranges, so that filters respect how precisely a date is known.

A date known to precision P covers every day of that period: "2024" is 2024-01-01..2024-12-31,
"2024-06" is 2024-06-01..2024-06-30. Days are encoded as sortable integers YYYYMMDD; an
unknown month or day widens the range (01..12, 01..31), which compares correctly even for
months shorter than 31 days.

Filter semantics (both the article and the filter value are ranges):

* ``after:X``  — the article's whole range is after X's whole range (strictly: after:2024-06
  starts at 2024-07-01; an article dated just "2024" does not match).
* ``before:X`` — the article's whole range ends before X's range starts (before:2025 ends at
  2024-12-31; an article dated "2025-01" does not match).
* ``date:X``   — the article's whole range lies within X's range (date:2025-05 matches
  2025-05-13 and "2025-05" but not a bare "2025"; date:2025 matches all three).

An undated article matches none of them; ``-after:X`` is simply "not after X", so it does
match undated articles.
"""

from __future__ import annotations

import calendar
import re

from reader.model import ArticleDate

_VALUE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def day_range(year: int, month: int | None = None, day: int | None = None) -> tuple[int, int]:
    """(first day, last day) of the period as YYYYMMDD integers."""
    base = year * 10000
    if month is None:
        return base + 101, base + 1231
    if day is None:
        return base + month * 100 + 1, base + month * 100 + 31
    value = base + month * 100 + day
    return value, value


def article_range(date: ArticleDate | None) -> tuple[int, int] | None:
    if date is None:
        return None
    return day_range(date.year, date.month, date.day)


def parse_date_value(text: str) -> tuple[int, int] | None:
    """'2024', '2024-06' or '2024-06-05' to a day range; None when malformed or impossible."""
    match = _VALUE.fullmatch(text.strip())
    if not match:
        return None
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if match.group(3) else None
    if year < 1 or (month is not None and not 1 <= month <= 12):
        return None
    if day is not None and month is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return day_range(year, month, day)


def range_matches(op: str, article: tuple[int, int] | None, value: tuple[int, int]) -> bool:
    if article is None:
        return False
    if op == "after":
        return article[0] > value[1]
    if op == "before":
        return article[1] < value[0]
    return value[0] <= article[0] and article[1] <= value[1]  # "date"
