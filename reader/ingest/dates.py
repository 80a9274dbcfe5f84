"""Publication dates as written in article text, kept to the precision they state.

Nothing is ever filled in: a date without a year is no date, the clock never
supplies a part, and an impossible date ("2025-02-30") is rejected, not corrected.

Ambiguous numeric dates follow one rule, day first: "03/04/2024" is 3 April 2024;
"03/25/2024", impossible day first, is read month first (25 March is the only
reading). ISO order (2024/03/04, 2024-03-04) is always year-month-day.
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, datetime

from reader.model import ArticleDate

_MONTH_WORDS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "january jan янв январь января januar jänner janvier enero",
        "february feb febr фев февраль февраля februar février fevrier febrero",
        "march mar мар март марта märz mars marzo",
        "april apr апр апрель апреля avril abril",
        "may май мая mai mayo",
        "june jun jun. июн июнь июня juni juin junio",
        "july jul июл июль июля juli juillet julio",
        "august aug авг август августа août aout agosto",
        "september sep sept сен сент сентябрь сентября septembre septiembre",
        "october oct окт октябрь октября oktober octobre octubre",
        "november nov ноя нояб ноябрь ноября novembre noviembre",
        "december dec дек декабрь декабря dezember décembre decembre diciembre",
    ),
    start=1,
):
    for _name in _names.split():
        _MONTH_WORDS[_name.rstrip(".")] = _number

_MONTH = r"(?P<{name}>" + "|".join(sorted(map(re.escape, _MONTH_WORDS), key=len, reverse=True)) + r")\.?"
# Which month a matched name is, decided by the same engine and flags as DATE_PATTERN: re.IGNORECASE
# uses simple case folding, so it accepts "Auguſt" (long s), "JUNİ" (dotted İ) or "ᲂктябрь" (narrow o),
# which str.lower() does not bring back to a key of _MONTH_WORDS.
_MONTH_NAME = re.compile(
    r"\A(?:"
    + "|".join(
        f"(?P<m{number}>" + "|".join(re.escape(name) for name, n in _MONTH_WORDS.items() if n == number) + ")"
        for number in range(1, 13)
    )
    + ")",
    re.IGNORECASE,
)  # fullmatch only (\A keeps a search from trying every position)
_WEEKDAY_NAMES = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thurs|fri|sat|sun"
    r"|понедельник|вторник|среда|четверг|пятница|суббота|воскресенье"
    r"|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
    r"|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag"
    r"|lunes|martes|miércoles|miercoles|jueves|viernes|sábado|sabado|domingo)"
)
_WEEKDAY = r"(?:" + _WEEKDAY_NAMES + r"\.?,?\s+)?"
#: A weekday's name alone, in any language the dates are read in ("MONDAY" in a dateline).
WEEKDAY_NAME = re.compile(_WEEKDAY_NAMES + r"\.?", re.IGNORECASE)  # fullmatch only
_DAY = r"(?P<{name}>[0-3]?\d)(?:st|nd|rd|th|er)?"  # "1er mars"
_YEAR = r"(?P<{name}>\d{{4}})"
ZONES = (
    "UTC",
    "GMT",
    "BST",
    "CET",
    "CEST",
    "EET",
    "EEST",
    "MSK",
    "IRST",
    "IST",
    "EST",
    "EDT",
    "CST",
    "CDT",
    "MST",
    "MDT",
    "PST",
    "PDT",
    "ET",
    "PT",
    "JST",
    "KST",
    "HKT",
    "SGT",
    "AEST",
    "AEDT",
    "WIB",
    "Z",
)
_TIME = (
    r"(?:\s*+(?:[-–—,|@•·]|\bat\b)?\s*+(?P<hour>[0-2]?\d)[:.h](?P<minute>[0-5]\d)(?::[0-5]\d)?"
    r"\s*(?P<ampm>[ap]\.?\s?m\.?)?(?![\w:])(?:\s*\(?(?:" + "|".join(ZONES) + r")(?:[+-]\d{1,2}(?::?\d\d)?)?\)?)?)?"
)
_ISO = (
    r"(?P<iso_year>\d{4})-(?P<iso_month>[01]\d)(?:-(?P<iso_day>[0-3]\d)"
    r"(?:[T ](?P<iso_hour>[0-2]\d):(?P<iso_minute>[0-5]\d)(?::[0-5]\d(?:[.,]\d+)?)?(?:Z|[+-]\d\d(?::?\d\d)?)?)?)?"
    r"(?![\d-])"
)
_YMD = r"(?P<ymd_year>\d{4})[/.](?P<ymd_month>[01]?\d)[/.](?P<ymd_day>[0-3]?\d)(?!\d)"
_NUMERIC = r"(?<![\d/.])(?P<num_a>[0-3]?\d)[/.](?P<num_b>[0-3]?\d)[/.](?P<num_year>\d{4})(?![\d/.])"
_MDY = (
    _WEEKDAY
    + _MONTH.format(name="mdy_month")
    + r"\s+"
    + _DAY.format(name="mdy_day")
    + r",?\s+"
    + _YEAR.format(name="mdy_year")
)
_DMY = (
    # "4th of March, 2024", "5. März 2024", "5 de marzo de 2024", "27 января 2025 года"
    _WEEKDAY
    + _DAY.format(name="dmy_day")
    + r"\.?\s+(?:of\s+|de\s+)?"
    + _MONTH.format(name="dmy_month")
    + r",?\s+(?:de\s+)?"
    + _YEAR.format(name="dmy_year")
    + r"(?:\s*(?:года|г\.))?"
)
_MY = _MONTH.format(name="my_month") + r",?\s+(?:de\s+)?" + _YEAR.format(name="my_year")  # "marzo de 2024"

# Every alternative starts with a letter or a digit: the lookahead turns every other position away
# at once instead of trying each alternative there. The possessive spaces before the time keep the
# two runs from sharing a long gap in every possible way.
DATE_PATTERN = re.compile(
    rf"(?<!\w)(?=\w)(?:{_ISO}|{_YMD}|{_NUMERIC}|{_MDY}|{_DMY}|{_MY})" + _TIME + r"(?!\w)",
    re.IGNORECASE,
)
_YEAR_ALONE = re.compile(r"\d{4}")  # fullmatched against a stripped line


def _valid(year: int, month: int | None, day: int | None) -> bool:
    if not 1 <= year <= 9999:
        return False
    if month is None:
        return day is None
    if not 1 <= month <= 12:
        return False
    return day is None or 1 <= day <= calendar.monthrange(year, month)[1]


def _time(match: re.Match[str]) -> tuple[int | None, int | None]:
    if match.group("iso_hour") is not None:
        hour, minute = int(match.group("iso_hour")), int(match.group("iso_minute"))
    elif match.group("hour") is not None:
        hour, minute = int(match.group("hour")), int(match.group("minute"))
        ampm = (match.group("ampm") or "").lower()
        if ampm:
            if not 1 <= hour <= 12:
                return None, None
            hour = hour % 12 + (12 if ampm.startswith("p") else 0)
    else:
        return None, None
    if hour > 23 or minute > 59:
        return None, None
    return hour, minute


def month_number(name: str) -> int:
    """The month of a name that DATE_PATTERN matched as one, in any case variant it accepts."""
    match = _MONTH_NAME.fullmatch(name)
    if match is None or match.lastgroup is None:
        raise ValueError(f"not a month name: {name!r}")
    return int(match.lastgroup[1:])


def date_from_match(match: re.Match[str]) -> ArticleDate | None:
    """The date a DATE_PATTERN match states, or None when it is impossible."""
    group = match.group
    if group("iso_year"):
        year, month = int(group("iso_year")), int(group("iso_month"))
        day = int(group("iso_day")) if group("iso_day") else None
    elif group("ymd_year"):
        year, month, day = int(group("ymd_year")), int(group("ymd_month")), int(group("ymd_day"))
    elif group("num_year"):
        first, second, year = int(group("num_a")), int(group("num_b")), int(group("num_year"))
        day, month = first, second  # day first ...
        if not _valid(year, month, day):
            day, month = second, first  # ... unless only month first is possible
    elif group("mdy_year"):
        year, month, day = int(group("mdy_year")), month_number(group("mdy_month")), int(group("mdy_day"))
    elif group("dmy_year"):
        year, month, day = int(group("dmy_year")), month_number(group("dmy_month")), int(group("dmy_day"))
    else:
        year, month, day = int(group("my_year")), month_number(group("my_month")), None
    if not _valid(year, month, day):
        return None
    hour, minute = _time(match) if day is not None else (None, None)
    return ArticleDate(year, month, day, hour, minute, written=match.group(0).strip(" ,-–—|"))


def find_date(text: str, start: int = 0, end: int | None = None) -> tuple[ArticleDate, re.Match[str]] | None:
    """The first valid date in ``text[start:end]``."""
    for match in DATE_PATTERN.finditer(text, start, len(text) if end is None else end):
        date = date_from_match(match)
        if date is not None:
            return date, match
    return None


def year_alone(line: str) -> ArticleDate | None:
    """A line that is just a four-digit year: year precision."""
    match = _YEAR_ALONE.fullmatch(line.strip())
    if match is None:
        return None
    year = int(match.group())
    return ArticleDate(year, written=match.group()) if _valid(year, None, None) else None


def rfc2822_date(written: str) -> ArticleDate | None:
    """A date as mail headers and RSS write it ("Thu, 12 Jun 2025 07:30:00 GMT"), to the minute
    as written (the zone is not applied); None when it is not one."""
    from email.utils import parsedate_to_datetime

    try:
        stamp = parsedate_to_datetime(written)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if stamp is None:
        return None
    return ArticleDate(stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, written=written)


# (the text is whitespace-folded first: no leading, trailing or repeated spaces)
_ISO_FIELD = re.compile(
    r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::\d{2}(?:\.\d{1,9})?)?)?)?)?"
    r" ?(?:Z|[+-]\d{2}:?\d{2}|UTC|GMT)?",
    re.IGNORECASE,
)
_TIMESTAMP = re.compile(r"\d{9,13}(?:\.\d{1,6})?")


def stated_date(written: str) -> ArticleDate | None:
    """A date a source states in a field of its own (a dataset's, a page's meta tag): ISO 8601 at
    its precision, RFC 2822, a Unix time in seconds or milliseconds, or any date the text parser
    finds ("5 March 2024"). None when there is none."""
    written = " ".join(written.split())[:100]
    if not written:
        return None
    if _TIMESTAMP.fullmatch(written):
        return date_from_timestamp(float(written), written)
    match = _ISO_FIELD.fullmatch(written)
    if match:
        year, month, day, hour, minute = (int(part) if part else None for part in match.groups())
        assert year is not None
        try:
            datetime(year, month or 1, day or 1, hour or 0, minute or 0)
        except ValueError:
            return None
        return ArticleDate(year, month, day, hour, minute, written=written)
    stated = rfc2822_date(written)
    if stated is not None:
        return stated
    found = find_date(written)
    return found[0] if found is not None else None


def date_from_timestamp(seconds: float, written: str) -> ArticleDate | None:
    """A Unix time in seconds, or milliseconds, as a date to the minute (UTC)."""
    if seconds > 1e11:  # milliseconds
        seconds /= 1000
    try:
        stamp = datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):
        return None
    if not 1900 <= stamp.year <= 2200:
        return None
    return ArticleDate(stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, written=written)
