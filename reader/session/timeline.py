"""The timeline above the article list: how many of the shown articles fall in each day, week,
month or year, and the filter terms that show one of those periods, or a run of them.

No Textual here (reader.ui.widgets.timeline draws it). It is built from each row's packed date
(`CollectionIndex.sort_keys`, 8 bytes an article, read once per snapshot instead of the rows
themselves) and the visible positions, and looks at only a few dozen of them however many there
are: the rows are in sidebar order (newest first, undated last) and the positions ascend, so an
article's first day never grows along the positions, and a bucket's count is the distance between
two binary searches.

An article counts in the bucket of its *first* day: "2024-03" in March's first day, "2024" in
January's. The filter (reader.query.dates) compares an article's whole range of days, so
``date:2024-01`` leaves out an article dated only "2024": when the buckets picked hold such an
article whose range reaches past their end, the terms end with ``-after:`` (the first day is not
after the end) instead of ``before:`` (the last day is before the next period), so that the
filter still shows exactly the articles counted.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, date, timedelta
from functools import lru_cache
from typing import Literal

from reader.query.editing import TERM, narrowed

Unit = Literal["day", "week", "month", "year"]

#: A sort key packs hours and minutes below the day: ``key // UNDER_DAY`` is (year*13+month)*32+day
#: (month and day 0 when unknown); undated rows have the key -1 (reader.index.records.sort_key).
UNDER_DAY = 25 * 61

#: The finest unit whose buckets fit the width is used, and no more buckets of it than these: a
#: year of days is too fine to read. Past them (or the width) years are used, several a bucket
#: when even years do not fit.
MAX_BUCKETS: dict[Unit, int] = {"day": 62, "week": 53, "month": 180}


@dataclass(frozen=True, slots=True)
class Bucket:
    """One period of the timeline: its first and last day and how many shown articles begin in it."""

    start: date
    end: date
    count: int
    label: str


@dataclass(frozen=True)
class Timeline:
    """The shown articles per period, oldest first; the undated ones are only counted."""

    unit: Unit
    buckets: tuple[Bucket, ...]
    undated: int
    #: Years per bucket (1 unless even years are more than the width).
    step: int = 1
    #: Per bucket: the first day of the latest article whose range of days goes past the bucket's end
    #: (dated only "2024-03" or "2024"), None when there is none. A run of buckets ending here and
    #: starting on or before that day needs exact terms (see the module's docstring).
    reaches_past: tuple[date | None, ...] = ()

    @property
    def dated(self) -> int:
        return sum(bucket.count for bucket in self.buckets)

    @property
    def peak(self) -> int:
        return max((bucket.count for bucket in self.buckets), default=0)

    def count(self, first: int, last: int) -> int:
        """Articles in buckets ``first`` to ``last`` (either order, both included)."""
        first, last = sorted((first, last))
        return sum(bucket.count for bucket in self.buckets[first : last + 1])

    def label(self, first: int, last: int) -> str:
        """The period of buckets ``first`` to ``last`` in words: "2024-12", "2024-12-02 – 2025-01-05"."""
        first, last = sorted((first, last))
        if first == last:
            return self.buckets[first].label
        start, end = self.buckets[first].start, self.buckets[last].end
        return f"{_period(start, self._precision)} – {_period(end, self._precision)}"

    def terms(self, first: int, last: int) -> str:
        """The filter terms that show exactly the articles of buckets ``first`` to ``last``.

        One period is ``date:2024-12`` (``date:2024``, ``date:2024-12-05``); a week or a run is
        ``after:`` the period before it and ``before:`` the one after it, e.g. Dec 2 – Dec 8 is
        ``after:2024-12-01 before:2024-12-09``; see the module's docstring for ``-after:``.
        """
        first, last = sorted((first, last))
        start, end = self.buckets[first].start, self.buckets[last].end
        precision = self._precision
        reaching = self.reaches_past[last] if self.reaches_past else None
        exact_end = reaching is not None and start <= reaching
        if first == last and not exact_end and self.unit != "week" and self.step == 1:
            return f"date:{_period(start, precision)}"
        terms = []
        if start > date.min:
            terms.append(f"after:{_period(start - timedelta(days=1), precision)}")
        if exact_end:
            terms.append(f"-after:{_period(end, precision)}")
        elif end < date.max:
            terms.append(f"before:{_period(end + timedelta(days=1), precision)}")
        return " ".join(terms)

    @property
    def _precision(self) -> Unit:
        """How periods are written in terms and labels: weeks in days."""
        return "day" if self.unit == "week" else self.unit


EMPTY = Timeline("day", (), 0)


def build_timeline(sort_keys: Sequence[int], positions: Sequence[int], width: int) -> Timeline:
    """The timeline of the articles ``positions`` shows (indexes into ``sort_keys``, each row's
    packed date in sidebar order, -1 undated; ascending), in at most ``width`` buckets."""
    count = len(positions)
    if not count:
        return EMPTY

    def undated(position: int) -> bool:
        return sort_keys[position] < 0

    def packed(position: int) -> int:
        return int(sort_keys[position]) // UNDER_DAY

    def later_first(position: int) -> int:  # grows along the positions
        return -_first_ordinal(packed(position))

    dated = bisect_left(positions, True, key=undated)
    if not dated:
        return Timeline("day", (), count)
    oldest = date.fromordinal(-later_first(positions[dated - 1]))
    newest = date.fromordinal(-later_first(positions[0]))
    unit, step, starts = _bucket_starts(oldest, newest, max(1, width))
    ends = [_bucket_end(unit, step, start) for start in starts]
    # How many dated articles begin on or after each bucket's start, newest bucket first (each
    # search starts where the newer one ended); none begins after the newest bucket.
    since = [0] * (len(starts) + 1)
    found = 0
    for number in range(len(starts) - 1, -1, -1):
        found = bisect_right(positions, -starts[number].toordinal(), found, dated, key=later_first)
        since[number] = found
    buckets = tuple(
        Bucket(start, end, since[number] - since[number + 1], _bucket_label(unit, step, start, end))
        for number, (start, end) in enumerate(zip(starts, ends, strict=True))
    )
    has_packed = _PackedLookup(positions, dated, packed)
    return Timeline(unit, buckets, count - dated, step, tuple(_reaching_past(end, has_packed) for end in ends))


class _PackedLookup:
    """Whether any shown article has a given packed day (a date known to the month or the year only)."""

    def __init__(self, positions: Sequence[int], dated: int, packed: Callable[[int], int]) -> None:
        self._positions = positions
        self._dated = dated
        self._packed = packed
        self._known: dict[int, bool] = {}

    def __call__(self, value: int) -> bool:
        known = self._known.get(value)
        if known is None:
            positions, packed = self._positions, self._packed
            at = bisect_left(positions, -value, 0, self._dated, key=lambda position: -packed(position))
            known = self._known[value] = at < self._dated and packed(positions[at]) == value
        return known


def _reaching_past(end: date, has_packed: Callable[[int], bool]) -> date | None:
    """The first day of the latest article beginning on or before ``end`` whose days go past it:
    one dated only by ``end``'s month (unless ``end`` is the month's last day), else one dated
    only by its year (unless ``end`` is 31 December)."""
    month_end = end.day == calendar.monthrange(end.year, end.month)[1]
    if not month_end and has_packed((end.year * 13 + end.month) * 32):
        return end.replace(day=1)
    if (end.month, end.day) != (12, 31) and has_packed(end.year * 13 * 32):
        return date(end.year, 1, 1)
    return None


@lru_cache(maxsize=4096)
def _first_ordinal(packed: int) -> int:
    """The ordinal of an article's first day from its packed day (an unknown month or day is the
    first; a day past the month's end, or a year out of range, is the nearest real one)."""
    rest, day = divmod(packed, 32)
    year, month = divmod(rest, 13)
    year = min(max(year, MINYEAR), MAXYEAR)
    month = month or 1
    day = min(max(day, 1), calendar.monthrange(year, month)[1])
    return date(year, month, day).toordinal()


def _bucket_starts(oldest: date, newest: date, width: int) -> tuple[Unit, int, list[date]]:
    """The unit, the years a bucket holds, and each bucket's first day: the finest unit whose
    buckets fit ``width`` (and `MAX_BUCKETS`)."""
    days = (newest - oldest).days + 1
    if days <= min(width, MAX_BUCKETS["day"]):
        return "day", 1, [oldest + timedelta(days=offset) for offset in range(days)]
    monday = oldest - timedelta(days=oldest.weekday())
    weeks = (newest - monday).days // 7 + 1
    if weeks <= min(width, MAX_BUCKETS["week"]):
        return "week", 1, [monday + timedelta(weeks=offset) for offset in range(weeks)]
    first_month = oldest.year * 12 + oldest.month - 1
    months = newest.year * 12 + newest.month - first_month
    if months <= min(width, MAX_BUCKETS["month"]):
        return "month", 1, [_month_start(first_month + offset) for offset in range(months)]
    step = next(step for step in _YEAR_STEPS if (newest.year - _aligned(oldest.year, step)) // step + 1 <= width)
    return "year", step, [date(year, 1, 1) for year in range(_aligned(oldest.year, step), newest.year + 1, step)]


#: Years a bucket may hold: round numbers, so that buckets start at round years (1990–1999).
_YEAR_STEPS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000)


def _aligned(year: int, step: int) -> int:
    """The first year of ``year``'s bucket when a bucket holds ``step`` years (2020 for 2023 in fives)."""
    return max(MINYEAR, year - year % step) if step > 1 else year


def _month_start(month_number: int) -> date:
    """The first day of a month counted from year 0 (year * 12 + month - 1)."""
    year, month = divmod(month_number, 12)
    return date(year, month + 1, 1)


def _bucket_end(unit: Unit, step: int, start: date) -> date:
    """A bucket's last day."""
    if unit == "day":
        return start
    if unit == "week":
        return date.fromordinal(min(start.toordinal() + 6, date.max.toordinal()))
    if unit == "month":
        return start.replace(day=calendar.monthrange(start.year, start.month)[1])
    return date(min(start.year + step - 1, MAXYEAR), 12, 31)


def _period(day: date, precision: Unit) -> str:
    """A day as a filter value at the unit's precision: 2024-12-05, 2024-12 or 2024."""
    if precision == "year":
        return f"{day.year:04d}"
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}"


def _bucket_label(unit: Unit, step: int, start: date, end: date) -> str:
    if unit == "week":
        return f"week of {_period(start, 'day')}"
    if unit == "year" and step > 1:
        return f"{start.year:04d}–{end.year:04d}"
    return _period(start, unit)


# -- the filter text ------------------------------------------------------------------------------

_DATE_TERM = re.compile(r'(-?)(after|before|date):"?([^\s()"]*)"?', re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Bounds:
    """What a run's terms ask of an article's range of days (YYYYMMDD, reader.query.dates):
    first day > ``above``, last day < ``below``, first day <= ``first_until`` (each None: no bound)."""

    above: int | None = None
    below: int | None = None
    first_until: int | None = None

    @classmethod
    def of(cls, terms: str) -> _Bounds:
        above = below = first_until = None
        for term in terms.split():
            found = _date_term(term)
            if found is None:
                continue
            excluded, field, (first, last) = found
            if excluded:  # (only -after: is made here)
                first_until = last
            elif field == "after":
                above = last
            elif field == "before":
                below = first
            else:
                above, below = first - 1, last + 1  # (YYYYMMDD integers: the order is all that counts)
        return cls(above, below, first_until)

    def imply(self, excluded: bool, field: str, first: int, last: int) -> bool:
        """Whether every dated article within these bounds passes the term (then it adds nothing)."""
        above, below, until = self.above, self.below, self.first_until
        if until is None and below is not None:
            until = below - 1  # the first day is never after the last
        if field == "after":
            return until is not None and until <= last if excluded else above is not None and above >= last
        if field == "before":
            return above is not None and above >= first - 1 if excluded else below is not None and below <= first
        if excluded:
            return (above is not None and above >= last) or (until is not None and until < first)
        return above is not None and above >= first - 1 and below is not None and below <= last + 1


def _date_term(token: str) -> tuple[bool, str, tuple[int, int]] | None:
    """A date term's parts (excluded, field, days); None for any other token, or a bad date."""
    from reader.query.dates import parse_date_value

    match = _DATE_TERM.fullmatch(token)
    days = parse_date_value(match.group(3)) if match else None
    if match is None or days is None:
        return None
    return bool(match.group(1)), match.group(2).lower(), days


def with_date_terms(text: str, terms: str) -> str:
    """The filter ``text`` with ``terms`` for its dates: its date terms (``after:``, ``before:``,
    ``date:``, excluded or not) give way to them, the rest is kept as typed.

    A date term the new ones do not imply stays: picking 2024 on the timeline of
    ``oil after:2024-06`` gives ``oil after:2024-06 date:2024``, the second half of 2024 that the
    bucket counted, not all of it. Only terms that stand on their own are considered: one in
    parentheses or beside an OR belongs to a group the user wrote. The rest is put in parentheses
    when it has an OR of its own (``a OR b date:2024`` would be ``a OR (b date:2024)``), and the
    terms go before it when it ends in a word the filter takes as a prefix ("energ" while
    typing): after it, the word would have to match whole.
    """
    bounds = _Bounds.of(terms)
    matches = list(TERM.finditer(text))
    tokens = [match.group() for match in matches]
    replaced: list[int] = []
    depth = 0
    for number, token in enumerate(tokens):
        if token == "(":
            depth += 1
        elif token == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and _DATE_TERM.fullmatch(token) and "OR" not in tokens[max(0, number - 1) : number + 2]:
            found = _date_term(token)
            if found is None or bounds.imply(found[0], found[1], *found[2]):
                replaced.append(number)
    edges = [0, *(edge for number in replaced for edge in matches[number].span()), len(text)]
    pieces = (text[edges[at] : edges[at + 1]].strip() for at in range(0, len(edges), 2))
    rest = " ".join(piece for piece in pieces if piece)
    return narrowed(rest, terms, text)
