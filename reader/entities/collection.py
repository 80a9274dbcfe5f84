"""Entities for a whole collection: one recogniser pass per article, one name per person.

Aliases are resolved across the collection ("Sergey Lavrov" in one article and "Sergei Lavrov"
in another become one canonical entity), which a per-article pass can't see.

One article the recogniser fails on gets no entities and, when the caller asks for them, a
warning Problem; the others are unaffected, also when a worker process dies (reader.processes
then does what it had not returned in this process).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from reader.entities import Entity, find_entities, resolve_aliases
from reader.model import Problem

if TYPE_CHECKING:
    from reader.model import Article

#: Below this many texts a process pool costs more than it saves.
POOL_THRESHOLD = 400


class _Failed(str):
    """The reason the recogniser failed on one text (a str, so it pickles from a worker)."""


def _find(text: str) -> list[Entity] | _Failed:
    try:
        found: list[Entity] = find_entities(text)
        return found
    except Exception as error:  # noqa: BLE001 - one text's failure is that text's problem
        from reader.ingest.files import describe_error

        return _Failed(f"entities could not be found: {describe_error(error)}")


def _find_all(texts: Sequence[str], workers: int | None) -> list[list[Entity] | _Failed]:
    from reader import processes

    workers = workers or os.cpu_count() or 1
    pooled = workers > 1 and len(texts) >= POOL_THRESHOLD
    return processes.map_in_order(_find, texts, processes=workers if pooled else 0, chunksize=64)


def find_all(texts: Sequence[str], workers: int | None = None) -> list[list[Entity]]:
    """``find_entities`` for every text, on every core when there are many (a text the
    recogniser fails on has none)."""
    return [[] if isinstance(found, _Failed) else found for found in _find_all(texts, workers)]


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


def collection_entities(
    articles: Sequence[Article],
    workers: int | None = None,
    problems: list[Problem] | None = None,
    aliases: Mapping[str, str] | None = None,
) -> list[list[Entity]]:
    """Entities of each article's body text (``article.text``), aliases resolved collection-wide:
    among ``articles``, or, given ``aliases`` (a person's name → the collection's spelling, from
    the index), as the whole collection resolved them.

    An article the recogniser fails on has none; with ``problems`` (a list) a warning
    Problem naming it and the reason is appended there."""
    found = _find_all([article.text for article in articles], workers)
    if problems is not None:
        problems.extend(
            Problem(article.path, reason, "warning")
            for article, reason in zip(articles, found, strict=True)
            if isinstance(reason, _Failed)
        )
    per_text = [[] if isinstance(result, _Failed) else result for result in found]
    if aliases is None:
        return unify_people(per_text)
    return [
        [
            replace(e, canonical=aliases[e.canonical]) if e.label == "PERSON" and e.canonical in aliases else e
            for e in entities
        ]
        for entities in per_text
    ]
