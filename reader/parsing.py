"""Raw article text to an Article: title, subtitle, date, dateline, paragraphs."""

from __future__ import annotations

import re

from reader.article import Article

_WORD = re.compile(r"\w+(?:['’]\w+)*")


def parse_article(text: str, path: str = "") -> Article:
    # Placeholder: first non-blank line is the title. Replaced by the real rules.
    paragraphs = tuple(p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip())
    title = paragraphs[0][:80] if paragraphs else ""
    return Article(path=path, title=title, paragraphs=paragraphs, words=len(_WORD.findall(text)))
