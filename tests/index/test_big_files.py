"""Big files of many articles: a JSON Lines file is indexed a piece at a time and one record is
opened by reading its own line; a feed's item by reading its own bytes. Always the same
articles as reading the whole file."""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.index import Index, indexer
from reader.ingest import files
from reader.ingest.files import Piece, load_articles, pieces

SEPARATOR = b"\n"


@given(st.lists(st.binary(max_size=40), max_size=30), st.integers(1, 64))
@settings(max_examples=200, deadline=None)
def test_pieces_cover_the_file_and_each_starts_after_a_separator(tmp_path_factory, chunks, piece_bytes):
    data = b"".join(chunks)
    path = tmp_path_factory.mktemp("pieces") / "f.jsonl"
    path.write_bytes(data)
    found = list(pieces(path, SEPARATOR, piece_bytes))
    assert b"".join(data[p.start : p.end] for p in found) == data
    for piece in found:
        assert piece.start == 0 or data[piece.start - 1 : piece.start] == SEPARATOR
        assert piece.first_number == data.count(SEPARATOR, 0, piece.start) + 1
        assert piece.end > piece.start and not piece.too_big


def test_an_item_bigger_than_any_file_read_is_left_out_and_the_next_one_read(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "MAX_BYTES", 100)
    path = tmp_path / "f.jsonl"
    path.write_bytes(b"a\n" + b"x" * 500 + b"\nb\nc\n")
    assert list(pieces(path, SEPARATOR, 16)) == [
        Piece(0, 2, 1),
        Piece(2, 503, 2, too_big=True),
        Piece(503, 507, 3),
    ]


def records(count: int, start: int = 0, keyed: bool = True) -> list[dict[str, object]]:
    return [
        {
            **({"id": f"r{n}"} if keyed else {}),
            "title": f"Record {n} about the port of Baku",
            "text": f"Paragraph one of record {n}.\n\nParagraph two, with Aktau in it ({n}).",
            "date": f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}",
            "source": "Caspian Wire",
            "url": f"https://caspian.example/{n}",
        }
        for n in range(start, start + count)
    ]


def write_jsonl(path, rows, broken_line_at: int | None = None) -> None:
    lines = [json.dumps(row, ensure_ascii=False) for row in rows]
    if broken_line_at is not None:
        lines.insert(broken_line_at, "{not json")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def fields(article):
    return (article.item, article.title, article.paragraphs, article.date, article.url, article.source)


@pytest.fixture
def small_pieces(monkeypatch):
    """Pieces of ~1 kB and a 2 kB threshold: a small file is indexed as a big one is."""
    monkeypatch.setattr(indexer, "PIECED_FROM", 2048)
    monkeypatch.setattr(files, "PIECE_BYTES", 1024)


@pytest.mark.parametrize("keyed", [True, False])
def test_a_file_indexed_in_pieces_holds_what_reading_it_whole_gives(tmp_path, small_pieces, keyed):
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "news.jsonl"
    write_jsonl(path, records(60, keyed=keyed), broken_line_at=30)
    whole, _ = load_articles(path)
    assert len(list(pieces(path, SEPARATOR, 1024))) > 5
    with Index.open([folder], cache_dir=tmp_path / "cache") as index:
        report = index.sync(workers=1)
        assert report.added == 60
        assert [p.reason for p in index.problems()] == [
            "line 31: not valid JSON (Expecting property name enclosed in double quotes: line 1 column 2 (char 1))"
        ]
        rows = index.articles()
        by_item = {article.item: article for article in whole}
        assert sorted(row.item for row in rows) == sorted(by_item)
        assert {row.source for row in rows} == {"Caspian Wire"}
        for row in rows:
            assert fields(index.article(row.id)) == fields(by_item[row.item])


def test_opening_a_record_reads_its_line_alone(tmp_path, small_pieces, monkeypatch):
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "news.jsonl"
    write_jsonl(path, records(40))
    with Index.open([folder], cache_dir=tmp_path / "cache") as index:
        index.sync(workers=1)
        row = index.articles()[7]

        def no_whole_file(*args):
            raise AssertionError("the whole file was read")

        monkeypatch.setattr(files, "load_articles", no_whole_file)
        article = index.article(row.id)
        assert article is not None and article.item == row.item and article.span is not None
        start, length = article.span
        assert json.loads(path.read_bytes()[start : start + length])["id"] == row.item


def test_a_big_file_changed_keeps_unchanged_records_and_forgets_vanished_ones(tmp_path, small_pieces):
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "news.jsonl"
    rows = records(50)
    write_jsonl(path, rows)
    with Index.open([folder], cache_dir=tmp_path / "cache") as index:
        index.sync(workers=1)
        ids = {row.item: row.id for row in index.articles()}
        changed = [dict(row) for row in rows[5:]]  # r0-r4 gone
        changed[0]["title"] = "Record 5, retitled"
        changed += [*records(3, start=100), dict(rows[20], title="a repeated key, left out")]
        write_jsonl(path, changed)
        os.utime(path, ns=(1, 1))
        report = index.sync(workers=1)
        assert (report.added, report.updated, report.removed) == (3, 1, 5)
        now = {row.item: row for row in index.articles()}
        assert sorted(now) == sorted([f"r{n}" for n in range(5, 50)] + ["r100", "r101", "r102"])
        assert all(now[f"r{n}"].id == ids[f"r{n}"] for n in range(6, 50))  # kept: same rows
        assert now["r5"].title == "Record 5, retitled" and now["r20"].title == "Record 20 about the port of Baku"
        for row in now.values():  # every span points at its record after the move
            assert index.article(row.id).item == row.item


def test_a_stale_span_falls_back_to_reading_the_whole_file(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "news.jsonl"
    write_jsonl(path, records(10))
    with Index.open([folder], cache_dir=tmp_path / "cache") as index:
        index.sync(workers=1)
        row = next(r for r in index.articles() if r.item == "r3")
        write_jsonl(path, records(10)[::-1])  # same records, other lines
        article = index.article(row.id)
        assert article is not None and article.item == "r3" and article.title == "Record 3 about the port of Baku"
        assert path.as_posix() in {p for p in index.stale} or str(path) in index.stale


def test_a_file_bigger_than_the_read_limit_is_read_in_pieces_with_its_line_numbers(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "MAX_BYTES", 2000)
    monkeypatch.setattr(files, "PIECE_BYTES", 700)
    path = tmp_path / "news.jsonl"
    write_jsonl(path, records(30, keyed=False), broken_line_at=12)
    articles, problems = load_articles(path)
    assert len(articles) == 30
    assert [a.item for a in articles][:2] == ["https://caspian.example/0", "https://caspian.example/1"]
    assert problems[0].reason.startswith("line 13: not valid JSON")


RSS_HEAD = (
    '<?xml version="1.0" encoding="windows-1251"?>\n<rss version="2.0" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Каспий Wire</title>'
    "<language>ru</language>\n"
)


def rss_items(count: int) -> str:
    return "".join(
        f"<item><title>Порт {n}</title><guid>g{n}</guid><pubDate>Thu, 12 Jun 2025 07:{n:02d}:00 GMT</pubDate>"
        f"<content:encoded><![CDATA[<p>Первый абзац {n}.</p><p>Второй.</p>]]></content:encoded></item>\n"
        for n in range(count)
    )


def atom_feed(count: int) -> str:
    entries = "".join(
        f"<entry><id>tag:grain.example,2025:{n}</id><title>Wheat {n}</title>"
        f"<updated>2025-06-1{n % 10}T09:00:00Z</updated>"
        f'<link href="https://grain.example/{n}"/><content type="html">&lt;p&gt;Text {n}.&lt;/p&gt;</content></entry>\n'
        for n in range(count)
    )
    start = '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
    return f"{start}<title>Grain Weekly</title>\n{entries}</feed>\n"


ATOM = atom_feed(5)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("wire.rss", (RSS_HEAD + rss_items(12) + "</channel></rss>\n").encode("cp1251")),
        ("grain.atom", ATOM.encode()),
    ],
)
def test_a_feed_item_opens_from_its_own_bytes_as_the_whole_feed_reads_it(tmp_path, monkeypatch, name, data):
    folder = tmp_path / "feeds"
    folder.mkdir()
    (folder / name).write_bytes(data)
    whole, _ = load_articles(folder / name)
    assert all(article.span is not None for article in whole)
    with Index.open([folder], cache_dir=tmp_path / "cache") as index:
        index.sync(workers=1)
        monkeypatch.setattr(files, "load_articles", lambda *args: pytest.fail("the whole feed was read"))
        by_item = {article.item: article for article in whole}
        for row in index.articles():
            found = index.article(row.id)
            assert (*fields(found), found.language) == (*fields(by_item[row.item]), by_item[row.item].language)


def test_a_feed_whose_text_holds_item_tags_gets_no_spans_and_still_opens(tmp_path):
    folder = tmp_path / "feeds"
    folder.mkdir()
    tricky = "<item><title>Tags</title><guid>t</guid>"
    tricky += "<description><![CDATA[write </item><item> like this]]></description></item>"
    (folder / "wire.rss").write_text(f'<rss version="2.0"><channel><title>W</title>{tricky}</channel></rss>', "utf-8")
    [article], _ = load_articles(folder / "wire.rss")
    assert article.span is None
    with Index.open([folder], cache_dir=tmp_path / "cache") as index:
        index.sync(workers=1)
        assert index.article(index.articles()[0].id).paragraphs == ("write like this",)


def test_the_entity_pass_reads_each_record_from_its_own_line(tmp_path, small_pieces, monkeypatch):
    folder = tmp_path / "data"
    folder.mkdir()
    write_jsonl(folder / "news.jsonl", records(150))
    with Index.open([folder], cache_dir=tmp_path / "cache") as index:
        index.sync(workers=1)
        monkeypatch.setattr(files, "load_articles", lambda *args: pytest.fail("the whole file was read"))
        assert index.sync_entities(workers=1) == 150
        for item in ("r0", "r77", "r149"):
            assert index.entities_of(str(folder / "news.jsonl"), item) == [("PLACE", "Aktau")]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("wire.rss", (RSS_HEAD + rss_items(40) + "</channel></rss>\n").encode("cp1251")),
        ("grain.atom", atom_feed(30).encode()),
    ],
)
def test_a_big_feed_is_indexed_and_read_in_pieces_as_it_reads_whole(tmp_path, small_pieces, monkeypatch, name, data):
    folder = tmp_path / "feeds"
    folder.mkdir()
    (folder / name).write_bytes(data)
    whole, problems = load_articles(folder / name)
    assert problems == []
    monkeypatch.setattr(files, "MAX_BYTES", 1500)  # now too big to read at once: read in pieces
    monkeypatch.setattr(files, "PIECE_BYTES", 700)
    pieced, problems = load_articles(folder / name)
    assert problems == [] and [fields(a) for a in pieced] == [fields(a) for a in whole]
    assert [a.source for a in pieced] == [a.source for a in whole] and [a.span for a in pieced] == [
        a.span for a in whole
    ]
    with Index.open([folder], cache_dir=tmp_path / "cache") as index:
        index.sync(workers=1)
        by_item = {article.item: article for article in whole}
        rows = index.articles()
        assert sorted(row.item for row in rows) == sorted(by_item)
        for row in rows:
            assert fields(index.article(row.id)) == fields(by_item[row.item])
