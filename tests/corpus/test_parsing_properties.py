"""Properties of parsing and decoding on text nobody wrote on purpose.

Articles built from known parts are in test_article_generation.py and every written date form is in
test_dates.py; here the input is structured noise (fragments the parser reacts to — keys, dates,
headings, capitals and dashes, fences, controls — in random order), and the properties are the ones
that hold for any input: nothing shown is invented or unsafe, and decoding gives back the text.
"""

from __future__ import annotations

import codecs

from generated_parts import MONTHS, UNSAFE, WEEKDAYS, ZERO_WIDTH, written_dates
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from reader.ingest.files import decode, looks_binary
from reader.ingest.parse import count_words, parse_article
from reader.ingest.safe_text import make_safe

# What the parser reacts to, so that random text reaches its rules instead of falling through them.
FRAGMENTS = st.sampled_from(
    (
        "Date:",
        "date",
        "Published:",
        "Title:",
        "Dek:",
        "By",
        "by Jane Doe",
        "Updated",
        "---",
        "#",
        "## ",
        "TEHRAN",
        "NEW YORK,",
        "(Reuters)",
        "–",
        "—",
        "-",
        "--",
        "/TASS/.",
        "|",
        "Markets",
        "rally",
        "the",
        "U.S.",
        "Mr.",
        ".",
        ",",
        ":",
        '"',
        "“",
        "10:30",
        "p.m.",
        "GMT",
        "2024",
        "13",
        "05",
        "/",
        "года",
        "de",
        "of",
        "Ölpreis",
        "Москва",
        *UNSAFE,
        *ZERO_WIDTH,
    )
)
SEPARATORS = st.sampled_from((" ", " ", " ", "\n", "\n\n", "", "\t", "  "))


@st.composite
def structured_noise(draw):
    parts = draw(
        st.lists(
            st.one_of(FRAGMENTS, FRAGMENTS, st.builds(lambda d: d.text, written_dates()), st.text(max_size=12)),
            max_size=60,
        )
    )
    return "".join(part + draw(SEPARATORS) for part in parts)


def _words_of(text: str) -> set[str]:
    return set(text.split())


@given(structured_noise())
@settings(max_examples=400, deadline=None)
@example("Headline\n\nDate: 2024-03-05\n\nTEHRAN – Body \x1b[31m text.\n")
def test_nothing_shown_is_invented_or_unsafe(text):
    """Whatever the input, every word shown comes from it, every date's written form stands in it, the
    word count is the body's, and no control or bidi character reaches a displayed field."""
    text = text.replace("\r", "\n").replace("\x00", "")  # what decode guarantees
    article = parse_article(text)
    safe = make_safe(text)
    shown = [article.title, article.subtitle, article.byline, article.dateline, *article.paragraphs]
    for field in filter(None, shown):
        assert make_safe(field) == field
    for paragraph in article.paragraphs:
        assert paragraph and paragraph == paragraph.strip()
        for word in paragraph.split():
            assert word in safe
    for field in (article.subtitle, article.byline, article.dateline):
        assert field is None or field in safe
    title = article.title.removesuffix("…")
    assert all(word in safe for word in title.split())
    assert article.words == count_words("\n".join(article.paragraphs))
    if article.date is not None:
        assert article.date.written and article.date.written in safe
        assert f"{article.date.year:04d}" in safe or str(article.date.year) in safe


NAMES = [name for language in MONTHS.values() for month in language for name in month]
NAMES += [name for language in WEEKDAYS.values() for day in language for name in day]


@given(
    st.lists(
        st.sampled_from(NAMES) | st.text(alphabet=st.characters(blacklist_categories=("Nd",)), max_size=8), max_size=40
    ).map(" ".join)
)
@settings(max_examples=300, deadline=None)
def test_never_invents_a_date_without_digits(text):
    """Month and weekday names in every language, but no digit: no year is stated, so there is no date."""
    assert parse_article(text).date is None


# -- decoding ---------------------------------------------------------------------------------------

# Text that each encoding can hold. cp1252 and Latin-1 files have no mark saying so: the reader tries
# UTF-8 first, so the strategy keeps every non-ASCII character between ASCII ones ("café au lait", not
# "Ã©"), as in real text; two accented letters in a row can be valid UTF-8 and are then read as such.
ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)
LATIN = st.lists(
    st.tuples(
        st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=1, max_size=8),
        st.sampled_from("éèàçüöäßñÉÀÜ€’“”–—°£©« »"),
    ),
    max_size=30,
).map(lambda pairs: "".join(a + b for a, b in pairs) + "x")
LINE_ENDINGS = st.sampled_from(("\n", "\r\n", "\r"))


def _expected(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


@given(
    ANY_TEXT, st.sampled_from(("utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-be")), LINE_ENDINGS
)
@settings(max_examples=300, deadline=None)
def test_decode_round_trips_text_with_a_byte_order_mark(text, encoding, newline):
    """With a BOM any text comes back, controls and NULs included (NULs dropped, line endings made LF)."""
    text = text.replace("\n", newline)
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE, "utf-32-be": codecs.BOM_UTF32_BE}
    data = bom.get(encoding, b"") + text.encode(encoding)
    if encoding in ("utf-16", "utf-16-le"):  # Python's "utf-16" is little-endian here
        # FF FE 00 00 opens UTF-32-LE too: a UTF-16-LE text starting with NUL cannot be told apart.
        assume(not text.startswith("\x00"))
    decoded = decode(data)
    assert decoded.text == _expected(text)
    assert decoded.warning is None


@given(ANY_TEXT, LINE_ENDINGS)
@settings(max_examples=300, deadline=None)
def test_decode_round_trips_utf8_or_calls_it_binary(text, newline):
    """UTF-8 without a BOM: the text back exactly, unless it holds more controls than text ever has
    (then, and only then, 'binary file'). A BOM character at the very start is taken as the BOM."""
    data = text.replace("\n", newline).encode("utf-8")
    if looks_binary(data[:8192]):
        try:
            decode(data)
        except ValueError as error:
            assert "binary" in str(error)
        else:
            raise AssertionError("binary data decoded")
        return
    decoded = decode(data)
    assert decoded.encoding == "utf-8" and decoded.warning is None
    assert decoded.text == _expected(text.replace("\n", newline)).removeprefix("\ufeff")


@given(LATIN, st.sampled_from(("cp1252", "latin-1")), LINE_ENDINGS)
@settings(max_examples=200, deadline=None)
def test_decode_round_trips_cp1252_and_latin1_with_a_warning(text, encoding, newline):
    text = text.replace(" ", newline, 1)
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        assume(False)  # "€" or "—" in Latin-1
    decoded = decode(data)
    assert decoded.text == _expected(text)
    if text.isascii():
        assert decoded.encoding == "utf-8"
    else:
        assert decoded.encoding == "cp1252" and decoded.warning == "not valid UTF-8; decoded as cp1252"


@given(st.binary(max_size=600))
@settings(max_examples=200, deadline=None)
def test_decode_of_any_bytes_is_text_or_value_error(data):
    """Arbitrary bytes (mostly binary): a ValueError, or text with one line ending and no NUL."""
    try:
        decoded = decode(data)
    except ValueError:
        assert looks_binary(data[:8192])
        return
    assert "\x00" not in decoded.text and "\r" not in decoded.text
