"""Retention: never more than a feed's days or items (its own limits, else the [keep] table's);
the newest are kept, by date, undated ones by when they were first seen; a bad limit is a
problem line, never a crash and never a lost subscription."""

from __future__ import annotations

import email.utils
import json
from datetime import UTC, datetime, timedelta

import pytest

from reader.cli import main
from reader.subscriptions.fetch import fetch_all, fetch_command
from reader.subscriptions.items import ItemStore
from reader.subscriptions.store import Keep, Subscription, keep_for, load, load_file, save
from tests.subscriptions.local_server import rss


def days_ago(days: int) -> str:
    return email.utils.format_datetime(datetime.now(UTC) - timedelta(days=days))


def dated(*items: tuple[str, int]) -> bytes:
    """A feed of items (guid, days old): one <item> each, as rss() writes them."""
    parts = [rss((guid, f"Item {guid}"), date=days_ago(age)) for guid, age in items]
    inner = b"".join(part.split(b"<title>Wire</title>")[1].split(b"</channel>")[0] for part in parts)
    return rss().replace(b"<title>Wire</title>", b"<title>Wire</title>" + inner)


def stored(data, url):
    return [json.loads(line) for line in ItemStore(data).items_file(url).read_text().splitlines()]


def stored_ids(data, url):
    return [record["id"] for record in stored(data, url)]


def test_the_newest_items_within_the_limits_are_kept_and_dropped_ones_stay_out(server, places, capsys):
    feeds_file, data = places
    by_count, by_age = f"{server.base}/count.xml", f"{server.base}/age.xml"
    server.routes["/count.xml"] = (200, {}, dated(("a", 5), ("b", 1), ("c", 3), ("d", 2), ("e", 4)))
    server.routes["/age.xml"] = (200, {}, dated(("fresh", 2), ("old", 40), ("older", 400)))
    save(feeds_file, [Subscription(by_count, keep_items=3), Subscription(by_age, keep_days=30)])
    assert fetch_command(feeds_file, data) == 0
    assert fetch_command(feeds_file, data) == 0  # the dropped items are not fetched back
    assert sorted(capsys.readouterr().out.splitlines()) == [
        f"{by_age}: 1 new item",
        f"{by_age}: unchanged",
        f"{by_count}: 3 new items",
        f"{by_count}: unchanged",
    ]
    assert stored_ids(data, by_count) == ["b", "c", "d"]
    assert stored_ids(data, by_age) == ["fresh"]

    server.routes["/count.xml"] = (200, {}, dated(("new", 0), ("a", 5), ("b", 1), ("c", 3), ("d", 2), ("e", 4)))
    assert fetch_command(feeds_file, data) == 0
    assert f"{by_count}: 1 new item" in capsys.readouterr().out
    assert stored_ids(data, by_count) == ["b", "d", "new"]


def test_undated_items_are_kept_by_when_they_were_first_seen(server, places):
    _, data = places
    feed = f"{server.base}/feed.xml"
    subscriptions = [Subscription(feed, keep_items=2)]
    clock = [datetime(2026, 12, 6, 7, 30, tzinfo=UTC).timestamp()]
    store = ItemStore(data, clock=lambda: clock[0])
    server.routes["/feed.xml"] = (200, {}, rss(("a", "A"), ("b", "B"), ("c", "C"), date=""))
    assert [result.new for result in fetch_all(subscriptions, store)] == [2]
    # (seen at once: the feed's order, newest first, decides)
    assert [(record["id"], record["seen"]) for record in stored(data, feed)] == [
        ("a", "2026-12-06T07:30:00Z"),
        ("b", "2026-12-06T07:30:00Z"),
    ]
    for _ in range(2):  # fetched again later, the item dropped is no newer than the others
        clock[0] += 3600
        assert [result.line() for result in fetch_all(subscriptions, store)] == [f"{feed}: unchanged"]
        assert stored_ids(data, feed) == ["a", "b"]
    clock[0] += 3600
    server.routes["/feed.xml"] = (200, {}, rss(("a", "A"), ("b", "B"), ("c", "C"), ("d", "D"), date=""))
    assert [result.line() for result in fetch_all(subscriptions, store)] == [f"{feed}: 1 new item"]
    assert [(record["id"], record["seen"]) for record in stored(data, feed)] == [
        ("a", "2026-12-06T07:30:00Z"),
        ("d", "2026-12-06T10:30:00Z"),
    ]


def test_the_keep_table_is_the_default_and_a_feed_can_lift_it(server, places, capsys):
    feeds_file, data = places
    limited, unlimited = f"{server.base}/a.xml", f"{server.base}/b.xml"
    server.routes["/a.xml"] = (200, {}, dated(("a1", 1), ("a2", 2), ("a3", 3)))
    server.routes["/b.xml"] = (200, {}, dated(("b1", 1), ("b2", 2), ("b3", 3)))
    save(feeds_file, [Subscription(limited), Subscription(unlimited, keep_items=0)], Keep(items=1))
    assert fetch_command(feeds_file, data) == 0
    assert (stored_ids(data, limited), stored_ids(data, unlimited)) == (["a1"], ["b1", "b2", "b3"])
    assert main(["feeds", "add", f"{server.base}/a.xml", "--keep-days", "30", "--keep-items", "2"]) == 0
    found = load_file(feeds_file)
    assert found.keep == Keep(None, 1)  # the table is kept by every save
    assert [(s.keep_days, s.keep_items) for s in found.subscriptions] == [(30, 2), (None, 0)]  # (in its place)
    assert keep_for(found.subscriptions[0], found.keep) == Keep(30, 2)
    assert keep_for(found.subscriptions[1], found.keep) == Keep(None, None)
    with pytest.raises(SystemExit) as refused:
        main(["feeds", "add", f"{server.base}/c.xml", "--keep-days", "-1", "--no-check"])
    assert refused.value.code == 2
    assert "expected a whole number, 0 or more" in capsys.readouterr().err


def test_bad_limits_are_problem_lines_and_the_feed_is_still_followed(tmp_path):
    path = tmp_path / "feeds.toml"
    path.write_text(
        '[keep]\ndays = "thirty"\nitems = 100\n\n'
        '[[feed]]\nurl = "https://a.example/rss"\nkeep_days = -3\n\n'
        '[[feed]]\nurl = "https://b.example/rss"\nkeep_items = 2.5\nkeep_days = true\n\n'
        '[[feed]]\nurl = "https://c.example/rss"\nkeep_days = 7\n',
        encoding="utf-8",
    )
    found = load_file(path)
    assert found.keep == Keep(None, 100)
    assert [(s.url, s.keep_days, s.keep_items) for s in found.subscriptions] == [
        ("https://a.example/rss", None, None),
        ("https://b.example/rss", None, None),
        ("https://c.example/rss", 7, None),
    ]
    rule = "expected a whole number, 0 or more (0: no limit)"
    assert found.problems == [
        f"{path}: keep: days: {rule}, not 'thirty'; ignored",
        f"{path}: feed 1 (https://a.example/rss): keep_days: {rule}, not -3; ignored",
        f"{path}: feed 2 (https://b.example/rss): keep_days: {rule}, not True; ignored",
        f"{path}: feed 2 (https://b.example/rss): keep_items: {rule}, not 2.5; ignored",
    ]
    path.write_text('keep = 5\n[[feed]]\nurl = "https://a.example/rss"\n', encoding="utf-8")
    assert load(path) == (
        [Subscription("https://a.example/rss")],
        [f"{path}: keep: expected a table ([keep] with days and items); ignored"],
    )


def test_reader_feeds_list_shows_the_limits(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("READER_FEEDS", str(tmp_path / "feeds.toml"))
    assert main(["feeds", "add", "https://a.example/rss", "--keep-days", "30", "--no-check"]) == 0
    assert main(["feeds", "add", "https://b.example/rss", "--keep-items", "0", "--full-text", "--no-check"]) == 0
    capsys.readouterr()
    assert main(["feeds", "list"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "https://a.example/rss\t\t\t\tkeep_days 30",
        "https://b.example/rss\t\t\tfull text\tkeep_items 0",
    ]
