"""Articles as Markdown, for `e` in the app and `reader export --format markdown`.

One article is ``# Title``, the subtitle in italics, one metadata line, then the
paragraphs. A list is the single-article documents joined by ``---`` lines, so every
article reads the same whether it was exported alone or with others (the headings
already give a renderer its outline; a table of contents would repeat them).

Article text is untrusted and kept literal: only what would change the document's
structure is escaped — block markers at a line's start (``#``, ``>``, ``-``, ``1.``,
fences, setext underlines, link definitions, indentation), and inline raw HTML,
entities, link openers and backslashes. Ordinary punctuation (``*``, ``_``, quotes)
stays as written. Control characters become visible pictures (ESC → ␛) as on screen,
so a pager showing the file can't be driven by escape sequences hidden in an article.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from reader.ingest.safe_text import make_safe
from reader.model import Article

ARTICLE_SEPARATOR = "\n---\n\n"
UNTITLED = "Untitled"
MAX_SLUG_CHARS = 60

# A line that CommonMark would read as something other than paragraph text.
_BLOCK_START = re.compile(
    r"""^(?:
        \#                      # ATX heading
      | >                       # block quote
      | [-+*](?=\s|$)           # bullet item
      | [-*_](?:\s*[-*_]){2,}\s*$   # thematic break (also ---)
      | =+\s*$                  # setext heading underline
      | \d{1,9}[.)](?=\s|$)     # ordered item
      | `{3,} | ~{3,}           # code fence
      | \[[^\]]*\]:             # link reference definition
      | \|                      # table row (GFM)
      | :?-+:?\s*\|             # table delimiter row without a leading bar (GFM)
    )""",
    re.VERBOSE,
)
_ORDERED = re.compile(r"^(\d{1,9})([.)])")
# Inline: raw HTML and autolinks, character references, link/image closers, escapes.
_RAW_HTML = re.compile(r"<(?=[A-Za-z/!?])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_LINK_CLOSE = re.compile(r"\](?=[(\[:])")
_BACKSLASH = re.compile(r"\\(?=[!-/:-@\[-`{-~]|$)")
_TRAILING_HASHES = re.compile(r"(\s)(#+)\s*$")
_EMPHASIS = re.compile(r"([*_`])")
_BACKTICKS = re.compile(r"`+")
_SLUG_WORD = re.compile(r"[a-z0-9]+")


def article_to_markdown(article: Article) -> str:
    """One article as a Markdown document (ends with a newline)."""
    lines = [f"# {heading_text(article.title)}", ""]
    if article.subtitle and article.subtitle.strip():
        lines += [f"*{inline_text(article.subtitle, emphasis=True)}*", ""]
    metadata = metadata_line(article)
    if metadata:
        lines += [metadata, ""]
    for paragraph in article.paragraphs:
        block = paragraph_text(paragraph)
        if block:
            lines += [block, ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def articles_to_markdown(articles: Iterable[Article]) -> str:
    """Several articles as one document, ``---`` between them; "" for none."""
    return ARTICLE_SEPARATOR.join(article_to_markdown(article) for article in articles)


def metadata_line(article: Article) -> str:
    """Date (as written, and ISO when that differs), dateline, byline, publication, URL, source file, words."""
    parts = []
    date = article.date
    if date is not None:
        written = " ".join(date.written.split())
        iso = date.iso()
        shown = f"{written} ({iso})" if written and written != iso else iso
        parts.append(f"**Date:** {inline_text(shown, emphasis=True)}")
    if article.dateline and article.dateline.strip():
        parts.append(f"**Dateline:** {inline_text(article.dateline, emphasis=True)}")
    if article.byline and article.byline.strip():
        parts.append(f"**Byline:** {inline_text(article.byline, emphasis=True)}")
    if article.source and article.source.strip():
        parts.append(f"**Publication:** {inline_text(article.source, emphasis=True)}")
    if article.url and article.url.strip():
        parts.append(f"**URL:** {code_span(article.url)}")
    if article.path:
        parts.append(f"**Source:** {code_span(article.path)}")
    if article.words:
        parts.append(f"**Words:** {article.words:,}")
    return " · ".join(parts)


# -- escaping -------------------------------------------------------------------------


def heading_text(title: str) -> str:
    """A title for an ATX heading: one line, and a trailing ``#`` run kept as text."""
    text = inline_text(title) or UNTITLED
    return _TRAILING_HASHES.sub(lambda m: f"{m.group(1)}\\{m.group(2)}", text)


def paragraph_text(paragraph: str) -> str:
    """A paragraph whose every line stays paragraph text (blank lines would split it)."""
    lines = [_line_text(line) for line in make_safe(paragraph).split("\n")]
    return "\n".join(line for line in lines if line)


def _line_text(line: str) -> str:
    text = _inline(line.strip())
    if not _BLOCK_START.match(text):
        return text
    ordered = _ORDERED.match(text)
    if ordered:  # "1999. A year" stays "1999\. A year"
        return f"{ordered.group(1)}\\{text[ordered.end(1) :]}"
    return "\\" + text


def inline_text(text: str, *, emphasis: bool = False) -> str:
    """One line of untrusted text for inside a heading, emphasis or the metadata line.

    ``emphasis`` also escapes ``*``, ``_`` and backticks, which would otherwise end the
    surrounding ``*…*`` / ``**…**`` early.
    """
    flat = " ".join(make_safe(text).split())
    flat = _inline(flat)
    return _EMPHASIS.sub(r"\\\1", flat) if emphasis else flat


def _inline(text: str) -> str:
    text = _BACKSLASH.sub(r"\\\\", text)  # first: the escapes added below must survive
    text = _RAW_HTML.sub(r"\\<", text)
    text = _ENTITY.sub(r"\\&", text)
    return _LINK_CLOSE.sub(r"\\]", text)


def code_span(text: str) -> str:
    """``text`` verbatim in a code span fenced by more backticks than it contains."""
    flat = " ".join(make_safe(text).split("\n"))
    longest = max((len(run) for run in _BACKTICKS.findall(flat)), default=0)
    fence = "`" * (longest + 1)
    padded = f" {flat} " if flat.startswith("`") or flat.endswith("`") else flat
    return f"{fence}{padded}{fence}"


# -- file names -----------------------------------------------------------------------


def slugify(text: str, max_chars: int = MAX_SLUG_CHARS) -> str:
    """Lower-case ASCII words joined by hyphens: "Iran & Russia: closer" → "iran-russia-closer".

    Accents are folded ("Zürich" → "zurich"); scripts with no ASCII form give "".
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = _SLUG_WORD.findall(folded.lower().replace("'", "").replace("\u2019", ""))
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_chars:
            break
        slug = candidate
    return slug or "-".join(words)[:max_chars].strip("-")


def article_filename(article: Article) -> str:
    """``iran-russia-closer-than-ever.md``, or from the file name when the title has no ASCII."""
    slug = slugify(article.title) or slugify(Path(article.path).stem) or "article"
    return f"{slug}.md"


def selection_filename(filter_text: str = "", now: datetime | None = None) -> str:
    """For every article the filter shows: ``filter-<slug>.md``, else ``reader-export-YYYYMMDD-HHMM.md``."""
    slug = slugify(filter_text)
    if slug:
        return f"filter-{slug}.md"
    return f"reader-export-{(now or datetime.now()):%Y%m%d-%H%M}.md"
