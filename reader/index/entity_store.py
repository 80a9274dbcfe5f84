"""Entities in the cache: storing an article's entities, the pass that finds them for every
article, grouping one person's spellings, and matching query terms to entity ids.

Each article's entities are a space-separated list of entity_names ids (``articles.entities``:
NULL until the pass has done the article, '' when it has none) mirrored into the FTS5 table
entity_index as words "e12 e345", so that an entity query is one full-text lookup.
"""

from __future__ import annotations

import json
import os
import sqlite3
from array import array
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.index.records import ORDER, path_from_db
from reader.index.story_store import group_stories, store_sketches
from reader.model import path_text

if TYPE_CHECKING:
    from reader.index.passes import PassHost
    from reader.query.nodes import Text
    from reader.stories.sketch import Sketch

ENTITY_PATHS_AT_ONCE = 1024  # the entity pass reads its articles' paths this many at a time
#: Labels the entity pass stores (dates are everywhere and no query field asks for them).
ENTITY_LABELS = frozenset({"PERSON", "ORG", "PLACE", "MISC"})

#: (label, canonical name), e.g. ("PERSON", "Sergei Lavrov").
EntityPair = tuple[str, str]
#: One article's outcome of the pass: its pairs, None when the file could not be read (left for
#: a later pass), or the reason (a str) the recogniser failed on it (no entities, a warning).
EntityResult = list[EntityPair] | str | None
#: What the pass finds for one article: its EntityResult and its sketch (None when unread).
PassResult = tuple[EntityResult, "Sketch | None"]


def entity_words(ids: str) -> str:
    """ "12 345" → "e12 e345": an article's entity_index text."""
    return " ".join(f"e{entity_id}" for entity_id in ids.split())


def store_entities(
    db: sqlite3.Connection, batch: Iterable[tuple[int, Sequence[EntityPair] | str | None]], names: dict[EntityPair, int]
) -> None:
    """Store (article id, result) pairs (see EntityResult); ``names`` caches entity ids across batches."""
    from reader.entities import canonical_key

    updates, deletes, inserts = [], [], []
    for article_id, result in batch:
        if result is None:
            continue
        pairs: Sequence[EntityPair] = ()
        if isinstance(result, str):
            db.execute(
                "UPDATE articles SET warning = coalesce(warning || '; ', '') || ? WHERE id = ?",
                (path_text(result), article_id),
            )
        else:
            pairs = result
        found = db.execute("SELECT entities FROM articles WHERE id = ?", (article_id,)).fetchone()
        if found is None:
            continue  # re-synced or removed meanwhile
        if found[0]:
            deletes.append((article_id, entity_words(found[0])))
        ids = []
        for pair in pairs:
            entity_id = names.get(pair)
            if entity_id is None:
                row = db.execute("SELECT id FROM entity_names WHERE label = ? AND canonical = ?", pair).fetchone()
                if row is None:
                    label, canonical = pair
                    key = canonical_key(canonical)
                    same = db.execute(
                        "SELECT representative FROM entity_names WHERE label = ? AND key = ? LIMIT 1", (label, key)
                    ).fetchone()
                    row = (
                        db.execute(
                            "INSERT INTO entity_names(label, canonical, representative, key) VALUES (?, ?, ?, ?)",
                            (label, canonical, same[0] if same else canonical, key),
                        ).lastrowid,
                    )
                entity_id = names[pair] = int(row[0])
            ids.append(entity_id)
        text = " ".join(map(str, sorted(set(ids))))
        updates.append((text, article_id))
        if text:
            inserts.append((article_id, entity_words(text)))
    db.executemany("INSERT INTO entity_index(entity_index, rowid, entities) VALUES ('delete', ?, ?)", deletes)
    db.executemany("INSERT INTO entity_index(rowid, entities) VALUES (?, ?)", inserts)
    db.executemany("UPDATE articles SET entities = ? WHERE id = ?", updates)


def group_people(db: sqlite3.Connection) -> None:
    """One representative spelling per person across the collection (reader.entities.resolve_aliases),
    and how many articles have each entity."""
    from reader.entities import canonical_key, resolve_aliases

    rows = db.execute("SELECT id, key, canonical, representative FROM entity_names WHERE label = 'PERSON'").fetchall()
    # How often each spelling occurs picks the representative spelling of a group, and
    # resolve_aliases counts repetitions: hand it each name as often as its count's rank among
    # the spellings with the same canonical_key (same choice, ~50 names instead of millions).
    texts = db.execute("SELECT entities FROM articles WHERE entities != ''")
    counts = Counter(chain.from_iterable(map(str.split, map(itemgetter(0), texts))))
    by_key: dict[str, list[tuple[int, str]]] = {}
    for entity_id, key, name, _ in rows:
        by_key.setdefault(key or canonical_key(name), []).append((counts[str(entity_id)], name))
    names: list[str] = []
    for spellings in by_key.values():
        rank = {count: place for place, count in enumerate(sorted({count for count, _ in spellings}), 1)}
        names.extend(name for count, name in spellings for _ in range(rank[count]))
    aliases = resolve_aliases(names)
    changes = [
        (aliases.get(name, name), entity_id) for entity_id, _, name, now in rows if aliases.get(name, name) != now
    ]
    db.executemany("UPDATE entity_names SET representative = ? WHERE id = ?", changes)
    # (how many articles have each entity: what related_articles weighs a shared name by)
    db.execute("UPDATE entity_names SET articles = 0")
    db.executemany("UPDATE entity_names SET articles = ? WHERE id = ?", ((n, int(i)) for i, n in counts.items()))


class EntityTable:
    """Entity names folded once, to match query terms in Python.

    A term selects groups (label, representative): every spelling of one person goes together.
    A group matches when the term matches its representative or any spelling's name, or, for a
    complete name (not a prefix being typed), when the term's canonical_key equals a spelling's,
    so that entity:"Sergey Lavrov" finds the articles filed under "Sergei Lavrov".
    """

    def __init__(self, rows: Iterable[tuple[int, str, str, str, str]]) -> None:
        from reader.query.folding import token_string

        # (label, folded canonical, folded representative, group)
        self.names: list[tuple[str, str, str, EntityPair]] = []
        self.groups: dict[EntityPair, list[int]] = {}
        self.by_key: dict[str, set[EntityPair]] = {}
        for entity_id, label, canonical, representative, key in rows:
            group = (label, representative)
            self.groups.setdefault(group, []).append(entity_id)
            self.by_key.setdefault(key, set()).add(group)
            folded = token_string(canonical)
            rep = folded if representative == canonical else token_string(representative)
            self.names.append((label, folded, rep, group))
        self.cache: dict[Text, list[int]] = {}

    def ids(self, term: Text) -> list[int]:
        found = self.cache.get(term)
        if found is None:
            from reader.query.matching import entity_names_match
            from reader.query.nodes import ENTITY_FIELDS

            assert term.field is not None  # (only entity fields' terms are looked up here)
            labels = ENTITY_FIELDS[term.field]
            groups = {
                group
                for label, folded, rep, group in self.names
                if (labels is None or label in labels) and entity_names_match(term, (folded, rep))
            }
            if not term.prefix and self.by_key:
                from reader.entities import canonical_key

                groups.update(
                    group
                    for group in self.by_key.get(canonical_key(" ".join(term.tokens)), ())
                    if labels is None or group[0] in labels
                )
            found = sorted(entity_id for group in groups for entity_id in self.groups[group])
            if len(self.cache) > 256:
                self.cache.clear()
            self.cache[term] = found
        return found


# ----- the entity pass ------------------------------------------------------------------------


#: One entity job: a file, the item keys of its articles still without entities, where each
#: item's bytes are (its span, or None) and the file's (size, mtime_ns) when they were stored.
EntityJob = tuple[str, tuple[str, ...], tuple["tuple[int, int] | None", ...], tuple[int, int]]
#: Items of one file with spans given to one job at most (a big dataset is shared among workers).
SPANNED_ITEMS_PER_JOB = 64


def entity_job(job: EntityJob) -> list[PassResult]:
    """The result (EntityResult) and the sketch of each listed article of one file; runs in a
    worker process. (The sketch, reader.stories.sketch, costs a tenth of the recogniser's time:
    here it needs no read of its own.)

    Items with a span are read from their own bytes; for the others the file is read and parsed
    once for all of them (a dataset, a feed or a mailbox read again for each of its records made
    the pass quadratic in the file's size).
    """
    from reader.entities import find_entities
    from reader.ingest.files import load_articles, read_spans
    from reader.stories.sketch import text_sketch

    path, items, spans, stamp = job
    spanned = [(item, *span) for item, span in zip(items, spans, strict=True) if span is not None]
    by_item = read_spans(path, stamp, spanned) if spanned else {}
    if len(by_item) < len(items):
        articles, _ = load_articles(Path(path))
        wanted = set(items) - set(by_item)
        by_item.update((article.item, article) for article in articles if article.item in wanted)
    results: list[PassResult] = []
    for item in items:
        article = by_item.get(item)
        if article is None:
            results.append((None, None))
            continue
        sketch = text_sketch(article.text)
        try:
            found = find_entities(article.text)
        except Exception as error:  # noqa: BLE001 - one article's bad luck: the others still get theirs
            results.append((entity_failure(error), sketch))
            continue
        results.append((sorted({(e.label, e.canonical) for e in found if e.label in ENTITY_LABELS}), sketch))
    return results


def entity_job_failed(job: EntityJob, error: BaseException) -> list[PassResult]:
    """The results of a job that raised as a whole: the same warning for each of its articles."""
    return [(entity_failure(error), None)] * len(job[1])


def entity_failure(error: BaseException) -> str:
    """The warning stored for an article whose entities could not be found."""
    from reader.ingest.files import describe_error

    return f"entities could not be found: {describe_error(error)}"


def sync_entities(
    index: PassHost,
    progress: Callable[[int, int], None] | None,
    workers: int | None,
    before_processes: Callable[[], None] | None,
) -> int:
    """`Index.sync_entities`: find, store and group the entities of every article without them."""
    from reader import processes
    from reader.index import passes
    from reader.ingest.formats import worker_settings, workers_know_every_format

    def read(db: sqlite3.Connection) -> array[int]:
        # Ids only, straight from the cursor into an array (8 bytes each); the paths are read
        # a chunk at a time as jobs are handed out (no 100,000 rows or paths held meanwhile).
        ids = array("q")
        for (article_id,) in db.execute(f"SELECT id FROM articles WHERE entities IS NULL ORDER BY {ORDER}"):
            ids.append(article_id)
        return ids

    ids = index._read(read, array("q"))
    total = len(ids)
    if progress is not None:
        progress(0, total)
    if not ids:
        return 0
    if workers is None:
        workers = (os.cpu_count() or 1) if total >= passes.PARALLEL_FROM else 1
    if not workers_know_every_format():
        workers = 1
    names: dict[EntityPair, int] = {}
    done = 0

    def flush(batch: list[tuple[int, PassResult]]) -> None:
        nonlocal done

        def write(db: sqlite3.Connection) -> None:
            store_entities(db, [(article_id, found) for article_id, (found, _) in batch], names)
            store_sketches(db, [(article_id, sketch) for article_id, (_, sketch) in batch if sketch is not None])

        index._write(write)
        index._forget_entity_table()
        done += len(batch)
        if progress is not None:
            progress(done, total)

    taken: deque[list[int]] = deque()  # each job's article ids, in order (results come in that order)

    def places_of(listed: str) -> dict[int, tuple[Any, ...]]:
        rows: list[tuple[Any, ...]] = index._read(
            lambda db: db.execute(
                "SELECT id, path, item, span_start, span_length, size, mtime_ns FROM articles"
                " WHERE id IN (SELECT value FROM json_each(?))",
                (listed,),
            ).fetchall(),
            [],
        )
        return {row[0]: row[1:] for row in rows}

    def jobs() -> Iterator[EntityJob]:
        # A chunk's articles in sidebar order, one job per file (the items of one file together),
        # or per SPANNED_ITEMS_PER_JOB items read from their own bytes.
        for start in range(0, total, ENTITY_PATHS_AT_ONCE):
            chunk = ids[start : start + ENTITY_PATHS_AT_ONCE]
            places = places_of(json.dumps(chunk.tolist()))
            by_file: dict[str, list[tuple[int, tuple[Any, ...]]]] = {}
            for article_id in chunk:
                found = places.get(article_id)
                if found is not None:  # else re-synced or removed meanwhile: nothing to do
                    by_file.setdefault(found[0], []).append((article_id, found))
            for path, listed in by_file.items():
                spanned = all(place[2] is not None for _, place in listed)
                step = SPANNED_ITEMS_PER_JOB if spanned else len(listed)
                for at in range(0, len(listed), step):
                    part = listed[at : at + step]
                    taken.append([article_id for article_id, _ in part])
                    yield (
                        path_from_db(path),
                        tuple(place[1] for _, place in part),
                        tuple(None if place[2] is None else (place[2], place[3]) for _, place in part),
                        part[0][1][4:6],
                    )

    def results_by_id(results: Iterable[list[PassResult]]) -> Iterator[tuple[int, PassResult]]:
        for found in results:
            yield from zip(taken.popleft(), found, strict=True)

    with processes.in_order(
        entity_job,
        jobs(),
        processes=workers if workers > 1 else 0,
        count=total,
        window=512,
        chunksize=16,
        on_error=entity_job_failed,
        before_start=before_processes,
        worker_setup=worker_settings(),
    ) as results:
        passes.batched(results_by_id(results), flush)
    index._write(group_people)
    index._write(group_stories)
    index._forget_entity_table()
    return done
