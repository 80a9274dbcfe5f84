"""Queries never destroy: one the search engine can't take is a clear QueryTooComplex (exit 2 in
`reader search`), never a rebuilt cache, never a silently wrong answer, never a traceback."""

import os
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader import cli
from reader.index import Index, cache_db
from reader.ingest.files import load_corpus, seeds_dir
from reader.query import MAX_DEPTH, MAX_TERMS, Query, QueryError, QueryTooComplex, SearchDoc, parse_query
from reader.query.folding import tokens
from reader.query.nodes import All, Any, Not, Text
from tests.index.conftest import ARTICLES, write_article
from tests.reader_command import run_reader


@pytest.fixture(scope="module")
def seeds():
    return load_corpus([seeds_dir()]).articles


@pytest.fixture
def seed_index(tmp_path):
    index = Index.open([seeds_dir()], cache_dir=tmp_path / "cache")
    index.sync(workers=1)
    yield index
    index.close()


def in_memory(articles, query):
    """Positions of the matching articles, by the reference matcher (reader.query.matching)."""
    return [n for n, article in enumerate(articles) if query.matches(SearchDoc.from_article(article))]


def words_of(article):
    return set(tokens(" ".join(filter(None, (article.title, article.subtitle, article.text, article.dateline)))))


def cache_state(index):
    """What a query must leave alone: the file (inode, mtime, size) and its rows."""
    info = os.stat(index.location)
    with sqlite3.connect(index.location) as connection:
        rows = connection.execute("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM failures)").fetchone()
    connection.close()
    return info.st_ino, info.st_mtime_ns, info.st_size, rows, index.location


def test_150_exclusions_on_the_seeds_match_an_independent_check(seeds, seed_index):
    # 150 exclusions: nonsense words, and real ones that only the first two seeds have
    others = set.union(*map(words_of, seeds[2:]))
    rare = [sorted(words_of(article) - others)[:3] for article in seeds[:2]]
    excluded = [f"w{n}" for n in range(144)] + rare[0] + rare[1]
    query = parse_query(" ".join(f"-{word}" for word in excluded) + " iran", prefix_last=False)
    expected = [
        n for n, article in enumerate(seeds) if "iran" in words_of(article) and not words_of(article) & set(excluded)
    ]
    assert 0 < len(expected) < len(seeds)  # the exclusions matter
    assert seed_index.search(query) == expected == in_memory(seeds, query)
    assert seed_index.notices == []


def test_150_nonsense_exclusions_in_reader_search_keep_every_iran_article(tmp_path, seeds):
    query = " ".join(f"-w{n}" for n in range(150)) + " iran"
    result = run_reader("search", query)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == sum("iran" in words_of(a) for a in seeds) == 5


@pytest.mark.parametrize("count", [1000, MAX_TERMS - 2])
def test_thousands_of_exclusions(seed_index, seeds, count):
    query = parse_query(" ".join(f"-w{n}" for n in range(count)) + ' -"joint economic" iran', prefix_last=False)
    assert seed_index.search(query) == in_memory(seeds, query)


def test_more_terms_than_the_limit_are_a_clear_error():
    parse_query("after:2020 " * MAX_TERMS, prefix_last=False)
    with pytest.raises(QueryTooComplex, match=f"more than {MAX_TERMS} terms"):
        parse_query("after:2020 " * (MAX_TERMS + 1), prefix_last=False)


def test_thousands_of_opening_parentheses_are_a_clear_error(tmp_path):
    with pytest.raises(QueryTooComplex) as raised:
        parse_query("(" * 5000)
    assert isinstance(raised.value, QueryError) and "too complex" in raised.value.message
    result = run_reader("search", "(" * 5000)
    assert result.returncode == 2
    assert result.stderr.startswith("reader search: query too complex") and "Traceback" not in result.stderr
    assert result.stdout == ""


def nested_or(depth):
    """((((iran OR w0) OR w1) OR w2) ...) with ``depth`` parentheses."""
    text = "iran"
    for n in range(depth):
        text = f"({text} OR w{n})"
    return text


def alternating(depth):
    """AND and OR alternating, with phrases, fields, dates, flags and exclusions at every level."""
    text = '"joint economic"'
    kinds = ["title:closer", "after:2024-06", "-sanctions", "is:unread", "dateline:tehran", "putin", '-"free trade"']
    for n in range(depth):
        operator = " OR " if n % 2 else " "
        text = f"({text}{operator}{kinds[n % len(kinds)]})"
    return text


@pytest.mark.parametrize("make", [nested_or, alternating])
def test_nesting_up_to_the_limit_gives_the_right_answer(seed_index, seeds, make):
    query = parse_query(make(MAX_DEPTH), prefix_last=False)
    assert seed_index.search(query) == in_memory(seeds, query)


@pytest.mark.parametrize("make", [nested_or, alternating])
def test_nesting_past_the_limit_is_a_clear_error(make):
    with pytest.raises(QueryTooComplex, match="too complex"):
        parse_query(make(MAX_DEPTH + 1))


def test_a_run_of_or_and_exclusions_is_flat():
    query = parse_query("a1 OR (b1 OR (c1 OR d1)) OR e1", prefix_last=False)
    assert isinstance(query.root, Any) and len(query.root.children) == 5
    query = parse_query("x1 " + " ".join(f"-w{n}" for n in range(300)), prefix_last=False)
    assert isinstance(query.root, All) and len(query.root.children) == 301
    assert parse_query("---x1", prefix_last=False).root == Not(Text(("x1",)))
    assert parse_query("-(-x1)", prefix_last=False).root == Text(("x1",))


def test_an_engine_limit_is_query_too_complex_and_leaves_the_cache_alone(seed_index):
    before = cache_state(seed_index)
    # trees no parser makes (nested far deeper than MAX_DEPTH): FTS5's parser, then SQLite's, overflow
    deep = Text(("iran",))
    for n in range(300):
        deep = (Any if n % 2 else All)((deep, Text((f"w{n}",))))
    with pytest.raises(QueryTooComplex, match="too complex"):
        seed_index.search(Query("built", deep))
    deep_sql = Text(("iran",))
    for n in range(300):
        deep_sql = (Any if n % 2 else All)((deep_sql, Not(Text(("title", f"w{n}"), "title"))))
    with pytest.raises(QueryTooComplex, match="too complex"):
        seed_index.search(Query("built", deep_sql))
    assert cache_state(seed_index) == before
    assert seed_index.notices == []
    assert len(seed_index.search(parse_query("iran", prefix_last=False))) == 5  # the same cache, still serving


def test_reader_search_reports_an_engine_limit_with_exit_2(tmp_path, monkeypatch, capsys):
    """With the parser's limit lifted, FTS5 itself refuses the query: still exit 2, one line."""
    from reader.query import parser

    for variable in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(variable, str(tmp_path / variable.lower()))
    assert cli.main(["search", "iran"]) == 0
    capsys.readouterr()
    [cache] = (tmp_path / "xdg_cache_home").rglob("*.sqlite3")
    inode = os.stat(cache).st_ino
    monkeypatch.setattr(parser, "MAX_DEPTH", 1000)
    assert cli.main(["search", alternating(200)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("reader search: query too complex for the search engine")
    assert len(err.splitlines()) == 1
    assert os.stat(cache).st_ino == inode  # not rebuilt
    assert cli.main(["search", "iran"]) == 0
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 5 and "damaged" not in err and "rebuild" not in err


def sqlite_error(statement, *args, target=":memory:"):
    connection = sqlite3.connect(target)
    try:
        connection.execute("CREATE VIRTUAL TABLE IF NOT EXISTS t USING fts5(a)")
        connection.execute(statement, args)
    except sqlite3.Error as error:
        return error
    finally:
        connection.close()
    raise AssertionError("no error")


def test_cache_damage_is_decided_by_result_codes(tmp_path):
    overflow = sqlite_error("SELECT * FROM t WHERE t MATCH ?", "(" * 200 + "x" + ")" * 200)
    syntax = sqlite_error("SELECT * FROM t WHERE t MATCH ?", "AND AND")
    deep = sqlite_error("SELECT 1 WHERE " + " AND ".join(["1"] * 1200))
    for error in (overflow, syntax, deep):
        assert not cache_db.is_damage(error) and not cache_db.is_cache_trouble(error), error
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"this is not a database at all" * 100)
    not_a_db = sqlite_error("SELECT * FROM sqlite_master", target=str(garbage))
    assert cache_db.is_damage(not_a_db)
    # the message alone decides nothing: a query error that mentions "malformed" is still a query error
    assert not cache_db.is_damage(sqlite3.OperationalError("database disk image is malformed"))


@pytest.fixture(scope="module")
def small_index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("articles")
    for name, text in ARTICLES.items():
        write_article(folder, name, text)
    index = Index.open([folder], cache_dir=tmp_path_factory.mktemp("cache"))
    index.sync(workers=1)
    articles = load_corpus([folder]).articles
    yield index, articles, cache_state(index)
    index.close()


SYNTAX = st.sampled_from(
    [
        '"',
        "(",
        ")",
        "-",
        " ",
        "OR",
        "AND",
        ":",
        "title:",
        "person:",
        "dateline:",
        "after:",
        "before:2024",
        "date:2024-06",
        "is:",
        "is:read",
        "is:unread",
        "é",
        "iran",
        "russia",
        "oil",
        "x",
        "*",
        "NOT",
        "NEAR",
        "^",
        "'",
        "\\",
        "\x00",
        "((((((((",
        "))))",
        "-(",
        '"a b"',
        "a:b",
    ]
)
QUERY_TEXTS = st.one_of(
    st.text(max_size=40), st.lists(st.one_of(SYNTAX, st.text(max_size=3)), max_size=30).map("".join)
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(QUERY_TEXTS, st.booleans())
def test_any_query_raises_only_query_error_and_the_cache_survives(small_index, text, prefix_last):
    index, articles, before = small_index
    try:
        query = parse_query(text, prefix_last=prefix_last)
        found = index.search(query)
    except QueryError:
        pass
    else:
        if "is:" not in text:  # (flags: the index has no marks here, the matcher neither)
            assert found == in_memory(articles, query)
    assert cache_state(index) == before and index.notices == []
