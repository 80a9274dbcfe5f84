"""The entity pass: entities found per article, stored, grouped across spellings, and queryable."""

import os

import pytest

from reader.entities import find_entities
from reader.index import Index, entity_store, passes
from reader.ingest.files import load_file
from reader.query import parse_query
from tests.index.conftest import paths_without_entities, write_article

SERGEY = (
    "Lavrov in Astana\n\n2025-02-01\n\nASTANA – Sergey Lavrov met Kazakh officials on Tuesday to discuss transit.\n"
)
MARIA = "Briefing\n\n2025-02-02\n\nMaria Zakharova, the ministry's spokeswoman, spoke on Friday.\n"
MARIYA = "Another briefing\n\n2025-02-03\n\nMariya Zakharova said talks would go on.\n"


def synced(collection, cache_dir):
    index = Index.open([collection], cache_dir=cache_dir)
    index.sync(workers=1)
    return index


def names(index, query):
    rows = index.articles()
    return sorted(os.path.basename(rows[p].path) for p in index.search(parse_query(query)))


def test_entity_pass_stores_the_recognisers_entities(collection, cache_dir):
    index = synced(collection, cache_dir)
    assert index.sync_entities(workers=1) == 5
    for summary in index.articles():
        article, _ = load_file(summary.path)
        expected = sorted({(e.label, e.canonical) for e in find_entities(article.text) if e.label != "DATE"})
        assert index.entities_of(summary.path) == expected
    assert paths_without_entities(index) == []
    assert index.sync_entities(workers=1) == 0  # nothing left to do


def test_entity_fields_query_the_stored_entities(collection, cache_dir):
    index = synced(collection, cache_dir)
    index.sync_entities(workers=1)
    assert names(index, "person:lavrov") == ["c.txt"]
    assert names(index, "person:peskov") == ["a.txt"]
    assert names(index, "place:ashgabat") == ["b.txt"]
    assert names(index, "org:ministry") == ["d.txt"]
    assert names(index, "entity:putin") == ["b.txt"]
    assert names(index, "person:ashgabat") == []  # a place, not a person
    assert names(index, "person:lavrov OR place:ashgabat") == ["b.txt", "c.txt"]


def test_one_person_spelled_two_ways_is_one_entity(collection, cache_dir):
    write_article(collection, "f.txt", MARIA)
    write_article(collection, "g.txt", MARIYA)
    index = synced(collection, cache_dir)
    index.sync_entities(workers=1)
    assert ("PERSON", "Maria Zakharova") in index.entities_of(str(collection / "f.txt"))
    assert ("PERSON", "Mariya Zakharova") in index.entities_of(str(collection / "g.txt"))
    for query in (
        'entity:"Maria Zakharova"',
        'entity:"Mariya Zakharova"',
        "person:zakharova",
        'person:"maria zakharova"',
        "person:mariya",
    ):
        assert names(index, query) == ["f.txt", "g.txt"], query
    assert names(index, "mariya") == ["g.txt"]  # plain words still mean the text
    assert names(index, "org:zakharova") == []


def test_a_spelling_nobody_wrote_still_finds_the_person(collection, cache_dir):
    write_article(collection, "f.txt", SERGEY)  # the recogniser files "Sergey Lavrov" as "Sergei Lavrov"
    index = synced(collection, cache_dir)
    index.sync_entities(workers=1)
    assert ("PERSON", "Sergei Lavrov") in index.entities_of(str(collection / "f.txt"))
    for query in ('entity:"Sergei Lavrov"', 'entity:"Sergey Lavrov"', 'person:"sergey lavrov"', "person:lavrov"):
        assert names(index, query) == ["c.txt", "f.txt"], query
    assert names(index, "sergey") == ["f.txt"]


def test_spelling_found_after_the_pass_joins_the_group(collection, cache_dir):
    write_article(collection, "f.txt", MARIA)
    index = synced(collection, cache_dir)
    index.sync_entities(workers=1)
    write_article(collection, "g.txt", MARIYA)
    index.sync(workers=1)
    assert paths_without_entities(index) == [str(collection / "g.txt")]
    assert index.sync_entities(workers=1) == 1
    assert names(index, 'entity:"Maria Zakharova"') == ["f.txt", "g.txt"]
    assert names(index, "person:maria") == ["f.txt", "g.txt"]


def test_changed_file_gets_its_entities_again(collection, cache_dir):
    index = synced(collection, cache_dir)
    index.sync_entities(workers=1)
    info = os.stat(collection / "c.txt")
    write_article(
        collection,
        "c.txt",
        "Closer than ever\n\nMarch 2024\n\nMOSCOW — Maria Zakharova spoke.\n",
        mtime_ns=info.st_mtime_ns + 10**9,
    )
    index.sync(workers=1)
    assert paths_without_entities(index) == [str(collection / "c.txt")]
    assert names(index, "person:lavrov") == []
    index.sync_entities(workers=1)
    assert names(index, "person:zakharova") == ["c.txt"]


def test_interrupted_entity_pass_keeps_what_was_committed(collection, cache_dir, monkeypatch):
    for number in range(20):
        write_article(collection, f"many/{number:02d}.txt", f"T{number}\n\nVladimir Putin spoke in Moscow {number}.\n")
    monkeypatch.setattr(passes, "BATCH_SECONDS", 0)
    index = synced(collection, cache_dir)

    def interrupt(done, total):
        if done >= 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        index.sync_entities(progress=interrupt, workers=1)
    left = len(paths_without_entities(index))
    assert 0 < left <= 22
    assert index.sync_entities(workers=1) == left
    assert len(names(index, "person:putin")) == 21


def test_entity_pass_in_worker_processes(collection, cache_dir, monkeypatch):
    monkeypatch.setattr(passes, "PARALLEL_FROM", 1)
    index = synced(collection, cache_dir)
    assert index.sync_entities(workers=2) == 5
    assert names(index, "person:lavrov") == ["c.txt"]


def test_unreadable_file_is_left_for_a_later_pass(collection, cache_dir):
    index = synced(collection, cache_dir)
    (collection / "e.txt").unlink()
    assert index.sync_entities(workers=1) == 5
    assert paths_without_entities(index) == [str(collection / "e.txt")]


def test_every_recogniser_label_is_reachable_from_a_query_field():
    from reader.entities import LABELS
    from reader.query.nodes import ENTITY_FIELDS

    assert set(LABELS) - {"DATE"} == entity_store.ENTITY_LABELS
    assert ENTITY_FIELDS["entity"] is None  # any label, MISC included
    for label, field in (("PERSON", "person"), ("ORG", "org"), ("PLACE", "place")):
        assert label in ENTITY_FIELDS[field]
    assert not any(labels and "MISC" in labels for labels in ENTITY_FIELDS.values())


def test_the_most_written_spelling_represents_the_person(collection, cache_dir):
    write_article(collection, "f.txt", MARIA)
    write_article(collection, "g.txt", MARIYA)
    write_article(collection, "h.txt", MARIYA.replace("Another briefing", "Third briefing"))
    index = synced(collection, cache_dir)
    index.sync_entities(workers=1)
    representatives = dict(
        index._db.execute("SELECT canonical, representative FROM entity_names WHERE canonical LIKE '%Zakharova'")
    )
    assert representatives == {"Maria Zakharova": "Mariya Zakharova", "Mariya Zakharova": "Mariya Zakharova"}
    assert names(index, 'person:"maria zakharova"') == ["f.txt", "g.txt", "h.txt"]


def test_entity_pass_reads_paths_in_chunks_and_skips_articles_gone_meanwhile(collection, cache_dir, monkeypatch):
    monkeypatch.setattr(entity_store, "ENTITY_PATHS_AT_ONCE", 2)
    index = synced(collection, cache_dir)
    gone = str(collection / "e.txt")
    seen = []

    def progress(done, total):
        seen.append((done, total))
        if done == 0:  # the ids are read: an article leaves the index before its path is
            (collection / "e.txt").unlink()
            index.sync(workers=1)

    assert index.sync_entities(progress=progress, workers=1) == 4
    assert seen[0] == (0, 5)
    assert gone not in [row.path for row in index.articles()]
    assert paths_without_entities(index) == []
    assert names(index, "person:lavrov") == ["c.txt"]
    assert names(index, "place:ashgabat") == ["b.txt"]
