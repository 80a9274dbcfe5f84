"""File names that are not UTF-8, or that hold control characters, are indexed, listed, opened
and exported like any other, and never reach the terminal raw."""

import base64
import json
import os
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.index import Index, cache_db
from reader.index.records import db_path, path_from_db
from reader.ingest.files import load_corpus
from reader.model import Problem, path_bytes, path_text
from reader.query import parse_query
from tests.index.conftest import paths_without_entities
from tests.reader_command import run_reader

STORY = b"Cafe story\n\nThe cafe in Tehran served Iranian tea.\n"
RAW_NAME = b"caf\xe9.txt"  # Latin-1 "café.txt": not UTF-8


def make(folder: Path, raw_name: bytes, data: bytes) -> str:
    """Create a file by its bytes name; returns the name as Python sees it (surrogate escapes)."""
    path = os.fsencode(folder) + b"/" + raw_name
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o644)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)
    return os.fsdecode(path)


@pytest.fixture
def folder(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "plain.txt").write_text("Plain story\n\nNothing about tea here.\n")
    return folder


def test_loader_reads_a_name_that_is_not_utf8(folder):
    name = make(folder, RAW_NAME, STORY)
    corpus = load_corpus([folder])
    assert corpus.problems == []
    assert sorted(a.path for a in corpus.articles) == sorted([name, str(folder / "plain.txt")])


@pytest.mark.parametrize("no_cache", [False, True])
def test_index_lists_searches_and_opens_it(folder, tmp_path, no_cache):
    name = make(folder, RAW_NAME, STORY)
    make(folder, b"empty-\xff.txt", b"")  # a failure row under such a name, too
    index = Index.open([folder], cache_dir=tmp_path / "cache", no_cache=no_cache)
    report = index.sync(workers=1)
    assert report.added == 2
    assert sorted(a.path for a in index.articles()) == sorted([name, str(folder / "plain.txt")])
    [position] = index.search(parse_query("iranian", prefix_last=False))
    summary = index.articles()[position]
    assert summary.path == name
    assert index.article(summary.id).paragraphs == ("The cafe in Tehran served Iranian tea.",)
    assert [p.path for p in index.problems()] == [os.fsdecode(os.fsencode(folder) + b"/empty-\xff.txt")]
    # marks and entities keyed by such a path
    index.set_flagged("starred", [name])
    assert index.search(parse_query("is:starred")) == [position]
    index.set_entities(name, [("PLACE", "Tehran")])
    assert index.entities_of(name) == [("PLACE", "Tehran")]
    assert name in index.content_keys()
    # a second sync finds it unchanged (the cached path compares equal to the one found on disk)
    index.close()
    if not no_cache:
        again = Index.open([folder], cache_dir=tmp_path / "cache")
        assert again.sync(workers=1).unchanged == 3
        assert paths_without_entities(again) == [str(folder / "plain.txt")]  # set_entities reached the row


def test_entity_pass_reads_it(folder, tmp_path):
    name = make(folder, RAW_NAME, STORY)
    index = Index.open([folder], cache_dir=tmp_path / "cache")
    index.sync(workers=1)
    assert index.sync_entities(workers=1) == 2
    assert ("PLACE", "Tehran") in index.entities_of(name)


def test_a_folder_whose_own_name_is_not_utf8_gets_a_cache(tmp_path):
    parent = tmp_path / "p"
    parent.mkdir()
    os.mkdir(os.fsencode(parent) + b"/d\xe9p\xeache")
    folder = os.fsdecode(os.fsencode(parent) + b"/d\xe9p\xeache")
    make(Path(folder), b"a.txt", STORY)
    index = Index.open([folder], cache_dir=tmp_path / "cache")
    assert index.location is not None and index.notices == []
    assert index.sync(workers=1).added == 1


def test_export_and_search_print_valid_utf8_with_the_exact_name(folder, tmp_path):
    make(folder, RAW_NAME, STORY)
    for command in (["export", str(folder)], ["search", "tea", str(folder)]):
        result = run_reader(*command, text=False)
        assert result.returncode == 0, result.stderr
        records = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]  # strict UTF-8
        odd = next(r for r in records if r["title"] == "Cafe story")
        assert odd["path"] == str(folder / "caf\ufffd.txt")
        exact = base64.b64decode(odd["path_bytes"])
        assert exact == os.fsencode(folder) + b"/" + RAW_NAME
        with open(exact, "rb") as handle:  # the exact name opens the file
            assert handle.read() == STORY
        plain = next(r for r in records if r["title"] == "Plain story")
        assert plain["path"] == str(folder / "plain.txt") and "path_bytes" not in plain


def test_markdown_export_is_valid_utf8(folder, tmp_path):
    make(folder, RAW_NAME, STORY)
    result = run_reader("export", "--format", "markdown", str(folder), text=False)
    assert result.returncode == 0, result.stderr
    text = result.stdout.decode("utf-8")  # strict
    assert "caf\ufffd.txt" in text


def test_problem_lines_show_control_characters_and_newlines_visibly(folder, tmp_path):
    hostile = b"\x1b[31mred\nnext\x07.txt"
    make(folder, hostile, b"")  # empty: a problem, printed on stderr
    make(folder, b"bad-\xff\x1b].txt", b"")
    result = run_reader("export", str(folder), text=False)
    assert result.returncode == 0
    err = result.stderr.decode("utf-8")  # valid UTF-8 too
    lines = err.splitlines()
    assert len(lines) == 2, err  # one line per problem: the newline in the name is shown, not printed
    assert "\x1b" not in err and "\x07" not in err
    assert f"{folder}/\u241b[31mred\u240anext\u2407.txt: empty file" in lines
    assert f"{folder}/bad-\ufffd\u241b].txt: empty file" in lines
    search = run_reader("search", "story", str(folder), text=False)
    assert search.returncode == 0 and "\x1b" not in search.stderr.decode("utf-8")
    assert len(search.stderr.decode("utf-8").splitlines()) == 2


def test_problem_str_is_one_safe_line():
    problem = Problem("/n/\x1b[2J\nx\udcff.txt", "bad\nreason\x1b")
    assert str(problem) == "/n/\u241b[2J\u240ax\ufffd.txt: bad\u240areason\u241b"


PATHS = st.lists(
    st.one_of(st.characters(), st.sampled_from(["\udce9", "\udcff", "\udc80", "\uffff", "\ud800", "0", "f"])),
    max_size=12,
).map(lambda chars: "".join(chars).replace("\0", ""))  # (no path holds NUL)


@settings(max_examples=300, deadline=None)
@given(PATHS)
def test_cache_path_escape_is_reversible_and_storable(path):
    stored = db_path(path)
    assert path_from_db(stored) == path
    stored.encode("utf-8")  # SQLite takes it as TEXT
    if stored != path:
        assert any("\ud800" <= ch <= "\udfff" or ch == "\uffff" for ch in path)
    connection = sqlite3.connect(":memory:")
    assert connection.execute("SELECT ?", (stored,)).fetchone()[0] == stored
    assert connection.execute("SELECT value FROM json_each(?)", (json.dumps([stored]),)).fetchone()[0] == stored


@settings(max_examples=200, deadline=None)
@given(st.binary(min_size=1, max_size=20).filter(lambda b: b"/" not in b and b"\0" not in b))
def test_path_text_and_path_bytes(raw):
    path = os.fsdecode(raw)
    text = path_text(path)
    text.encode("utf-8")
    exact = path_bytes(path)
    try:
        raw.decode("utf-8")
        assert text == path and exact is None
    except UnicodeDecodeError:
        assert exact == raw and "\ufffd" in text


def test_cache_stays_usable_after_such_a_name(folder, tmp_path):
    make(folder, RAW_NAME, STORY)
    index = Index.open([folder], cache_dir=tmp_path / "cache")
    index.sync(workers=1)
    assert index.notices == [] and index.location == cache_db.cache_file(tmp_path / "cache", [folder])
