"""Incremental sync: only new or changed files are parsed; results match in-memory semantics."""

import os

import pytest

from reader.index import Index, indexer, ingest, passes, records
from reader.ingest.files import load_corpus
from reader.model import ArticleDate, Problem
from reader.query import SearchDoc, parse_query
from tests.index.conftest import paths_without_entities, write_article

QUERIES = [
    "",
    "iran",
    "IRAN russia",
    "cafe",
    "caf",
    "peskov OR lavrov",
    "-iran",
    '"joint economic"',
    "oil -gas",
    "title:ties",
    "dateline:tehran",
    "after:2024-03",
    "before:2025",
    "date:2024",
    "date:2024-03",
    "-after:2024",
    "(energy OR nuclear) -putin",
    "person:lavrov",
    "org:ministry",
    "place:ashgabat OR energy",
    "is:starred",
    "is:unread iran",
    "-is:read -iran",
    # words and prefixes go to word_index, phrases and fields to text_index, mixtures to both
    '"joint economic" coop',
    "title:ties ir",
    'iran -"strategic ties"',
    '(peskov OR "nuclear talks") en',
    "dateline:mosc",
    "energy-tra",
    "cafe OR dipl",
    "-oil -gas en",
    '"foreign ministry" OR ru',
    "ru -russia",
    # an exclusion only text_index can answer beside a prefix only word_index answers: no empty MATCH may result
    '-"strategic ties" ir',
    "-title:ties ir",
    "-dateline:tehran ru",
    "-don't en",
    'oil -"foreign ministry" ga',
]


def synced(collection, cache_dir, **options):
    index = Index.open([collection], cache_dir=cache_dir)
    report = index.sync(workers=1, **options)
    return index, report


def test_cold_then_warm_parses_only_once(collection, cache_dir, monkeypatch):
    index, report = synced(collection, cache_dir)
    assert (report.added, report.updated, report.removed, report.unchanged) == (5, 0, 0, 0)
    assert index.notices == [] and index.location is not None and index.location.exists()
    first = [(a.path, a.title, a.date, a.words) for a in index.articles()]
    index.close()

    def no_parsing(*args):
        raise AssertionError("an unchanged file was parsed again")

    monkeypatch.setattr(ingest, "prepare", no_parsing)
    index, report = synced(collection, cache_dir)
    assert (report.added, report.updated, report.removed, report.unchanged) == (0, 0, 0, 5)
    assert [(a.path, a.title, a.date, a.words) for a in index.articles()] == first


def test_reopened_cache_serves_the_list_and_searches_before_any_file_is_read(collection, cache_dir, monkeypatch):
    """The cache is reused: a second open shows the list and answers searches from the cache file
    alone, before `sync` and without opening an article file."""
    from reader.ingest import files as loading

    index, _ = synced(collection, cache_dir)
    expected = [(a.path, a.title, a.date) for a in index.articles()]
    index.close()
    monkeypatch.setattr(loading, "read_bytes", lambda *a, **k: pytest.fail("an article file was read"))
    monkeypatch.setattr(loading, "discover_stats", lambda *a, **k: pytest.fail("the folders were walked"))
    index = Index.open([collection], cache_dir=cache_dir)
    assert index.count() == 5
    assert [(a.path, a.title, a.date) for a in index.summaries(0, 5)] == expected
    assert index.search(parse_query("lavrov")) == [2] and index.search(parse_query("caf")) == [2]
    assert index.notices == []


def test_sidebar_order_and_articles_match_the_loader(collection, cache_dir):
    index, _ = synced(collection, cache_dir)
    expected = load_corpus([collection]).articles
    assert [a.path for a in index.articles()] == [a.path for a in expected]
    for summary, article in zip(index.articles(), expected, strict=True):
        assert (summary.title, summary.date, summary.dateline) == (article.title, article.date, article.dateline)
        assert index.article(summary.id).paragraphs == article.paragraphs


def test_add_change_delete_then_resync(collection, cache_dir):
    index, _ = synced(collection, cache_dir)
    assert len(index.search(parse_query("zanzibar"))) == 0
    info = os.stat(collection / "a.txt")
    write_article(
        collection,
        "a.txt",
        "Date: 2025-05-14\n\nChanged\n\nNow about Zanzibar only.\n",
        mtime_ns=info.st_mtime_ns + 10**9,
    )
    (collection / "b.txt").unlink()
    write_article(collection, "sub/f.txt", "Date: 2026-01-01\n\nNew one\n\nFresh text about Zanzibar.\n")
    report = index.sync(workers=1)
    assert (report.added, report.updated, report.removed, report.unchanged) == (1, 1, 1, 3)
    titles = [a.title for a in index.articles()]
    assert titles[:2] == ["New one", "Changed"] and "Iran, Russia push strategic ties" not in titles
    # the old full-text entries of a.txt are gone, the new ones are in
    assert len(index.search(parse_query("zanzibar"))) == 2
    assert len(index.search(parse_query("peskov"))) == 0
    assert len(index.search(parse_query("putin"))) == 0


def test_unusable_files_are_problems_and_not_reread(collection, cache_dir, monkeypatch):
    write_article(collection, "empty.txt", "")
    index, report = synced(collection, cache_dir)
    assert [p.path for p in index.problems()] == [str(collection / "empty.txt")]
    assert any("empty" in p.reason for p in report.problems)
    monkeypatch.setattr(ingest, "prepare", lambda *a: pytest.fail("re-read"))
    assert index.sync(workers=1).unchanged == 6


@pytest.mark.parametrize("query", QUERIES)
def test_search_agrees_with_in_memory_matching(collection, cache_dir, query):
    entities = {
        "c.txt": [("PERSON", "Sergei Lavrov"), ("PERSON", "Abbas Araghchi"), ("GPE", "Moscow")],
        "b.txt": [("PERSON", "Vladimir Putin"), ("GPE", "Ashgabat")],
        "d.txt": [("ORG", "Foreign Ministry")],
    }
    flags = {"read": {"a.txt", "c.txt"}, "starred": {"c.txt", "d.txt"}}
    index, _ = synced(collection, cache_dir)
    for name, pairs in entities.items():
        index.set_entities(str(collection / name), pairs)
    for flag, names in flags.items():
        index.set_flagged(flag, [str(collection / name) for name in names])
    parsed = parse_query(query)
    expected = []
    for position, article in enumerate(load_corpus([collection]).articles):
        name = os.path.basename(article.path)
        doc = SearchDoc.from_article(
            article, entities.get(name, ()), [flag for flag, names in flags.items() if name in names]
        )
        if parsed.matches(doc):
            expected.append(position)
    assert index.search(parsed) == expected


def test_entities_round_trip_and_pending_list(collection, cache_dir):
    index, _ = synced(collection, cache_dir)
    path = str(collection / "c.txt")
    assert path in paths_without_entities(index)
    index.set_entities(path, [("PERSON", "Sergei Lavrov"), ("PERSON", "Sergei Lavrov")])
    assert index.entities_of(path) == [("PERSON", "Sergei Lavrov")]
    assert path not in paths_without_entities(index)


def test_interrupted_sync_leaves_a_consistent_cache(collection, cache_dir, monkeypatch):
    for number in range(30):
        write_article(
            collection,
            f"many/{number:02d}.txt",
            f"Date: 2023-01-{number % 28 + 1:02d}\n\nT{number}\n\nword{number} iran\n",
        )
    monkeypatch.setattr(passes, "BATCH_SECONDS", 0)
    index = Index.open([collection], cache_dir=cache_dir)
    calls = []

    def interrupt(done, total):
        calls.append(done)
        if done >= 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        index.sync(progress=interrupt, workers=1)
    index.close()
    index = Index.open([collection], cache_dir=cache_dir)
    partial = len(index.articles())
    assert 3 <= partial < 35
    iran = parse_query("iran")
    expected = [n for n, a in enumerate(index.articles()) if iran.matches(SearchDoc.from_article(index.article(a.id)))]
    assert index.search(iran) == expected  # full text was committed together with its rows
    report = index.sync(workers=1)
    assert report.added == 35 - partial
    assert len(index.articles()) == 35
    assert len(index.search(parse_query("iran"))) == 32
    assert index.search(parse_query("")) == list(range(35))


def test_worker_processes_give_the_same_index(collection, cache_dir, monkeypatch):
    monkeypatch.setattr(passes, "PARALLEL_FROM", 1)
    index = Index.open([collection], cache_dir=cache_dir)
    assert index.sync(workers=2).added == 5
    assert [a.path for a in index.articles()] == [a.path for a in load_corpus([collection]).articles]


def test_article_reads_the_file_and_notices_changes(collection, cache_dir):
    index, _ = synced(collection, cache_dir)
    summary = next(a for a in index.articles() if a.path.endswith("c.txt"))
    assert index.article(summary.id).paragraphs == load_corpus([collection / "c.txt"]).articles[0].paragraphs
    assert index.stale == set()
    info = os.stat(summary.path)
    write_article(
        collection,
        "c.txt",
        "Closer than ever\n\nMarch 2024\n\nRewritten about Zanzibar.\n",
        mtime_ns=info.st_mtime_ns + 10**9,
    )
    assert index.article(summary.id).paragraphs == ("Rewritten about Zanzibar.",)  # as it is now
    assert index.stale == {summary.path}
    (collection / "a.txt").unlink()
    gone = next(a for a in index.articles() if a.path.endswith("a.txt"))
    article = index.article(gone.id)  # the cached metadata, no text
    assert (article.title, article.date, article.paragraphs) == (gone.title, gone.date, ())
    report = index.sync(workers=1)
    assert (report.updated, report.removed) == (1, 1) and index.stale == set()
    assert len(index.search(parse_query("zanzibar"))) == 1
    assert index.article(10**9) is None


def test_same_stamp_but_marked_stale_is_read_again(collection, cache_dir, monkeypatch):
    index, _ = synced(collection, cache_dir)
    index.stale.add(str(collection / "b.txt"))
    parsed = []
    prepare = ingest.prepare
    monkeypatch.setattr(ingest, "prepare", lambda path, *stamp: parsed.append(path) or prepare(path, *stamp))
    report = index.sync(workers=1)
    assert parsed == [str(collection / "b.txt")] and report.unchanged == 4
    assert report.updated == 0  # read again, found the same: no article changed


def test_lazy_rows_positions_and_refresh(collection, cache_dir):
    index, _ = synced(collection, cache_dir)
    other = Index.open([collection], cache_dir=cache_dir)
    assert other.count() == 5
    rows = index.articles()
    assert other.summaries(1, 3) == rows[1:3] and other.summaries(4, 99) == rows[4:]
    assert [other.position(row.id) for row in rows] == [0, 1, 2, 3, 4]
    assert other.position(-1) is None
    generation = other.generation
    write_article(collection, "sub/f.txt", "Date: 2026-01-01\n\nNewest\n\nFresh text.\n")
    index.sync(workers=1)
    assert other.count() == 5  # its loaded list until told
    other.refresh()
    assert other.count() == 6 and other.summaries(0, 1)[0].title == "Newest"
    assert other.generation > generation
    assert other.search(parse_query("fresh")) == [0]


def test_summary_rows_carry_the_metadata(collection, cache_dir):
    index, _ = synced(collection, cache_dir)
    expected = load_corpus([collection]).articles
    for summary, article in zip(index.articles(), expected, strict=True):
        assert (
            summary.path,
            summary.title,
            summary.subtitle,
            summary.dateline,
            summary.date,
            summary.words,
            summary.encoding,
            summary.title_derived,
            summary.size,
            summary.mtime_ns,
        ) == (
            article.path,
            article.title,
            article.subtitle,
            article.dateline,
            article.date,
            article.words,
            article.encoding,
            article.title_derived,
            article.size,
            article.mtime_ns,
        )


def test_changed_files_leave_orphans_that_never_show_and_get_rebuilt(collection, cache_dir, monkeypatch):
    monkeypatch.setattr(indexer, "ORPHANS_FLOOR", 0)
    index, _ = synced(collection, cache_dir)
    for round_ in range(1, 4):
        for name in ("a.txt", "b.txt"):
            info = os.stat(collection / name)
            write_article(
                collection,
                name,
                f"Changed {round_}\n\nNow about Zanzibar, round {round_}.\n",
                mtime_ns=info.st_mtime_ns + 10**9,
            )
        report = index.sync(workers=1)
        assert len(index.search(parse_query("zanzibar"))) == 2  # old entries of a.txt, b.txt never match
        assert index.search(parse_query("peskov")) == []
    assert not any("rebuilt" in notice for notice in index.notices)
    report = index.sync(workers=1)  # 6 orphans now outnumber the 5 articles
    assert report.added == 5 and any("rebuilt the search index" in n for n in index.notices)  # 6 orphans > 5 rows
    assert len(index.articles()) == 5 and index.search(parse_query("lavrov")) == [
        n for n, a in enumerate(index.articles()) if a.path.endswith("c.txt")
    ]


EXOTIC = "Straße und Maßnahmen\n\n2024-01-02\n\nDie ﬁnanzielle Lage in Йошкар-Ола: ½ Ǆemal naïve CAFÉ x²\n"


@pytest.mark.parametrize(
    "query",
    [
        "strasse",
        "straße",
        "massnahmen",
        "finanzielle",
        "йошкар",
        "иошкар-ола",
        "1",
        "dzemal",
        "naive",
        "cafe",
        "x2",
        "ﬁnanz",
    ],
)
def test_characters_unicode61_folds_differently_still_agree(collection, cache_dir, query):
    write_article(collection, "x.txt", EXOTIC)
    index, _ = synced(collection, cache_dir)
    parsed = parse_query(query)
    articles = load_corpus([collection]).articles
    expected = [n for n, a in enumerate(articles) if parsed.matches(SearchDoc.from_article(a))]
    assert index.search(parsed) == expected and expected


@pytest.mark.parametrize(
    "date",
    [
        None,
        ArticleDate(2024),
        ArticleDate(2024, 3),
        ArticleDate(2024, 3, 5),
        ArticleDate(2024, 12, 31, 0, 0),
        ArticleDate(1999, 1, 1, 23, 59, "31 Dec 1999"),
        ArticleDate(2025, 5, 13, 7),
        ArticleDate(1, 1, 1, 0, 0),
    ],
)
def test_sort_key_packs_the_date_in_sidebar_order(date):
    key = records.sort_key(date)
    assert records.date_from_key(key, date.written if date else None) == date
    if date is not None:
        assert key > records.sort_key(None)
        later = ArticleDate(date.year + 1)
        assert records.sort_key(later) > key


def test_sort_key_orders_like_the_loader():
    dates = [
        ArticleDate(2024),
        ArticleDate(2024, 3),
        ArticleDate(2024, 3, 5),
        ArticleDate(2024, 3, 5, 0, 0),
        ArticleDate(2024, 3, 5, 0, 1),
        ArticleDate(2024, 3, 5, 1),
        ArticleDate(2024, 2, 28, 23, 59),
    ]
    assert sorted(dates, key=records.sort_key) == sorted(dates, key=lambda d: d.sort_key)


def test_discover_stats_finds_what_discover_finds(tmp_path):
    from reader.ingest.files import discover, discover_stats

    root = tmp_path / "tree"
    for name in ("b.txt", "a.md", "sub/c.TXT", "sub/deeper/d.text", ".hidden/e.txt", "sub/.f.txt", "g.pdf", "h"):
        write_article(root, name, "Title\n\nText.\n")
    (root / "loop").symlink_to(root)  # a symlink loop is entered once
    (root / "sub" / "again.txt").symlink_to(root / "b.txt")  # the same file twice: listed once
    (root / "dangling.txt").symlink_to(root / "nowhere.txt")
    os.mkfifo(root / "pipe.txt")
    (root / "folder.txt").mkdir()
    write_article(root / "folder.txt", "i.txt", "Title\n\nText.\n")
    roots = [root, root / "b.txt", root / "g.pdf", tmp_path / "missing.txt"]
    expected = [item if isinstance(item, Problem) else str(item) for item in discover(roots)]
    found = [item if isinstance(item, Problem) else item[0] for item in discover_stats(roots)]
    assert found == expected
    assert any(isinstance(item, Problem) for item in found) and len(found) > 6


KILLED_SYNC = """
import os, signal, sys
sys.path.insert(0, {root!r})
from reader.index import Index, passes
passes.BATCH_SECONDS = 0
index = Index.open([{folder!r}], cache_dir={cache!r})

def progress(done, total):
    if done >= 6:
        os.kill(os.getpid(), signal.SIGKILL)  # no clean-up of any kind, mid-build

index.sync(progress=progress, workers=1)
"""


def test_killed_build_leaves_a_consistent_cache(collection, cache_dir):
    """Inserts run with synchronous=OFF: a killed process must still leave whole batches only."""
    import signal
    import subprocess
    import sys
    from pathlib import Path

    for number in range(40):
        write_article(
            collection,
            f"many/{number:02d}.txt",
            f"Date: 2023-02-{number % 28 + 1:02d}\n\nT{number}\n\nword{number} iran\n",
        )
    root = str(Path(__file__).resolve().parents[2])
    script = KILLED_SYNC.format(root=root, folder=str(collection), cache=str(cache_dir))
    finished = subprocess.run([sys.executable, "-c", script], capture_output=True)
    assert finished.returncode == -signal.SIGKILL
    index = Index.open([collection], cache_dir=cache_dir)
    partial = len(index.articles())
    assert index.notices == [] and 6 <= partial < 45
    iran = parse_query("iran")
    expected = [n for n, a in enumerate(index.articles()) if iran.matches(SearchDoc.from_article(index.article(a.id)))]
    assert index.search(iran) == expected
    assert index.sync(workers=1).added == 45 - partial
    assert len(index.search(parse_query("iran"))) == 42


def test_jobs_can_be_a_generator_read_only_as_jobs_are_handed_out():
    from reader.processes import in_order

    handed = []

    def jobs():
        for number in range(5):
            handed.append(number)
            yield number

    results = in_order(abs, jobs(), processes=0, window=2, chunksize=1, count=5)
    iterator = iter(results)
    assert next(iterator) == 0 and handed == [0]
    assert list(iterator) == [1, 2, 3, 4]
    results.close()


def test_a_batch_of_unusable_files_only_is_stored(tmp_path, cache_dir):
    """A batch can hold failures and no article (a folder of empty files, say)."""
    folder = tmp_path / "bad"
    for name in ("empty.txt", "blank.txt"):
        write_article(folder, name, "" if name == "empty.txt" else "   \n")
    index = Index.open([folder], cache_dir=cache_dir)
    report = index.sync(workers=1)
    assert report.added == 0 and index.notices == []
    assert sorted(os.path.basename(p.path) for p in index.problems()) == ["blank.txt", "empty.txt"]
    assert index.sync(workers=1).unchanged == 2  # remembered as failures: not read again


def test_article_id_finds_the_stored_row_or_none(collection, cache_dir):
    index, _ = synced(collection, cache_dir)
    for summary in index.articles():
        assert index.article_id(summary.path) == summary.id
    assert index.article_id(str(collection / "no-such-file.txt")) is None
    index.close()
    assert index.article_id(str(collection / "a.txt")) is None  # a closed connection: no answer, no error
