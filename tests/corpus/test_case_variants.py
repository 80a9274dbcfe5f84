"""Unicode case variants: what a re.IGNORECASE pattern accepts, the lookup after it must know.

re.IGNORECASE folds case simply, character by character, so "Auguſt" (long s), "JUNİ" (dotted
capital I), "Aprıl" (dotless i) or "ᲂктябрь" (Cyrillic narrow o) match a month name, and "Poſted"
or "TİTLE" a metadata key. str.lower() does not bring these back to the words in the tables
("auguſt", "juni̇"), so a lookup keyed by it raised KeyError: one such file stopped `reader export`.
"""

from __future__ import annotations

import functools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.ingest.dates import _MONTH_WORDS, DATE_PATTERN, date_from_match, find_date, month_number
from reader.ingest.parse import _KEYS, _META_KEY, _key_name, parse_article

_BMP = "".join(chr(code) for code in range(0x10000) if not 0xD800 <= code <= 0xDFFF)


@functools.cache
def case_variants(char: str) -> str:
    """Every character of the Basic Multilingual Plane that re.IGNORECASE takes for ``char``."""
    return "".join(match.group() for match in re.compile(re.escape(char), re.IGNORECASE).finditer(_BMP))


def variant_of(word: str) -> st.SearchStrategy[str]:
    return st.tuples(*(st.sampled_from(case_variants(char)) for char in word)).map("".join)


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("Auguſt 5, 2024", 8),
        ("5 ſeptember 2024", 9),
        ("SEPTEMBER 2024".replace("S", "ſ"), 9),
        ("JUNİ 2024", 6),
        ("3 Aprıl 2024", 4),
        ("5 \u1c82ктября 2024", 10),  # narrow o
        ("o\u212atober 2024", 10),  # Kelvin sign
        ("4 MAİ 2024", 5),
    ],
)
def test_a_case_variant_of_a_month_name_is_that_month(text, month):
    match = DATE_PATTERN.search(text)
    assert match is not None
    date = date_from_match(match)
    assert date is not None and date.month == month and date.year == 2024


def test_parse_article_reads_a_date_with_a_case_variant():
    article = parse_article("Iran and Russia closer than ever\n\nAuguſt 5, 2024\n\nTEHRAN – Officials met on Monday.\n")
    assert article.date is not None and (article.date.month, article.date.day) == (8, 5)


@pytest.mark.parametrize(
    ("line", "title"),
    [("TİTLE: Closer than ever", "Closer than ever"), ("Tıtle: Closer than ever", "Closer than ever")],
)
def test_a_case_variant_of_a_metadata_key_is_that_key(line, title):
    article = parse_article(f"{line}\nPoſted: 2024-05-13\n\nOfficials met on Monday in the capital.\n")
    assert article.title == title
    assert article.date is not None and article.date.iso() == "2024-05-13"


def test_every_case_variant_table_is_complete():
    """The tables themselves: every name and key matches itself (the fold is not lossy)."""
    for name, number in _MONTH_WORDS.items():
        assert month_number(name) == number and month_number(name.upper()) == number
    for key in _KEYS:
        assert _key_name(key) == key and _key_name(key.upper()) == key


@given(st.sampled_from(sorted(_MONTH_WORDS)).flatmap(lambda name: st.tuples(st.just(name), variant_of(name))))
@settings(max_examples=300, deadline=None)
def test_month_number_agrees_with_the_pattern(pair):
    name, written = pair
    assert month_number(written) == _MONTH_WORDS[name]


_TEMPLATES = ("{m} {d}, {y}", "{d} {m} {y}", "{m} {y}", "{w}, {m} {d}, {y} {t}", "{d} {m}. {y}", "{w} {d} of {m} {y}")


@st.composite
def written_dates(draw):
    name = draw(st.sampled_from(sorted(_MONTH_WORDS)))
    weekday = draw(st.sampled_from(["monday", "Tue", "четверг", "sun"]))
    return draw(st.sampled_from(_TEMPLATES)).format(
        m=draw(variant_of(name)),
        d=draw(st.integers(1, 31)),
        y=draw(st.integers(1000, 2999)),
        w=draw(variant_of(weekday)),
        t=draw(st.sampled_from(["", "10:30", "9.15 p.m. UTC", "at 22:49"])),
    )


@given(st.lists(written_dates() | st.text(max_size=20), min_size=1, max_size=6).map(" ".join))
@settings(max_examples=300, deadline=None)
def test_date_from_match_never_raises(text):
    """For any string where DATE_PATTERN matches, date_from_match returns a date or None."""
    for match in DATE_PATTERN.finditer(text):
        date_from_match(match)
    find_date(text)


@given(
    st.sampled_from(_KEYS).flatmap(variant_of),
    st.sampled_from([": ", "=", " ", ":  "]),
    st.sampled_from(["2024-05-13", "March 5, 2024", "Closer than ever", "5 Auguſt 2024 10:30"]),
)
@settings(max_examples=300, deadline=None)
def test_metadata_key_lookup_never_raises(key, separator, value):
    line = f"{key}{separator}{value}"
    match = _META_KEY.match(line)
    if match is not None:
        assert _key_name(match.group("key")) in _KEYS
    parse_article(f"{line}\n\nOfficials met on Monday.\n")
