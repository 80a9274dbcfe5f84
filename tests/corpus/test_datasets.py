"""Datasets (JSON Lines, JSON, CSV/TSV, gzip): one article per record, fields found by their
common names, a broken record named by its line while the others load."""

from __future__ import annotations

import gzip
import json
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.index import Index
from reader.ingest.datasets import FIELDS, article_from_record, parse_date
from reader.ingest.files import gunzip, load_articles, load_corpus
from reader.ingest.html_text import html_to_text
from reader.model import ArticleDate, article_key
from reader.query import parse_query

RECORDS = [
    {
        "id": "a1",
        "headline": "Tehran hosts Caspian summit",
        "maintext": "Leaders met in Tehran.\n\nThey discussed trade.",
        "date_publish": "2024-03-05 10:30:00",
        "url": "https://example.org/a1",
        "authors": ["Jane Roe", "John Doe"],
        "source_domain": "example.org",
        "language": "en",
    },
    {"title": "No id here", "text": "<p>First <b>para</b>.</p><p>Second para.</p>", "link": "https://example.org/b"},
    {"text": "Only text, no title. A second sentence follows.", "timestamp": 1709634600},
]


def jsonl(*lines: object) -> str:
    return "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines)


def test_json_lines_records_become_articles_with_stated_metadata(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text(jsonl(*RECORDS), encoding="utf-8")
    articles, problems = load_articles(path)
    assert problems == []
    first, second, third = articles
    assert (first.item, first.title, first.paragraphs) == (
        "a1",
        "Tehran hosts Caspian summit",
        ("Leaders met in Tehran.", "They discussed trade."),
    )
    assert first.date == ArticleDate(2024, 3, 5, 10, 30, written="2024-03-05 10:30:00")
    assert (first.byline, first.url, first.source, first.language) == (
        "Jane Roe, John Doe",
        "https://example.org/a1",
        "example.org",
        "en",
    )
    assert (second.item, second.paragraphs) == ("https://example.org/b", ("First para.", "Second para."))
    assert (third.item, third.title, third.title_derived) == ("line 3", "Only text, no title", True)
    assert third.date is not None and third.date.iso() == "2024-03-05T10:30"


def test_a_broken_record_is_named_by_its_line_and_the_others_load(tmp_path):
    path = tmp_path / "news.ndjson"
    path.write_text(jsonl(RECORDS[0], '{"title": "Broken', "[1, 2]", {}, RECORDS[1]), encoding="utf-8")
    articles, problems = load_articles(path)
    assert [a.item for a in articles] == ["a1", "https://example.org/b"]
    reasons = [(p.severity, p.reason.split(" (")[0]) for p in problems]
    assert reasons == [
        ("warning", "line 2: not valid JSON"),
        ("warning", "line 3: not a JSON object"),
        ("warning", "line 4: no title and no text"),
    ]


def test_a_file_of_only_broken_records_is_a_problem(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("{not json", encoding="utf-8")
    articles, problems = load_articles(path)
    assert articles == [] and problems[0].reason.startswith("not valid JSON")


def test_json_arrays_and_api_objects_and_csv_and_tsv(tmp_path):
    (tmp_path / "array.json").write_text(json.dumps(RECORDS[:2]), encoding="utf-8")
    api_record = {"title": "API one", "description": "From an API.", "source": {"name": "Daily"}}
    api = {"status": "ok", "articles": [api_record]}
    (tmp_path / "api.json").write_text(json.dumps(api), encoding="utf-8")
    (tmp_path / "wire.csv").write_text(
        'title,content,date,source\n"Kyiv talks","Talks ""resumed"" in Kyiv.\nMore.",2024-03,Reuters\n,,,\n', "utf-8"
    )
    (tmp_path / "wire.tsv").write_text("headline\tbody\tpubDate\nTab one\tTabbed text.\t2023\n", encoding="utf-8")
    by_file = {}
    for article in load_corpus([tmp_path]).articles:
        by_file.setdefault(article.path.rsplit("/", 1)[-1], []).append(article)
    assert [a.item for a in by_file["array.json"]] == ["a1", "https://example.org/b"]
    (api_one,) = by_file["api.json"]
    assert (api_one.item, api_one.title, api_one.source) == ("record 1", "API one", "Daily")
    assert api_one.text == "From an API."
    (kyiv,) = by_file["wire.csv"]
    assert (kyiv.item, kyiv.paragraphs, kyiv.source) == ("line 2", ('Talks "resumed" in Kyiv.', "More."), "Reuters")
    assert kyiv.date is not None and kyiv.date.precision == "month"
    (tab,) = by_file["wire.tsv"]
    assert (tab.title, tab.date.iso() if tab.date else None) == ("Tab one", "2023")


def test_gzip_datasets_and_a_gzip_bomb(tmp_path):
    (tmp_path / "news.jsonl.gz").write_bytes(gzip.compress(jsonl(*RECORDS).encode()))
    articles, problems = load_articles(tmp_path / "news.jsonl.gz")
    assert [a.item for a in articles] == ["a1", "https://example.org/b", "line 3"] and problems == []
    bomb = gzip.compress(b"\n" * 5_000_000)
    with pytest.raises(ValueError, match="too large when uncompressed"):
        gunzip(bomb, limit=1_000_000)
    (tmp_path / "fake.csv.gz").write_bytes(b"not gzip at all")
    articles, problems = load_articles(tmp_path / "fake.csv.gz")
    assert articles == [] and problems[0].reason.startswith("not a valid gzip file")


def test_html_in_a_field_is_text_never_markup_or_script():
    text = html_to_text("<div>One &amp; two<script>alert(1)</script><style>p{}</style></div><p>Three</p>")
    assert [p.strip() for p in text.split("\n\n") if p.strip()] == ["One & two", "Three"]
    article = article_from_record({"title": "[bold]x[/] \x1b[31mred", "content_html": "<p>a</p><p>b</p>"}, "f.json")
    assert article is not None and article.paragraphs == ("a", "b")
    assert article.title == "[bold]x[/] \x1b[31mred"  # kept as written: the UI shows it as plain, safe text


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2024", "2024"),
        ("2024-03", "2024-03"),
        ("2024-03-05", "2024-03-05"),
        ("2024-03-05T10:30:00Z", "2024-03-05T10:30"),
        ("2024-03-05T10:30:00.123+02:00", "2024-03-05T10:30"),
        ("Tue, 05 Mar 2024 10:30:00 GMT", "2024-03-05T10:30"),
        (1709634600, "2024-03-05T10:30"),
        (1709634600000, "2024-03-05T10:30"),
        ("1709634600", "2024-03-05T10:30"),
        ("March 5, 2024", "2024-03-05"),
        ("2024-02-30", None),
        ("soon", None),
        ("", None),
        (None, None),
        (True, None),
        (10**30, None),
    ],
)
def test_record_dates_keep_their_precision(value, iso):
    date = parse_date(value)
    assert (date.iso() if date else None) == iso


@settings(max_examples=200, deadline=None)
@given(
    role=st.sampled_from(["title", "text", "url", "source", "language"]),
    name_index=st.integers(0, 20),
    style=st.sampled_from(["lower", "upper", "title", "snake", "kebab", "camel"]),
    value=st.text(string.ascii_letters + " ", min_size=1, max_size=30).filter(str.strip),
)
def test_any_spelling_of_a_known_field_name_finds_its_role(role, name_index, style, value):
    names = FIELDS[role]
    name = names[name_index % len(names)]
    spelled = {
        "lower": name,
        "upper": name.upper(),
        "title": name.title(),
        "snake": "_".join(name),
        "kebab": "-".join(name),
        "camel": name[0] + name[1:].upper(),
    }[style]
    record = {spelled: value}
    if role != "title":
        record["headline"] = "Kept title"
    if role != "text":
        record["body"] = "Some text."
    article = article_from_record(record, "d.jsonl")
    assert article is not None
    got = {
        "title": article.title,
        "text": article.text,
        "url": article.url,
        "source": article.source,
        "language": article.language,
    }[role]
    assert got == (" ".join(value.split()) if role != "language" else value.strip()[:35])


def test_records_are_items_of_the_index_each_with_its_marks(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "news.jsonl").write_text(jsonl(*RECORDS), encoding="utf-8")
    with Index.open([folder], cache_dir=tmp_path / "cache") as index:
        index.sync(workers=1)
        rows = index.articles()
        assert sorted(row.item for row in rows) == ["a1", "https://example.org/b", "line 3"]
        by_item = {row.item: row for row in rows}
        opened = index.article(by_item["a1"].id)
        assert opened is not None and opened.url == "https://example.org/a1" and opened.text.startswith("Leaders")
        index.set_flagged("starred", [article_key(str(folder / "news.jsonl"), "line 3")])
        assert [rows[p].item for p in index.search(parse_query("is:starred"))] == ["line 3"]
        assert [rows[p].item for p in index.search(parse_query("tehran"))] == ["a1"]


def test_hostile_records_are_problems_not_crashes(tmp_path):
    deep = "[" * 100_000 + "]" * 100_000
    path = tmp_path / "deep.jsonl"
    path.write_text(jsonl(deep, {"title": "Fine\u0000 one", "text": "Body\u0000 text."}, '{"title": 1e999}'), "utf-8")
    articles, problems = load_articles(path)
    assert [(a.title, a.text) for a in articles] == [("Fine one", "Body text.")]
    assert [p.reason.split(" (")[0] for p in problems] == ["line 1: not valid JSON", "line 3: no title and no text"]
    (tmp_path / "deep.json").write_text(deep, encoding="utf-8")
    articles, problems = load_articles(tmp_path / "deep.json")
    assert articles == [] and problems[0].reason.startswith("not valid JSON")


def test_the_index_lists_each_broken_record_once_whatever_the_file_holds(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "news.jsonl").write_text(jsonl(RECORDS[0], "[1]", RECORDS[1], "{", RECORDS[2]), encoding="utf-8")
    with Index.open([folder], cache_dir=tmp_path / "cache") as index:
        index.sync(workers=1)
        assert index.count() == 3
        assert [(p.severity, p.reason.split(" (")[0]) for p in index.problems()] == [
            ("warning", "line 2: not a JSON object"),
            ("warning", "line 4: not valid JSON"),
        ]


def test_a_json_feed_gives_its_items_with_the_feed_as_their_source(tmp_path):
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Caspian Wire",
        "language": "en",
        "items": [
            {
                "id": "jf-1",
                "url": "https://caspian-wire.example/1",
                "title": "Baku port adds berths",
                "content_html": "<p>Two berths opened.</p><p>Grain will pass.</p>",
                "date_published": "2025-06-12T07:30:00Z",
                "authors": [{"name": "Jane Roe"}],
            },
            {"id": "jf-2", "content_text": "A short note without a title.", "summary": "ignored"},
        ],
    }
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(feed), encoding="utf-8")
    (first, second), problems = load_articles(path)
    assert problems == []
    assert (first.item, first.title, first.source, first.language, first.byline) == (
        "jf-1",
        "Baku port adds berths",
        "Caspian Wire",
        "en",
        "Jane Roe",
    )
    assert first.paragraphs == ("Two berths opened.", "Grain will pass.")
    assert first.date is not None and first.date.iso() == "2025-06-12T07:30"
    assert (second.item, second.text, second.source) == ("jf-2", "A short note without a title.", "Caspian Wire")


def test_many_broken_records_are_counted_not_listed_one_by_one(tmp_path):
    path = tmp_path / "noisy.jsonl"
    path.write_text(jsonl(RECORDS[0], *(["{"] * 25)), encoding="utf-8")
    articles, problems = load_articles(path)
    assert [a.item for a in articles] == ["a1"]
    assert len(problems) == 21 and problems[-1].reason == "5 more records left out"
    assert problems[0].reason.startswith("line 2: not valid JSON")


def test_a_fetched_item_keeps_its_feed_url_beside_its_source():
    """Items stored by `reader fetch` name their publication and the feed they came from."""
    record = {"id": "g1", "title": "T", "text": "Body.", "source": "Example News", "feed": "https://example.org/rss"}
    article = article_from_record(record, "items.jsonl")
    assert (article.source, article.feed) == ("Example News", "https://example.org/rss")
    only_feed = article_from_record({"title": "T", "text": "Body.", "feed": "Wire Feed"}, "items.jsonl")
    assert (only_feed.source, only_feed.feed) == ("Wire Feed", "Wire Feed")
    plain = article_from_record({"title": "T", "text": "Body."}, "items.jsonl")
    assert plain.feed is None
