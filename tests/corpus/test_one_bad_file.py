"""One bad file is one problem: whatever raises while one file becomes an article (parser,
folding, entity recogniser, a worker process dying) is a Problem for that file with a one-line
reason, and every other file still loads, is indexed and is exported."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.entities import Entity
from reader.entities import collection as entity_pass
from reader.entities import find_entities as real_find_entities
from reader.index import Index, entity_store, ingest, passes
from reader.ingest import parse as parsing
from reader.ingest.files import load_corpus
from reader.query import parse_query
from tests.index.conftest import ARTICLES, paths_without_entities, write_article

ROOT = Path(__file__).resolve().parents[2]
BAD = "b.txt"  # "Iran, Russia push strategic ties": also the only article mentioning Putin
REAL_PARSE = parsing.parse_article
REAL_PREPARE = ingest.prepare


def parse_failing_on_bad(text, path=None, **options):
    if path is not None and os.path.basename(path) == BAD:
        raise KeyError("dateline")
    return REAL_PARSE(text, path=path, **options)


def recognise_failing_on_putin(text):
    if "Putin" in text:
        raise IndexError("token index out of range")
    return real_find_entities(text)


def prepare_with_failing_parser(path, size, mtime_ns, piece=None):
    """Runs in a worker process: the parser there fails on BAD (module-level, so it pickles)."""
    parsing.parse_article = parse_failing_on_bad  # (in a worker process: its own copy)
    return REAL_PREPARE(path, size, mtime_ns, piece)


def prepare_killing_its_worker(path, size, mtime_ns, piece=None):
    """A worker process that dies outright on BAD (as if killed by the kernel)."""
    import multiprocessing

    if os.path.basename(path) == BAD and multiprocessing.parent_process() is not None:
        os._exit(3)
    return REAL_PREPARE(path, size, mtime_ns, piece)


REAL_ENTITY_JOB = entity_store.entity_job
REAL_FIND = entity_pass._find


def entity_job_failing_in_worker(path):
    import reader.entities

    reader.entities.find_entities = recognise_failing_on_putin  # (in a worker process: its own copy)
    return REAL_ENTITY_JOB(path)


@pytest.fixture
def collection(tmp_path):
    folder = tmp_path / "articles"
    for name, text in ARTICLES.items():
        write_article(folder, name, text)
    return folder


def one_line_reason(problems, name):
    found = [p for p in problems if os.path.basename(p.path) == name]
    assert len(found) == 1, problems
    reason = found[0].reason
    assert "\n" not in reason and "Traceback" not in reason
    return reason


def test_loader_reports_the_file_the_parser_fails_on_and_loads_the_rest(collection, monkeypatch):
    monkeypatch.setattr(parsing, "parse_article", parse_failing_on_bad)
    corpus = load_corpus([collection])
    assert sorted(os.path.basename(a.path) for a in corpus.articles) == ["a.txt", "c.txt", "d.txt", "e.txt"]
    assert one_line_reason(corpus.problems, BAD) == "could not be parsed: KeyError: 'dateline'"


def test_index_sync_in_this_process(collection, tmp_path, monkeypatch):
    monkeypatch.setattr(parsing, "parse_article", parse_failing_on_bad)
    index = Index.open([collection], cache_dir=tmp_path / "cache")
    report = index.sync(workers=1)
    assert report.added == 4
    assert one_line_reason(index.problems(), BAD) == "could not be parsed: KeyError: 'dateline'"
    assert len(index.search(parse_query("iran", prefix_last=False))) == 1  # a.txt; b.txt is out


def test_index_sync_when_the_row_building_raises(collection, tmp_path, monkeypatch):
    """Past the parser: anything ingest.prepare calls may fail for one file."""
    real_row = ingest.article_row

    def failing_row(article, *args):
        if article.path.endswith(BAD):
            raise OverflowError("date out of range")
        return real_row(article, *args)

    monkeypatch.setattr(ingest, "article_row", failing_row)
    index = Index.open([collection], cache_dir=tmp_path / "cache")
    assert index.sync(workers=1).added == 4
    assert one_line_reason(index.problems(), BAD) == "could not be parsed: OverflowError: date out of range"


def test_index_sync_in_worker_processes(collection, tmp_path, monkeypatch):
    monkeypatch.setattr(passes, "PARALLEL_FROM", 1)
    monkeypatch.setattr(ingest, "prepare", prepare_with_failing_parser)
    index = Index.open([collection], cache_dir=tmp_path / "cache")
    assert index.sync(workers=2).added == 4
    assert one_line_reason(index.problems(), BAD) == "could not be parsed: KeyError: 'dateline'"


def test_a_job_raising_in_a_worker_is_that_files_failure(collection, tmp_path, monkeypatch):
    """The worker-side guard, whatever the job function is."""
    monkeypatch.setattr(passes, "PARALLEL_FROM", 1)
    monkeypatch.setattr(ingest, "prepare", prepare_raising_on_bad)
    index = Index.open([collection], cache_dir=tmp_path / "cache")
    assert index.sync(workers=2).added == 4
    assert one_line_reason(index.problems(), BAD) == "could not be parsed: RuntimeError: boom"


def prepare_raising_on_bad(path, size, mtime_ns, piece=None):
    if os.path.basename(path) == BAD:
        raise RuntimeError("boom")
    return REAL_PREPARE(path, size, mtime_ns, piece)


def test_a_worker_process_dying_does_not_stop_the_sync(collection, tmp_path, monkeypatch):
    monkeypatch.setattr(passes, "PARALLEL_FROM", 1)
    monkeypatch.setattr(ingest, "prepare", prepare_killing_its_worker)
    index = Index.open([collection], cache_dir=tmp_path / "cache")
    index.sync(workers=2)
    assert len(index.articles()) == 5  # what the dead worker held was done in this process


@pytest.mark.parametrize("workers", [1, 2])
def test_index_entity_pass_keeps_going_and_warns(collection, tmp_path, monkeypatch, workers):
    import reader.entities

    monkeypatch.setattr(passes, "PARALLEL_FROM", 1)
    monkeypatch.setattr(reader.entities, "find_entities", recognise_failing_on_putin)
    monkeypatch.setattr(entity_store, "entity_job", entity_job_failing_in_worker)
    index = Index.open([collection], cache_dir=tmp_path / "cache")
    index.sync(workers=1)
    assert index.sync_entities(workers=workers) == 5
    assert paths_without_entities(index) == []  # done (with none): not retried at every start
    assert [os.path.basename(index.articles()[p].path) for p in index.search(parse_query("person:lavrov"))] == ["c.txt"]
    assert index.search(parse_query("person:putin")) == []
    problem = [p for p in index.problems() if os.path.basename(p.path) == BAD]
    assert [(p.severity, p.reason) for p in problem] == [
        ("warning", "entities could not be found: IndexError: token index out of range")
    ]


def find_failing_in_worker(text):
    """Runs in a worker process (forkserver: the parent's patches are not there), module-level so it pickles."""
    from reader.entities import collection as entity_pass

    entity_pass.find_entities = recognise_failing_on_putin  # (in a worker process: its own copy)
    return REAL_FIND(text)


@pytest.mark.parametrize("workers", [1, 2])
def test_collection_entity_pass_keeps_going(collection, monkeypatch, workers):
    from reader.entities import collection as entity_pass

    monkeypatch.setattr(entity_pass, "find_entities", recognise_failing_on_putin)
    monkeypatch.setattr(entity_pass, "_find", find_failing_in_worker)
    monkeypatch.setattr(entity_pass, "POOL_THRESHOLD", 2)
    articles = load_corpus([collection]).articles
    problems = []
    found = entity_pass.collection_entities(articles, workers=workers, problems=problems)
    by_name = {os.path.basename(a.path): entities for a, entities in zip(articles, found, strict=True)}
    assert by_name[BAD] == []
    assert any(e.canonical == "Sergei Lavrov" for e in by_name["c.txt"])
    assert [(os.path.basename(p.path), p.severity, p.reason) for p in problems] == [
        (BAD, "warning", "entities could not be found: IndexError: token index out of range")
    ]
    assert all(isinstance(e, Entity) for entities in found for e in entities)


PATCHED_EXPORT = """
import sys
from reader import cli
from reader.entities import collection as entity_pass
from reader.ingest import parse as parsing
real_parse, real_find = parsing.parse_article, entity_pass.find_entities
def parse(text, path=None, **options):
    if path.endswith("/bad.txt"):
        raise KeyError("dateline")
    return real_parse(text, path=path, **options)
def find(text):
    if "Putin" in text:
        raise IndexError("token index out of range")
    return real_find(text)
parsing.parse_article, entity_pass.find_entities = parse, find
sys.exit(cli.main(sys.argv[1:]))
"""


def test_export_exits_zero_with_each_problem_on_stderr(collection, tmp_path):
    write_article(collection, "bad.txt", "Headline\n\nText that the parser will not take.\n")
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    result = subprocess.run(
        [sys.executable, "-c", PATCHED_EXPORT, "export", str(collection)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"{collection / 'bad.txt'}: could not be parsed: KeyError: 'dateline'",
        f"{collection / 'b.txt'}: entities could not be found: IndexError: token index out of range",
    ]
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted(os.path.basename(r["path"]) for r in records) == ["a.txt", "b.txt", "c.txt", "d.txt", "e.txt"]
    assert next(r for r in records if r["path"].endswith("b.txt"))["entities"] == []
