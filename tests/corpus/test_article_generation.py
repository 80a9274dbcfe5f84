"""Articles built from generated parts: every part put in comes back out, exactly.

Each example composes an article (see generated_parts.articles) from a headline, a dek, a byline,
metadata lines in any order and key case, a date in one of the supported forms, languages and
precisions, a dateline and paragraphs, with control, bidi and zero-width characters inside words,
and checks the parser's reading of each part against the part itself.
"""

from __future__ import annotations

import codecs

from generated_parts import articles
from hypothesis import given, note, settings
from hypothesis import strategies as st

from reader.ingest.files import decode
from reader.ingest.parse import TITLE_MAX_CHARS, parse_article
from reader.ingest.safe_text import make_safe


def _check(article, expected):
    note(f"layout: {expected.layout}\ntext: {expected.text!r}")
    if expected.title_derived and len(expected.title) > TITLE_MAX_CHARS:
        assert article.title.endswith("…") and expected.title.startswith(article.title[:-1])
    else:
        assert article.title == expected.title
    assert article.title_derived == expected.title_derived
    assert article.subtitle == expected.subtitle
    assert article.byline == expected.byline
    assert article.date == expected.date
    assert article.dateline == expected.dateline
    assert article.paragraphs == expected.paragraphs
    assert article.words == expected.words
    for shown in (article.title, article.subtitle, article.byline, article.dateline, *article.paragraphs):
        assert shown is None or make_safe(shown) == shown  # no control or bidi character is left


@given(articles())
@settings(max_examples=500, deadline=None)
def test_every_part_comes_back(expected):
    _check(parse_article(expected.text), expected)


ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-be", "utf-32", "cp1252")


@given(articles(unsafe=False), st.sampled_from(ENCODINGS), st.sampled_from(("\n", "\r\n", "\r")))
@settings(max_examples=150, deadline=None)
def test_every_part_comes_back_from_any_encoding_and_line_ending(expected, encoding, newline):
    """The same article saved as bytes (BOM where the encoding needs one) and decoded as a file is."""
    text = expected.text.replace("\n", newline)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + text.encode(encoding)
    elif encoding == "cp1252":
        try:
            data = text.encode(encoding)
        except UnicodeEncodeError:
            data = text.encode("utf-8")  # Cyrillic and the like: the file would be UTF-8
    else:
        data = text.encode(encoding)
    _check(parse_article(decode(data).text), expected)


# -- the smallest articles the generator found wrong, each fixed in the parser -------------------------


def test_a_lower_case_byline_under_the_headline_does_not_continue_it():
    article = parse_article("Oil prices rise\nby Jane Doe\n\nOil rose on Monday.\n")
    assert (article.title, article.title_derived, article.byline) == ("Oil prices rise", False, "by Jane Doe")


def test_a_lower_case_date_line_under_the_headline_does_not_continue_it():
    article = parse_article("Markets rally\njanvier 1900\n\nMarkets.\n")
    assert (article.title, article.title_derived, article.date.iso()) == ("Markets rally", False, "1900-01")


def test_a_metadata_date_may_be_a_year_alone():
    article = parse_article("Title: Markets rally\nDate: 1900\n\nMarkets.\n")
    assert article.date.iso() == "1900" and article.date.precision == "year"
    assert article.paragraphs == ("Markets.",)


def test_a_blank_line_after_a_key_that_adds_nothing_does_not_end_the_keys():
    article = parse_article("Author: Jane Doe\n\nTitle: Markets rally\n\nMarkets.\n")
    assert article.title == "Markets rally" and article.paragraphs == ("Markets.",)


def test_blank_lines_between_keys_do_not_use_up_the_key_lines():
    keys = [
        "Title: Markets rally",
        "Dek: Ports reopen",
        "Date: 2024-03-05",
        "Updated: 2024-03-06",
        "Author: Jane Doe",
        "Source: Tehran Times",
        "Tags: iran, russia",
    ]
    article = parse_article("\n\n".join(keys) + "\n\nMarkets rally again.\n")
    assert article.paragraphs == ("Markets rally again.",)
    assert (article.title, article.subtitle, article.date.iso()) == ("Markets rally", "Ports reopen", "2024-03-05")


def test_a_sentence_may_start_with_an_accented_capital():
    article = parse_article("Markets rally. Ölpreis falls as ports reopen and the trade grows again today.\n")
    assert article.title == "Markets rally"
    assert parse_article("Headline\n\nBy Émile Zola\n\nBody text.\n").byline == "By Émile Zola"


def test_a_dateline_date_may_end_in_a_full_stop():
    article = parse_article("Markets rally\n\nTEHRAN, 1 января 1900 г. - Markets.\n")
    assert article.dateline == "TEHRAN" and article.paragraphs == ("Markets.",)
    assert article.date.iso() == "1900-01-01" and article.date.written == "1 января 1900 г."
