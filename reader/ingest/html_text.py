"""A field's text as paragraphs: plain text, or an HTML fragment (a dataset's or a newsletter's
HTML field, a feed item's content).

Only read, never run or fetched: tags are dropped, scripts and styles with their content, and
block elements end paragraphs. (A whole web page needs more than this: its main text apart
from navigation and boilerplate.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser

_BLOCKS = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "table"}
    | {"section", "article", "header", "footer", "figure", "hr", "dd", "dt"}
)
_SKIPPED = frozenset({"script", "style", "noscript", "template", "iframe", "svg", "head"})
_BLANK_LINE = re.compile(r"\n[^\S\n]*+\n")
_HTML_TAG = re.compile(r"</?(p|br|div|a|em|strong|span|li|h[1-6]|img|b|i)\b[^>]*>", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """Whether a text field holds HTML (a tag of the usual kinds near its start)."""
    return _HTML_TAG.search(text[:5000]) is not None


class _TextOf(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """An HTML fragment's text, one paragraph per block element; tags, scripts and styles dropped.
    The markup is only read, never run or fetched (no entities beyond HTML's own)."""
    parser = _TextOf()
    try:
        parser.feed(markup)
        parser.close()
    except Exception:  # noqa: BLE001 - html.parser is lenient; whatever it raises, keep what it read
        pass
    return "".join(parser.parts)


def text_paragraphs(text: str) -> Iterator[str]:
    """A field's plain text as paragraphs: blank-line separated blocks, or its lines when it has no
    blank line; whitespace folded."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    blocks = _BLANK_LINE.split(text) if _BLANK_LINE.search(text) else text.split("\n")
    for block in blocks:
        paragraph = " ".join(block.split())
        if paragraph:
            yield paragraph
