"""Near copies in the cache: storing each article's sketch, grouping the same story, and finding
the articles most related to one.

Sketches (reader.stories.sketch) are stored in ``articles.sketch`` and their band words in the
FTS5 table story_index (rowid: the article id), deleted exactly from the stored sketch. After
each entity pass `group_stories` puts the articles that resemble each other in groups:
``articles.story`` is the smallest id of the article's group, NULL for an article alone.
"""

from __future__ import annotations

import heapq
import json
import math
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.stories.sketch import band_words, resemblance

if TYPE_CHECKING:
    from reader.stories.sketch import Sketch

#: Articles whose sketches agree this much tell the same story (a wire copy retitled, a paragraph
#: rewritten or dropped: 0.4–0.9; two articles on one subject from different hands: below 0.1).
SAME_STORY = 0.4
#: A band word shared by more articles than this comes from text they all carry (a template, a
#: disclaimer), not from one story: it is passed over.
BAND_SHARED_AT_MOST = 64
#: Words and entities found in more than this share of the articles (or, in a small collection,
#: COMMON_AT_LEAST articles or a quarter of them) say little about relatedness and are passed over.
COMMON_SHARE = 0.01
COMMON_AT_LEAST = 50
WORDS_LOOKED_UP = 32  # of the article's words, the longest this many are looked up
RARE_WORDS = 16  # and the rarest this many of them count
RELATED_ENTITIES = 24  # of its entities, the rarest this many count
COMPARE_ALL_UP_TO = 2000  # articles: below this, every sketch is compared (~10 µs each)


def store_sketches(db: sqlite3.Connection, batch: Iterable[tuple[int, Sketch]]) -> None:
    """Store (article id, sketch) pairs, replacing an article's earlier band words."""
    batch = list(batch)
    if not batch:
        return
    listed = json.dumps([article_id for article_id, _ in batch])
    forget_sketches(db, listed)
    # (an article re-synced or removed meanwhile gets no band words: nothing could delete them)
    live = {
        row[0] for row in db.execute("SELECT id FROM articles WHERE id IN (SELECT value FROM json_each(?))", (listed,))
    }
    batch = [(article_id, sketch) for article_id, sketch in batch if article_id in live]
    db.executemany(
        "UPDATE articles SET sketch = ? WHERE id = ?", [(sketch, article_id) for article_id, sketch in batch]
    )
    db.executemany(
        "INSERT INTO story_index(rowid, bands) VALUES (?, ?)",
        [(article_id, words) for article_id, sketch in batch if (words := " ".join(band_words(sketch)))],
    )


def forget_sketches(db: sqlite3.Connection, listed_ids: str) -> None:
    """Delete the band words of the articles whose ids are in ``listed_ids`` (a JSON array)."""
    rows = db.execute(
        "SELECT id, sketch FROM articles WHERE id IN (SELECT value FROM json_each(?)) AND sketch IS NOT NULL",
        (listed_ids,),
    ).fetchall()
    db.executemany(
        "INSERT INTO story_index(story_index, rowid, bands) VALUES ('delete', ?, ?)",
        [(article_id, words) for article_id, sketch in rows if (words := " ".join(band_words(sketch)))],
    )


def group_stories(db: sqlite3.Connection) -> None:
    """Put the articles that resemble each other (SAME_STORY) in groups, across the collection.

    Candidates are the articles sharing a band word (found from the table's vocabulary: only
    words more than one article has); each is checked against the first of its band before
    joining it, so a chance band match never merges two stories. Nothing is kept per article
    but the groups: a band's sketches are read with its members (text shared by many articles,
    a quotation or a template, makes tens of thousands of bands shared by a few articles each)."""
    db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.story_words USING fts5vocab(main, story_index, row)")
    parent: dict[int, int] = {}

    def root(article_id: int) -> int:
        while parent.get(article_id, article_id) != article_id:
            parent[article_id] = parent.get(parent[article_id], parent[article_id])
            article_id = parent[article_id]
        return article_id

    shared = db.execute("SELECT term FROM temp.story_words WHERE doc > 1 AND doc <= ?", (BAND_SHARED_AT_MOST,))
    for (word,) in shared:
        members = db.execute(
            "SELECT id, sketch FROM articles WHERE id IN (SELECT rowid FROM story_index WHERE story_index MATCH ?)"
            " AND sketch IS NOT NULL ORDER BY id",  # (orphaned rows: their article is gone)
            (word,),
        ).fetchall()
        if len(members) < 2:
            continue
        first, first_sketch = members[0]
        for other, sketch in members[1:]:
            if root(other) != root(first) and resemblance(first_sketch, sketch) >= SAME_STORY:
                one, two = root(first), root(other)
                parent[max(one, two)] = min(one, two)
    groups = {article_id: root(article_id) for article_id in parent}
    db.execute("UPDATE articles SET story = NULL WHERE story IS NOT NULL")
    db.executemany(
        "UPDATE articles SET story = ? WHERE id = ?", [(story, article_id) for article_id, story in groups.items()]
    )
    # (the smallest id of a group is its own root: it is in `groups` only when it joined another)
    db.executemany("UPDATE articles SET story = ? WHERE id = ?", [(story, story) for story in set(groups.values())])


@dataclass(frozen=True, slots=True)
class Related:
    """An article related to the one asked about: how much (``score``, 0 to 1), how much of its
    wording is the same (``resemblance``), and why: the names the two share, rarest first."""

    article_id: int
    score: float
    resemblance: float
    shared: tuple[str, ...]

    @property
    def same_story(self) -> bool:
        return self.resemblance >= SAME_STORY


def related_articles(
    db: sqlite3.Connection, article_id: int, words: Sequence[str], limit: int = 10, total: int | None = None
) -> list[Related]:
    """The ``limit`` articles most related to ``article_id``, best first.

    ``words`` are the article's distinct words as the full-text index folds them, ``total`` the
    number of articles when the caller knows it. Candidates
    share a band word, a rare entity or a rare word with it; each scores by its resemblance
    (the same story retold comes first) and by the rarity-weighted share of the article's
    rare entities and words it has too (inverse document frequency, so that sharing "Iran" in
    a collection about Iran counts for little and sharing an obscure minister's name for much).
    """
    row = db.execute("SELECT sketch, entities FROM articles WHERE id = ?", (article_id,)).fetchone()
    if row is None:
        return []
    sketch, entity_text = row[0] or b"", row[1] or ""
    if total is None:  # (the index knows it: counting the rows is a scan of the table)
        total = int(db.execute("SELECT count(*) FROM articles").fetchone()[0])
    total = max(1, total)
    common = max(2, int(total * COMMON_SHARE), min(total // 4, COMMON_AT_LEAST))
    weights: dict[int, float] = {}  # candidate → the weight of what it shares
    shared_names: dict[int, list[tuple[float, str]]] = {}
    possible = 0.0

    def idf(found_in: int) -> float:
        return math.log((total + 1) / (found_in + 0.5))

    # Entities: the rarest of the article's (people, organisations and places count double).
    entity_ids = [int(value) for value in entity_text.split()]
    if entity_ids:
        named = db.execute(
            "SELECT id, label, representative, articles FROM entity_names "
            "WHERE id IN (SELECT value FROM json_each(?)) AND articles > 1 AND articles <= ? "
            "ORDER BY articles LIMIT ?",
            (json.dumps(entity_ids), common, RELATED_ENTITIES),
        ).fetchall()
        for entity_id, label, name, found_in in named:
            weight = idf(found_in) * (1.0 if label == "MISC" else 2.0)
            possible += weight
            for (other,) in db.execute("SELECT rowid FROM entity_index WHERE entity_index MATCH ?", (f"e{entity_id}",)):
                if other != article_id:
                    weights[other] = weights.get(other, 0.0) + weight
                    shared_names.setdefault(other, []).append((found_in, name))
    # Words: of the article's longest (long words are the rare ones, mostly), the rarest that
    # some other article has too. A word's articles are read at most common + 1 at a time: one
    # found in more is passed over without reading them all.
    rare: list[tuple[int, str, list[int]]] = []
    for word in sorted(set(words), key=lambda word: (-len(word), word))[:WORDS_LOOKED_UP]:
        phrase = '"' + word.replace('"', '""') + '"'
        having = [
            other
            for (other,) in db.execute(
                "SELECT rowid FROM word_index WHERE word_index MATCH ? LIMIT ?", (phrase, common + 1)
            )
        ]
        if 1 < len(having) <= common:
            rare.append((len(having), word, having))
    for found_in, _, having in sorted(rare)[:RARE_WORDS]:
        weight = idf(found_in)
        possible += weight
        for other in having:
            if other != article_id:
                weights[other] = weights.get(other, 0.0) + weight
    # Near copies: the articles sharing a band of the sketch; in a small collection, every one
    # (a short text fills too few bins for its bands to be sure to meet its copy's).
    if total <= COMPARE_ALL_UP_TO:
        for (other,) in db.execute("SELECT id FROM articles WHERE sketch IS NOT NULL AND id != ?", (article_id,)):
            weights.setdefault(other, 0.0)
    for word in band_words(sketch):
        for (other,) in db.execute(
            "SELECT rowid FROM story_index WHERE story_index MATCH ? LIMIT ?", (word, BAND_SHARED_AT_MOST + 1)
        ):
            if other != article_id:
                weights.setdefault(other, 0.0)
    if not weights:
        return []
    # Only live articles (full-text rows of changed files stay behind as orphans), with their sketches.
    shortlist = heapq.nlargest(max(200, limit * 20), weights, key=weights.__getitem__)
    listed = set(shortlist)
    shortlist += [other for other, weight in weights.items() if weight == 0.0 and other not in listed]
    live = dict(
        db.execute(
            "SELECT id, sketch FROM articles WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(shortlist),)
        ).fetchall()
    )
    scored = []
    for other, sketch_of_other in live.items():
        alike = resemblance(sketch, sketch_of_other) if sketch and sketch_of_other else 0.0
        topical = weights[other] / possible if possible else 0.0
        score = 0.6 * alike + 0.4 * min(1.0, topical)
        if score <= 0.0:
            continue
        names = tuple(dict.fromkeys(name for _, name in sorted(shared_names.get(other, ()))))
        scored.append(Related(other, round(score, 4), round(alike, 4), names))
    scored.sort(key=lambda found: (-found.score, found.article_id))
    return scored[:limit]
