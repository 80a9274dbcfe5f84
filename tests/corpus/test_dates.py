"""Publication dates: each rule of the date parser on its own."""

import pytest
from generated_parts import impossible_dates, written_dates
from hypothesis import given, settings

from reader.ingest.dates import find_date, year_alone
from reader.ingest.parse import date_line
from reader.model import ArticleDate


def iso(text: str) -> str | None:
    found = find_date(text)
    return found[0].iso() if found else None


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("2025-05-13", "2025-05-13", "day"),
        ("2024-03-05T10:00:00Z", "2024-03-05T10:00", "day"),
        ("2024-03-05T10:00:00+03:30", "2024-03-05T10:00", "day"),
        ("2024-03-05 22:49", "2024-03-05T22:49", "day"),
        ("2024-03", "2024-03", "month"),
        ("January 17, 2022 - 22:49", "2022-01-17T22:49", "day"),
        ("Thursday, February 23, 2006", "2006-02-23", "day"),
        ("4 March 2024", "2024-03-04", "day"),
        ("4th of March, 2024", "2024-03-04", "day"),
        ("Jan. 5, 2024 at 4:30 p.m. EST", "2024-01-05T16:30", "day"),
        ("March 2024", "2024-03", "month"),
        ("27 января 2025 года", "2025-01-27", "day"),
        ("2024/03/04", "2024-03-04", "day"),
        ("Januar 2024", "2024-01", "month"),  # German January was missing
        ("Dienstag, 5. März 2024", "2024-03-05", "day"),  # German: a full stop after the day
        ("5 de marzo de 2024", "2024-03-05", "day"),  # Spanish: "de" before the month and the year
        ("marzo de 2024", "2024-03", "month"),
        ("mardi 1er mars 2024 à 10h30", "2024-03-01", "day"),  # French: "1er", a weekday ("à" is no time word)
        ("viernes, 8 de marzo de 2024, 10:30", "2024-03-08T10:30", "day"),
    ],
)
def test_written_forms(text, expected, precision):
    date, _ = find_date(text)
    assert date.iso() == expected
    assert date.precision == precision


def test_year_alone_is_year_precision():
    date = year_alone("2024")
    assert date == ArticleDate(2024, written="2024")
    assert date.precision == "year" and date.iso() == "2024"
    assert year_alone("24") is None and year_alone("2024 elections") is None


def test_date_without_year_is_no_date():
    assert find_date("on February 25, according to IRNA") is None
    assert date_line("February 25") is None


@pytest.mark.parametrize("text", ["2025-02-30", "February 30, 2025", "31/02/2024", "2024-13-01", "2023-02-29"])
def test_impossible_dates_are_no_dates(text):
    assert find_date(text) is None


def test_leap_day_is_a_date():
    assert iso("2024-02-29") == "2024-02-29"


def test_ambiguous_numeric_dates_read_day_first():
    assert iso("03/04/2024") == "2024-04-03"
    assert iso("03.04.2024") == "2024-04-03"


def test_numeric_dates_only_possible_month_first_are_read_so():
    assert iso("03/25/2024") == "2024-03-25"


@pytest.mark.parametrize(("text", "expected"), [("0001-01-01", "0001-01-01"), ("9999-12-31T23:59", "9999-12-31T23:59")])
def test_extreme_years_overflow_nothing(text, expected):
    date, _ = find_date(text)
    assert date.iso() == expected
    assert isinstance(date.sort_key, tuple)


def test_year_zero_is_no_date():
    assert find_date("0000-01-01") is None


def test_impossible_time_is_dropped_not_invented():
    date, _ = find_date("March 5, 2024 - 25:61")
    assert date.iso() == "2024-03-05"


def test_twelve_hour_clock():
    assert iso("March 5, 2024, 12:15 a.m.") == "2024-03-05T00:15"
    assert iso("March 5, 2024, 12:15 pm") == "2024-03-05T12:15"


def test_written_form_is_kept():
    date, _ = find_date("January 17, 2022 - 22:49")
    assert date.written == "January 17, 2022 - 22:49"


def test_sort_key_puts_less_precise_dates_after_the_period():
    year = ArticleDate(2024)
    month = ArticleDate(2024, 3)
    day = ArticleDate(2024, 3, 1)
    timed = ArticleDate(2024, 3, 1, 0, 0)
    assert timed.sort_key > day.sort_key > month.sort_key > year.sort_key
    assert ArticleDate(2024, 1, 1).sort_key > year.sort_key
    assert year.sort_key > ArticleDate(2023, 12, 31).sort_key


# -- every supported form, generated -----------------------------------------------------------------


@given(written_dates())
@settings(max_examples=400, deadline=None)
def test_every_written_form_round_trips(date):
    """Each form (ISO, y/m/d, d/m/y, "March 5, 2024", "5 March 2024" in five languages, month-year,
    year alone), with or without weekday, ordinal, time, zone: the parts, the precision and the
    written text come back exactly, alone on a line (date_line) and inside a sentence (find_date)."""
    assert date_line(date.text) == date.expected, date.form
    if date.form != "year":  # a year alone is a date only on a line of its own
        found = find_date(f"Officials said on {date.text} that talks would resume.")
        assert found is not None and found[0] == date.expected, date.form
    assert date_line(date.text).precision == (
        "year" if date.expected.month is None else "month" if date.expected.day is None else "day"
    )


@given(impossible_dates())
@settings(max_examples=200, deadline=None)
def test_impossible_dates_in_every_form_are_no_dates(text):
    """Past the end of the month (leap years counted) in any form: no date, and not a month-precision one."""
    assert find_date(text) is None
    assert date_line(text) is None
