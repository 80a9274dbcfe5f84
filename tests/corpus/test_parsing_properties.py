"""Property tests: parsing never raises and never invents a date on arbitrary text."""

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.loading import decode
from reader.parsing import parse_article

ALPHABET = st.sampled_from(list(string.printable) + list("–—“”’ЖжІ١٢\u202e\x1b\x00\ufeff"))
text_like = st.text(alphabet=ALPHABET, max_size=400) | st.text(max_size=400)


@given(text_like)
@settings(max_examples=300, deadline=None)
def test_parse_never_raises(text):
    article = parse_article(text.replace("\r", "\n").replace("\x00", ""))
    assert isinstance(article.title, str)
    assert all(p == p.strip() and p for p in article.paragraphs)


@given(st.text(alphabet=st.characters(blacklist_characters="0123456789"), max_size=400))
@settings(max_examples=300, deadline=None)
def test_never_invents_a_date_without_digits(text):
    """A text with no digit at all states no year, so it can have no date."""
    assert parse_article(text).date is None


@given(st.binary(max_size=600))
@settings(max_examples=300, deadline=None)
def test_decode_never_raises_but_value_error(data):
    try:
        decoded = decode(data)
    except ValueError:
        return
    assert "\x00" not in decoded.text and "\r" not in decoded.text


@given(st.integers(1, 9999), st.integers(1, 12), st.integers(1, 31))
@settings(max_examples=300, deadline=None)
def test_iso_dates_round_trip_or_are_rejected(year, month, day):
    import calendar

    text = f"A headline\n\n{year:04d}-{month:02d}-{day:02d}\n\nBody.\n"
    date = parse_article(text).date
    if day <= calendar.monthrange(year, month)[1]:
        assert date is not None and date.iso() == f"{year:04d}-{month:02d}-{day:02d}"
    else:
        assert date is None
