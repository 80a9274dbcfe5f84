"""Date rules whose limits no other test pinned down (found by tests/benchmarks/mutation.py)."""

import pytest

from reader.ingest.dates import find_date


def iso(text: str) -> str | None:
    found = find_date(text)
    return found[0].iso() if found else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("March 5, 2024 12:30 am", "2024-03-05T00:30"),
        ("March 5, 2024 12:30 pm", "2024-03-05T12:30"),
        ("March 5, 2024 1:05 a.m.", "2024-03-05T01:05"),
        ("March 5, 2024 11:59 p.m.", "2024-03-05T23:59"),
        # a 12-hour clock has no hour 0 or 13: the day stands, the time is no time
        ("March 5, 2024 0:30 pm", "2024-03-05"),
        ("March 5, 2024 13:30 pm", "2024-03-05"),
    ],
)
def test_twelve_hour_clock_takes_hours_1_to_12_only(text, expected):
    assert iso(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("March 5, 2024 23:59", "2024-03-05T23:59"),
        ("March 5, 2024 00:00", "2024-03-05T00:00"),
        ("March 5, 2024 24:00", "2024-03-05"),
        ("March 5, 2024 24:30", "2024-03-05"),
        ("5 March 2024, 29:15", "2024-03-05"),
    ],
)
def test_hour_past_23_is_no_time_but_the_day_stands(text, expected):
    assert iso(text) == expected


def test_time_is_kept_only_with_a_day():
    assert iso("March 2024 10:30") == "2024-03"
