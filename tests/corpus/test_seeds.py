"""The five bundled seed articles, exactly as the product promises them."""

import pytest

from reader.ingest.files import load_corpus, seeds_dir


@pytest.fixture(scope="module")
def seeds():
    corpus = load_corpus()
    assert corpus.problems == []
    return {a.path.rsplit("/", 1)[-1][:3]: a for a in corpus.articles}, corpus


def test_seeds_are_found_through_the_package():
    assert sorted(p.name[:3] for p in seeds_dir().glob("*.txt")) == ["000", "001", "002", "003", "004"]


def test_000(seeds):
    article = seeds[0]["000"]
    assert article.date.iso() == "2025-05-13"
    assert article.dateline == "TEHRAN"
    assert article.title.startswith("Kremlin spokesman Dmitry Peskov")
    assert article.paragraphs[0].startswith("Kremlin spokesman")


def test_001(seeds):
    article = seeds[0]["001"]
    assert article.date.iso() == "2024-12-05"
    assert article.dateline is None
    assert article.title.startswith("Russian President Vladimir Putin")


def test_002(seeds):
    article = seeds[0]["002"]
    assert article.date is None
    assert article.title.startswith("Iran’s Foreign Minister")


def test_003(seeds):
    article = seeds[0]["003"]
    assert article.date is None
    assert article.title == "Iran, Russia push strategic ties"
    assert article.subtitle == "Leaders vow to advance energy and transit projects"
    assert article.paragraphs[0].startswith("Iranian President Masoud Pezeshkian")


def test_004(seeds):
    article = seeds[0]["004"]
    assert article.date.iso() == "2022-01-17T22:49"
    assert article.date.written == "January 17, 2022 - 22:49"
    assert article.dateline == "TEHRAN"
    assert article.title == "Iran, Russia: Closer than ever"
    assert article.paragraphs[0].startswith("According to the Russian state TV")


def test_order(seeds):
    order = [a.path.rsplit("/", 1)[-1][:3] for a in seeds[1].articles]
    assert order == ["000", "001", "004", "002", "003"]
