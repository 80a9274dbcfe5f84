"""Markdown export: the layout, and untrusted text that stays text (checked with a real parser)."""

from __future__ import annotations

import itertools
from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from reader.export.markdown import (
    ARTICLE_SEPARATOR,
    article_filename,
    article_to_markdown,
    articles_to_markdown,
    code_span,
    selection_filename,
    slugify,
)
from reader.model import Article, ArticleDate

PARSER = MarkdownIt("commonmark", {"html": True}).enable("table")
# Inline tokens that only style text; anything else in a paragraph means structure leaked.
STYLING = {"text", "softbreak", "hardbreak", "em_open", "em_close", "strong_open", "strong_close", "code_inline"}


def make(title="Iran and Russia closer than ever", paragraphs=("First paragraph.", "Second one."), **fields):
    defaults = dict(
        path="news/iran.txt",
        subtitle="A partnership of convenience",
        date=ArticleDate(2024, 3, 5, 22, 49, written="March 5, 2024 22:49"),
        dateline="MOSCOW",
        byline="By Jane Doe",
        words=1234,
    )
    defaults.update(fields)
    return Article(title=title, paragraphs=tuple(paragraphs), **defaults)


def blocks(markdown: str) -> list[str]:
    """Block-level token types, without the open/close noise."""
    return [t.type for t in PARSER.parse(markdown) if t.nesting >= 0 and t.type != "inline"]


def paragraph_texts(markdown: str) -> list[str]:
    """The text of each paragraph as a reader of the rendered document sees it."""
    texts = []
    tokens = PARSER.parse(markdown)
    for before, token in itertools.pairwise(tokens):
        if token.type == "inline" and before.type == "paragraph_open":
            parts = []
            for child in token.children:
                assert child.type in STYLING, child.type
                parts.append("\n" if child.type.endswith("break") else child.content)
            texts.append("".join(parts))
    return texts


def test_one_article_layout():
    text = article_to_markdown(make())
    assert text == (
        "# Iran and Russia closer than ever\n\n"
        "*A partnership of convenience*\n\n"
        "**Date:** March 5, 2024 22:49 (2024-03-05T22:49) · **Dateline:** MOSCOW · **Byline:** By Jane Doe"
        " · **Source:** `news/iran.txt` · **Words:** 1,234\n\n"
        "First paragraph.\n\n"
        "Second one.\n"
    )


def test_missing_fields_are_left_out():
    article = Article(path="x.txt", title="Plain", paragraphs=("Body.",))
    assert article_to_markdown(article) == "# Plain\n\n**Source:** `x.txt`\n\nBody.\n"


def test_iso_date_written_as_iso_is_shown_once():
    article = make(date=ArticleDate(2024, 3, written="2024-03"))
    assert "**Date:** 2024-03 ·" in article_to_markdown(article)


def test_empty_title_becomes_untitled():
    assert article_to_markdown(make(title="  ")).startswith("# Untitled\n")


def test_a_list_is_the_single_documents_joined_by_rules():
    first, second = make(title="One"), make(title="Two", path="b.txt")
    text = articles_to_markdown([first, second])
    assert text == article_to_markdown(first) + ARTICLE_SEPARATOR + article_to_markdown(second)
    assert [t.tag for t in PARSER.parse(text) if t.type == "heading_open"] == ["h1", "h1"]
    assert blocks(text).count("hr") == 1
    assert articles_to_markdown([]) == ""


@pytest.mark.parametrize(
    "paragraph",
    [
        "# Not a heading",
        "## Nor this",
        "> not a quote",
        "- not a list",
        "+ not a list",
        "* not a list",
        "1. not a list",
        "2) not a list",
        "1999. A year to remember",
        "---",
        "***",
        "_ _ _",
        "===",
        "```python",
        "~~~",
        "    indented is not code",
        "\tnor with a tab",
        "<script>alert(1)</script>",
        "<div onclick=x>hi</div>",
        "<!-- a comment -->",
        "<http://example.com>",
        "[id]: http://evil.example",
        "| a | b |",
        "a | b\n--|--\nc | d",
        "line one\n===",
        "line one\n---",
        "line\n> quote inside",
        "line\n- list inside",
    ],
)
def test_block_markers_in_article_text_stay_text(paragraph):
    text = article_to_markdown(make(paragraphs=("Lead.", paragraph, "After.")))
    assert blocks(text).count("heading_open") == 1
    assert set(blocks(text)) == {"heading_open", "paragraph_open"}
    expected = "\n".join(line.strip() for line in paragraph.split("\n"))
    assert paragraph_texts(text)[2:5] == ["Lead.", expected, "After."]


@pytest.mark.parametrize(
    "paragraph",
    [
        "Click [here](javascript:alert(1)) now",
        "An image ![x](http://tracker.example/p.png)",
        "Entities &amp; &#65; &copy; stay as typed",
        "Path C:\\*temp\\_ and a trailing backslash\\",
        "Inline <b>bold</b> and <img src=x onerror=y>",
        "Reference [a][b] and [c]: not a definition mid-line",
    ],
)
def test_inline_markup_in_article_text_stays_text(paragraph):
    text = article_to_markdown(make(paragraphs=(paragraph,)))
    tokens = [child.type for t in PARSER.parse(text) if t.children for child in t.children]
    assert not {"link_open", "image", "html_inline"} & set(tokens)
    assert paragraph_texts(text)[-1] == paragraph


def test_control_characters_become_visible():
    text = article_to_markdown(make(title="Bad\x1b[31m title", paragraphs=("ring \x07 bell \u202e",)))
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert "# Bad␛[31m title" in text


def test_title_trailing_hashes_are_kept():
    text = article_to_markdown(make(title="Counting down ###"))
    heading = next(t for t in PARSER.parse(text) if t.type == "inline")
    assert heading.content.replace("\\", "") == "Counting down ###"


def test_subtitle_and_metadata_cannot_break_out_of_their_emphasis():
    article = make(subtitle="stars * and _under_ `tick`", byline="By **Evil** <i>x</i>")
    text = article_to_markdown(article)
    subtitle, metadata = paragraph_texts(text)[:2]
    assert subtitle == "stars * and _under_ `tick`"
    assert "Byline: By **Evil** <i>x</i>" in metadata


def test_code_span_holds_backticks():
    assert code_span("a`b") == "``a`b``"
    assert code_span("`x`") == "`` `x` ``"
    assert paragraph_texts(f"see {code_span('we`ird/pa``th.txt')}")[0] == "see we`ird/pa``th.txt"


_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from(list("#>-+*_=`~[]()<>!&;:|\\ \n\t1.")),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=3))
def test_any_paragraphs_give_one_heading_and_only_paragraphs(paragraphs):
    text = article_to_markdown(make(paragraphs=paragraphs))
    assert set(blocks(text)) <= {"heading_open", "paragraph_open"}
    assert blocks(text).count("heading_open") == 1
    for token in PARSER.parse(text):
        for child in token.children or ():
            assert child.type in STYLING


@settings(max_examples=300, deadline=None)
@given(_TEXT.filter(lambda s: not set(s) & set("*_`")))
def test_paragraph_text_round_trips(paragraph):
    from reader.ingest.safe_text import make_safe

    expected = "\n".join(line.strip() for line in make_safe(paragraph).split("\n") if line.strip())
    text = article_to_markdown(make(paragraphs=("Lead.", paragraph)))
    rendered = paragraph_texts(text)[3:]  # subtitle, metadata, lead come first
    assert "\n".join(rendered) == expected


# -- file names ------------------------------------------------------------------------


def test_slugs():
    assert slugify("Iran, Russia: Closer Than Ever!") == "iran-russia-closer-than-ever"
    assert slugify("Zürich’s café scene") == "zurichs-cafe-scene"
    assert slugify("Москва") == ""
    assert len(slugify("word " * 50)) <= 60
    assert not slugify("word " * 50).endswith("-")
    assert slugify("x" * 100) == "x" * 60


def test_filenames():
    assert article_filename(make(title="Iran & Russia closer than ever")) == "iran-russia-closer-than-ever.md"
    assert article_filename(make(title="Москва", path="news/moscow-report.txt")) == "moscow-report.md"
    assert article_filename(make(title="Москва", path="news/Москва.txt")) == "article.md"
    assert selection_filename("person:Putin is:unread") == "filter-person-putin-is-unread.md"
    assert selection_filename("", now=datetime(2025, 5, 13, 9, 7)) == "reader-export-20250513-0907.md"
