"""Articles are items of sources: one file may hold many, each named by (path, item key)."""

import sqlite3

import pytest

from reader.index import Index
from reader.ingest.files import load_articles
from reader.ingest.formats import MAX_ITEM_CHARS
from reader.model import article_key
from reader.query import parse_query
from reader.state.flags import push_flagged
from reader.state.store import StateStore
from tests.digest_format import ALPHA, BETA, GAMMA, digest, digest_folder, digest_format  # noqa: F401 - fixtures
from tests.index.conftest import write_article


@pytest.fixture
def folder(digest_folder):  # noqa: F811 - the fixture
    return digest_folder


def opened(folder, tmp_path):
    index = Index.open([folder], cache_dir=tmp_path / "cache")
    index.sync()
    return index


def listed(index):
    return [(row.path.rsplit("/", 1)[-1], row.item, row.title) for row in index.articles()]


def test_each_item_of_a_file_is_an_article_in_date_order(folder, tmp_path):
    with opened(folder, tmp_path) as index:
        assert listed(index) == [
            ("news.digest", "beta", "Oil exports climb"),
            ("news.digest", "alpha", "Caspian talks resume"),
            ("solo.txt", "", "Solo piece"),
            ("news.digest", "gamma", "Undated note on grain"),
        ]


def test_opening_an_item_reads_that_item_and_no_other(folder, tmp_path):
    with opened(folder, tmp_path) as index:
        rows = {row.item: row for row in index.articles()}
        article = index.article(rows["alpha"].id)
        assert article is not None and article.item == "alpha"
        assert article.paragraphs == ("Sergei Lavrov met Abbas Araghchi in Baku about the corridor.",)
        assert index.article_id(str(folder / "news.digest"), "beta") == rows["beta"].id
        assert index.article_id(str(folder / "news.digest")) is None  # no item "" in a digest
        assert index.article_id(str(folder / "solo.txt")) == rows[""].id
        assert not index.stale


def test_a_filter_picks_items_out_of_a_file(folder, tmp_path):
    with opened(folder, tmp_path) as index:
        rows = index.articles()
        assert [rows[p].item for p in index.search(parse_query("caspian"))] == ["alpha", "gamma"]
        assert [rows[p].item for p in index.search(parse_query("title:oil"))] == ["beta"]


def test_flags_name_one_item_not_its_whole_file(folder, tmp_path):
    with opened(folder, tmp_path) as index:
        path = str(folder / "news.digest")
        index.set_flagged("starred", [article_key(path, "alpha")])
        index.set_flagged("read", [article_key(path, "beta"), str(folder / "solo.txt")])
        rows = index.articles()
        assert [rows[p].item for p in index.search(parse_query("is:starred"))] == ["alpha"]
        assert [rows[p].item for p in index.search(parse_query("is:unread"))] == ["alpha", "gamma"]


def test_content_keys_are_per_item(folder, tmp_path):
    with opened(folder, tmp_path) as index:
        keys = index.content_keys()
        path = str(folder / "news.digest")
        assert set(keys) == {article_key(path, i) for i in ("alpha", "beta", "gamma")} | {str(folder / "solo.txt")}
        assert len(set(keys.values())) == 4


def test_editing_one_item_leaves_the_others_rows_and_entities_alone(folder, tmp_path):
    with opened(folder, tmp_path) as index:
        index.sync_entities(workers=1)
        before = {row.item: row.id for row in index.articles()}
        path = str(folder / "news.digest")
        lavrov = index.entities_of(path, "alpha")
        assert ("PERSON", "Sergei Lavrov") in lavrov
        changed = ("beta", BETA[1].replace("more crude", "less crude"))
        write_article(folder, "news.digest", digest(ALPHA, changed, GAMMA), mtime_ns=10**18)
        report = index.sync()
        assert (report.updated, report.added, report.removed) == (1, 0, 0)
        after = {row.item: row.id for row in index.articles()}
        assert after["alpha"] == before["alpha"] and after["gamma"] == before["gamma"]
        assert after["beta"] != before["beta"]
        assert index.entities_of(path, "alpha") == lavrov
        beta = index.article(after["beta"])
        assert beta is not None and "less crude" in beta.text


def test_an_item_dropped_from_its_file_leaves_the_list(folder, tmp_path):
    with opened(folder, tmp_path) as index:
        write_article(folder, "news.digest", digest(ALPHA, GAMMA), mtime_ns=10**18)
        index.sync()
        assert [item for _name, item, _title in listed(index)] == ["alpha", "", "gamma"]
        assert index.search(parse_query("title:oil")) == []


def test_an_open_item_that_vanished_from_its_file_is_none_and_the_file_goes_stale(folder, tmp_path):
    with opened(folder, tmp_path) as index:
        beta = next(row for row in index.articles() if row.item == "beta")
        write_article(folder, "news.digest", digest(ALPHA, GAMMA), mtime_ns=10**18)
        assert index.article(beta.id) is None
        assert str(folder / "news.digest") in index.stale


def test_the_entity_pass_covers_every_item(folder, tmp_path):
    with opened(folder, tmp_path) as index:
        index.sync_entities()
        path = str(folder / "news.digest")
        assert ("ORG", "National Iranian Oil Company") in index.entities_of(path, "beta")
        rows = index.articles()
        assert [rows[p].item for p in index.search(parse_query("person:lavrov"))] == ["alpha"]


def test_a_repeated_item_key_keeps_the_first_and_says_so(tmp_path, digest_format):  # noqa: F811
    path = write_article(tmp_path, "twice.digest", digest(ALPHA, ("alpha", BETA[1]), GAMMA))
    articles, problems = load_articles(path)
    assert [(a.item, a.title) for a in articles] == [("alpha", "Caspian talks resume"), ("gamma", GAMMA[1][:21])]
    assert [(p.severity, p.reason) for p in problems] == [("warning", "1 article(s) with a repeated key left out")]


def test_item_keys_are_bounded_and_stay_apart(tmp_path, digest_format):  # noqa: F811
    long_a, long_b = "k" * 5000 + "a", "k" * 5000 + "b"
    path = write_article(tmp_path, "long.digest", digest((long_a, ALPHA[1]), (long_b, BETA[1])))
    articles, _ = load_articles(path)
    assert len({a.item for a in articles}) == 2
    assert all(len(a.item) <= MAX_ITEM_CHARS for a in articles)


def test_a_file_of_no_items_is_a_problem_not_an_article(tmp_path, digest_format):  # noqa: F811
    path = write_article(tmp_path, "empty.digest", "just a preamble, no items\n")
    articles, problems = load_articles(path)
    assert articles == [] and [p.reason for p in problems] == ["no articles in this file"]


def test_marks_survive_a_cache_schema_upgrade(folder, tmp_path):
    """Marks live apart from the cache, keyed by content: a cache rebuilt for a new schema
    finds them again for every item."""
    state = StateStore.open(tmp_path / "state.sqlite")
    with opened(folder, tmp_path) as index:
        keys = index.content_keys()
        starred = article_key(str(folder / "news.digest"), "gamma")
        state.set_starred(keys[starred])
        location = index.location
    with sqlite3.connect(location) as db:  # as an older release left it
        db.execute("PRAGMA user_version = 5")
    db.close()
    with opened(folder, tmp_path) as index:
        assert any("rebuilding" in notice for notice in index.notices)
        keys = index.content_keys()
        push_flagged(index, keys, state.marked(keys.values()))
        rows = index.articles()
        assert [rows[p].item for p in index.search(parse_query("is:starred"))] == ["gamma"]
    state.close()


def test_a_sync_counts_articles_not_files(folder, tmp_path):
    delta = ("delta", "Grain deal signed\n\n2 July 2025\n\nKazakhstan and Iran signed a wheat deal in Aktau.")
    with opened(folder, tmp_path) as index:
        write_article(folder, "news.digest", digest(ALPHA, BETA, GAMMA, delta), mtime_ns=10**18)
        report = index.sync()
        assert (report.added, report.updated, report.removed, report.unchanged) == (1, 0, 0, 1)
        write_article(folder, "news.digest", digest(BETA, delta), mtime_ns=2 * 10**18)
        report = index.sync()
        assert (report.added, report.updated, report.removed) == (0, 0, 2)
        (folder / "news.digest").unlink()
        report = index.sync()
        assert (report.added, report.updated, report.removed) == (0, 0, 2)
        assert [item for _name, item, _title in listed(index)] == [""]


def test_opening_items_of_one_file_reads_it_once_until_it_changes(folder, tmp_path, monkeypatch):
    import reader.ingest.files as files

    reads = []
    real = files.load_articles
    with opened(folder, tmp_path) as index:
        monkeypatch.setattr(files, "load_articles", lambda path: reads.append(path.name) or real(path))
        rows = {row.item: row for row in index.articles()}
        assert [index.article(rows[item].id).item for item in ("alpha", "beta", "gamma")] == ["alpha", "beta", "gamma"]
        assert reads == ["news.digest"]
        changed = ("beta", BETA[1].replace("more crude", "less crude"))
        write_article(folder, "news.digest", digest(ALPHA, changed, GAMMA), mtime_ns=10**18)
        assert "less crude" in index.article(rows["beta"].id).text
        assert reads == ["news.digest", "news.digest"]


def test_the_entity_pass_reads_a_file_of_many_items_once(folder, tmp_path, monkeypatch):
    import reader.ingest.files as files

    reads = []
    real = files.load_articles
    with opened(folder, tmp_path) as index:
        monkeypatch.setattr(files, "load_articles", lambda path: reads.append(path.name) or real(path))
        assert index.sync_entities(workers=1) == 4
        assert sorted(reads) == ["news.digest", "solo.txt"]
        path = str(folder / "news.digest")
        assert all(index.entities_of(path, item) for item in ("alpha", "beta"))
