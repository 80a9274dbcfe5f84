"""The index seam (reader.index.protocol.CollectionIndex): the SQLite index and the tests'
in-memory double (tests.memory_index) answer the same scenarios the same way, so a test that
uses the double still tests what the UI, the session and the command line rely on."""

from __future__ import annotations

import pytest

from reader.index import Index
from reader.model import article_key
from reader.query import parse_query
from tests.digest_format import ALPHA, BETA, GAMMA, digest, digest_format  # noqa: F401 - a fixture
from tests.index.conftest import ARTICLES, write_article
from tests.index.test_index_sync import QUERIES
from tests.memory_index import MemoryIndex


@pytest.fixture
def folder(tmp_path, digest_format):  # noqa: F811 - the fixture
    folder = tmp_path / "articles"
    for name, text in ARTICLES.items():
        write_article(folder, name, text)
    write_article(folder, "news.digest", digest(ALPHA, BETA, GAMMA))
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    return folder


@pytest.fixture(params=["sqlite", "memory"])
def index(request, folder, tmp_path):
    opened = MemoryIndex([folder]) if request.param == "memory" else Index.open([folder], cache_dir=tmp_path / "cache")
    with opened:
        opened.sync(workers=1)
        opened.sync_entities(workers=1)
        yield opened


def listed(index):
    return [(row.path.rsplit("/", 1)[-1], row.item, row.title, row.date) for row in index.articles()]


EXPECTED_ORDER = [
    ("news.digest", "beta", "Oil exports climb"),
    ("a.txt", "", "Peskov hails committee"),
    ("b.txt", "", "Iran, Russia push strategic ties"),
    ("news.digest", "alpha", "Caspian talks resume"),
    ("c.txt", "", "Closer than ever"),
    ("e.txt", "", "Year only"),
    ("d.txt", "", "Undated piece about oil"),
    ("news.digest", "gamma", "Undated note on grain"),
]


def test_the_list_is_in_sidebar_order_with_a_row_per_item(index):
    assert [entry[:3] for entry in listed(index)] == EXPECTED_ORDER
    assert index.count() == len(EXPECTED_ORDER)
    assert index.summaries(1, 3) == index.articles()[1:3]


def test_every_row_opens_its_own_article_and_is_found_by_its_identity(index):
    for position, row in enumerate(index.articles()):
        article = index.article(row.id)
        assert article is not None and (article.path, article.item, article.title) == (row.path, row.item, row.title)
        assert article.paragraphs
        assert index.article_id(row.path, row.item) == row.id
        assert index.position(row.id) == position


def test_sort_keys_are_the_rows_packed_dates_in_list_order(index):
    keys = list(index.sort_keys())
    assert keys == [row[10] for row in index.articles()]
    assert keys[-2:] == [-1, -1]  # (the undated ones last)
    assert keys[:-2] == sorted(keys[:-2], reverse=True)


def test_story_ids_name_no_group_among_different_stories(index):
    assert index.story_ids() == {}


@pytest.fixture
def both(folder, tmp_path):
    with Index.open([folder], cache_dir=tmp_path / "cache") as sqlite, MemoryIndex([folder]) as memory:
        for index in (sqlite, memory):
            index.sync(workers=1)
            index.sync_entities(workers=1)
            rows = index.articles()
            index.set_flagged("starred", [article_key(rows[0].path, rows[0].item)])
            index.set_flagged("read", [article_key(row.path, row.item) for row in rows[1:4]])
        yield sqlite, memory


def answer(index, query):
    rows = index.articles()
    return [f"{rows[p].path.rsplit('/', 1)[-1]}#{rows[p].item}" for p in index.search(parse_query(query))]


@pytest.mark.parametrize("query", QUERIES)
def test_both_answer_every_query_alike(both, query):
    sqlite, memory = both
    assert answer(sqlite, query) == answer(memory, query)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("caspian", ["news.digest#alpha", "e.txt#", "news.digest#gamma"]),
        ("title:oil OR grain", ["news.digest#beta", "d.txt#", "news.digest#gamma"]),
        ("person:lavrov baku", ["news.digest#alpha"]),
        ("is:starred", ["news.digest#beta"]),
        ("is:read -is:starred", ["a.txt#", "b.txt#", "news.digest#alpha"]),
    ],
)
def test_queries_pick_items_out_of_files(both, query, expected):
    for index in both:
        assert answer(index, query) == expected


def test_content_keys_name_every_article(index):
    keys = index.content_keys()
    assert set(keys) == {article_key(row.path, row.item) for row in index.articles()}


def test_entities_are_stored_and_read_per_item(index, folder):
    path = str(folder / "news.digest")
    assert ("PERSON", "Sergei Lavrov") in index.entities_of(path, "alpha")
    index.set_entities(path, [("PLACE", "Baku")], "gamma")
    assert index.entities_of(path, "gamma") == [("PLACE", "Baku")]
    rows = index.articles()
    assert [rows[p].item for p in index.search(parse_query("place:baku"))] == ["alpha", "gamma"]


def test_problems_name_the_file_that_could_not_be_used(index, folder):
    assert [(p.path, p.severity) for p in index.problems()] == [(str(folder / "binary.txt"), "error")]


def test_closing_ends_the_session(index):
    index.close()
    assert index.notices == []


SOURCED = [
    {"id": "s1", "title": "Port deal", "text": "Baku signs.", "source": "Caspian Wire", "author": "Jane Roe",
     "url": "https://www.caspian-wire.example/a", "date": "2025-01-02"},
    {"id": "s2", "title": "Wire story", "text": "Jane wrote nothing here.", "source": "Reuters",
     "author": "John Doe", "url": "https://reuters.example/b", "date": "2025-01-01"},
    {"id": "s3", "title": "No metadata", "text": "Reuters is mentioned in the body only."},
]  # fmt: skip


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("source:caspian", ["s1"]),
        ('source:"caspian wire"', ["s1"]),
        ("source:reuters", ["s2"]),
        ("reuters", ["s3"]),  # a term without a field reads the title, body and dateline only
        ('"caspian wire"', []),
        ("author:jane", ["s1"]),
        ("author:jo", ["s2"]),
        ("jane", ["s2"]),
        ("site:caspian-wire.example", ["s1"]),
        ("site:reuters", ["s2"]),
        ("-site:reuters source:ca", ["s1"]),
        ("-site:reuters", ["s1", "s3"]),
        ("source:reuters OR author:roe", ["s1", "s2"]),
    ],
)
def test_source_author_and_site_filters_agree(tmp_path, query, expected):
    import json

    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "wire.jsonl").write_text("".join(json.dumps(r) + "\n" for r in SOURCED), encoding="utf-8")
    with Index.open([folder], cache_dir=tmp_path / "cache") as sqlite, MemoryIndex([folder]) as memory:
        for index in (sqlite, memory):
            index.sync(workers=1)
            rows = index.articles()
            assert [rows[p].item for p in index.search(parse_query(query))] == expected, type(index).__name__
