"""Articles as JSON records, the one shape `reader export` and `reader search` print.

A record is a flat JSON object per article with its entities; consumers read it line by line,
so its keys, their order and its encoding are part of the command line's interface.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Sequence
from typing import BinaryIO

from reader.entities.model import Entity
from reader.model import Article, path_bytes, path_text

ArticleRecord = dict[str, object]


def article_record(article: Article, entities: Iterable[Entity] = ()) -> ArticleRecord:
    """The JSON shape of one article.

    Entity offsets are into ``text``, exactly as exported. ``path`` is valid Unicode: a file name
    that is not UTF-8 shows its undecodable bytes as U+FFFD there, and then (only then) the record
    also has ``path_bytes``, the exact name as base64, to open the file with. ``item`` is the
    article's key within its file ("" for a file of one article): (path, item) names one article."""
    date = article.date
    record: ArticleRecord = {"path": path_text(article.path)}
    exact = path_bytes(article.path)
    if exact is not None:
        record["path_bytes"] = base64.b64encode(exact).decode("ascii")
    return record | {
        "item": article.item,
        "title": article.title,
        "subtitle": article.subtitle,
        "date": date.iso() if date else None,
        "date_precision": date.precision if date else None,
        "date_written": date.written if date else None,
        "dateline": article.dateline,
        "byline": article.byline,
        "author": article.byline,
        "url": article.url,
        "source": article.source,
        "feed": article.feed,
        "language": article.language,
        "words": article.words,
        "encoding": article.encoding,
        "text": article.text,
        "entities": [entity_record(entity) for entity in entities],
    }


def entity_record(entity: Entity) -> dict[str, str | int]:
    return {
        "text": entity.text,
        "label": entity.label,
        "canonical": entity.canonical,
        "start": entity.start,
        "end": entity.end,
    }


def write_records(out: BinaryIO, articles: Sequence[Article], entities: Sequence[Sequence[Entity]]) -> None:
    """One record per line, UTF-8; ``entities[i]`` are the entities of ``articles[i]``."""
    for article, found in zip(articles, entities, strict=True):
        # Valid UTF-8 always ("replace" is a safety net: a record holds no lone surrogates).
        line = json.dumps(article_record(article, found), ensure_ascii=False)
        out.write(line.encode("utf-8", "replace") + b"\n")
    out.flush()
