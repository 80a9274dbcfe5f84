"""The sources panel's rows: feeds in their folders, other publications, counts and filters."""

from __future__ import annotations

from types import SimpleNamespace

from reader.session.sources import MAX_OTHER_SOURCES, FeedInfo, SourceEntry, field_term, source_entries

FEEDS = [
    FeedInfo("https://a.example/rss", "", ("World",), "/data/feeds/a.jsonl"),
    FeedInfo("https://b.example/atom", "Bee Daily", ("World", "Energy"), "/data/feeds/b.jsonl"),
    FeedInfo("https://c.example/feed", "", (), "/data/feeds/c.jsonl"),
    FeedInfo("https://d.example/feed", "", (), "/data/feeds/d.jsonl"),
]


def row(path: str, source: str | None, item: str = "x", read: bool = False) -> SimpleNamespace:
    return SimpleNamespace(path=path, item=item, source=source, read=read)


ROWS = [
    row("/data/feeds/a.jsonl", "Alpha News", "1"),
    row("/data/feeds/a.jsonl", "Alpha News", "2", read=True),
    row("/data/feeds/a.jsonl", "Alpha News", "3"),
    row("/data/feeds/b.jsonl", "Bee Daily", "1", read=True),
    row("/data/feeds/c.jsonl", 'The "C" Times', "1"),
    row("/seeds/one.txt", None),
    row("/data/set.jsonl", "Reuters", "1"),
    row("/data/set.jsonl", "Reuters", "2", read=True),
    row("/data/set.jsonl", "AP", "3"),
]


def entries() -> list[SourceEntry]:
    return source_entries(ROWS, lambda r: r.read, FEEDS)


def shown(found: list[SourceEntry]) -> list[tuple[str, str, int, int, str | None, int]]:
    return [(e.kind, e.name, e.total, e.unread, e.query, e.depth) for e in found]


def test_folders_hold_their_feeds_and_count_their_articles():
    assert shown(entries()) == [
        ("all", "All articles", 9, 6, "", 0),
        ("folder", "Energy", 1, 0, 'source:"Bee Daily"', 0),
        ("feed", "Bee Daily", 1, 0, 'source:"Bee Daily"', 1),
        ("folder", "World", 4, 2, '(source:"Alpha News" OR source:"Bee Daily")', 0),
        ("feed", "Alpha News", 3, 2, 'source:"Alpha News"', 1),
        ("feed", "Bee Daily", 1, 0, 'source:"Bee Daily"', 1),
        ("feed", 'The "C" Times', 1, 1, 'source:"The C Times"', 0),
        ("feed", "https://d.example/feed", 0, 0, None, 0),
        ("folder", "Other sources", 3, 2, None, 0),
        ("source", "Reuters", 2, 1, 'source:"Reuters"', 1),
        ("source", "AP", 1, 1, 'source:"AP"', 1),
    ]


def test_a_feed_not_fetched_yet_says_so_and_a_feed_keeps_its_url():
    by_url = {e.url: e for e in entries() if e.kind == "feed"}
    assert by_url["https://d.example/feed"].detail == "nothing fetched yet (R fetches)"
    assert by_url["https://a.example/rss"].detail == ""


def test_only_the_biggest_other_publications_are_listed():
    rows = [row("/data/set.jsonl", f"Paper {n:04d}", str(n)) for n in range(MAX_OTHER_SOURCES + 7)]
    rows += [row("/data/set.jsonl", "Paper 0003", "again")]
    found = source_entries(rows, lambda r: False, [])
    others = [e for e in found if e.kind == "source"]
    assert len(others) == MAX_OTHER_SOURCES
    assert others[0].name == "Paper 0003" and others[0].total == 2
    assert found[-1].kind == "note" and found[-1].name.startswith("… and 7 more")
    assert found[1] == SourceEntry("folder", "Other sources", MAX_OTHER_SOURCES + 8, MAX_OTHER_SOURCES + 8)


def test_a_field_term_cannot_break_out_of_its_quotes():
    assert field_term("source", 'A "quoted"  name') == 'source:"A quoted name"'
    assert field_term("source", '"') == 'source:""'


def test_a_publication_named_without_words_cannot_be_chosen():
    found = source_entries([row("/data/set.jsonl", '" "')], lambda r: False, [])
    assert [(e.kind, e.query) for e in found] == [("all", ""), ("folder", None), ("source", None)]
