"""Entities for a whole collection: one recogniser pass per article, one name per person.

Aliases are resolved across the collection ("Sergey Lavrov" in one article and "Sergei Lavrov"
in another become one canonical entity), which a per-article pass can't see.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace

from reader.entities import Entity, find_entities, resolve_aliases

#: Below this many texts a process pool costs more than it saves.
POOL_THRESHOLD = 400


def find_all(texts: Sequence[str], workers: int | None = None) -> list[list[Entity]]:
    """``find_entities`` for every text, on every core when there are many."""
    workers = workers or os.cpu_count() or 1
    if workers == 1 or len(texts) < POOL_THRESHOLD:
        return [find_entities(text) for text in texts]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(workers) as pool:
        return list(pool.map(find_entities, texts, chunksize=64))


def unify_people(per_text: list[list[Entity]]) -> list[list[Entity]]:
    """Give every mention of one person the collection's single canonical name."""
    aliases = resolve_aliases([e.canonical for found in per_text for e in found if e.label == "PERSON"])
    return [
        [
            replace(e, canonical=aliases[e.canonical])
            if e.label == "PERSON" and aliases.get(e.canonical, e.canonical) != e.canonical
            else e
            for e in found
        ]
        for found in per_text
    ]


def collection_entities(articles: Sequence, workers: int | None = None) -> list[list[Entity]]:
    """Entities of each article's body text (``article.text``), aliases resolved collection-wide."""
    return unify_people(find_all([article.text for article in articles], workers))
