"""Read and starred marks follow an item whose words a fetch updates (new text, its page's full
text): they are keyed by the words, so the new version gets the old one's marks."""

from __future__ import annotations

from reader.ingest.datasets import JsonLines
from reader.state.store import StateStore, content_key
from reader.subscriptions.fetch import fetch_all, fetch_command
from reader.subscriptions.items import ItemStore
from reader.subscriptions.store import Keep, Subscription, save
from tests.subscriptions.local_server import rss

STORY = (
    "The harbour authority said on Monday that the new deep-water berth would double the port's "
    "capacity by next spring, and that dredging of the approach channel would begin in March."
)


def keys(data, url):
    """Each stored item's content key, as the reader computes it from the items file."""
    path = ItemStore(data).items_file(url)
    articles, _ = JsonLines().read_bytes(path.read_bytes(), str(path))
    return {article.item: content_key(article) for article in articles}


def test_a_starred_item_is_still_starred_when_a_fetch_updates_its_words(server, places):
    feeds_file, data = places
    feed = f"{server.base}/feed.xml"
    server.routes["/feed.xml"] = (200, {}, rss(("a", "Port"), ("b", "Rail"), link=f"{server.base}/page/{{}}"))
    save(feeds_file, [Subscription(feed)])
    assert fetch_command(feeds_file, data) == 0
    before = keys(data, feed)
    with StateStore.open(data / "state.sqlite3") as state:
        assert state.set_starred(before["a"]) and state.set_read(before["b"])

    server.routes["/feed.xml"] = (
        200,
        {},
        rss(("a", "Port"), ("b", "Rail"), text="{}: updated at noon.", link=f"{server.base}/page/{{}}"),
    )
    assert fetch_command(feeds_file, data) == 0
    after = keys(data, feed)
    assert after["a"] != before["a"] and after["b"] != before["b"]
    with StateStore.open(data / "state.sqlite3") as state:
        assert state.marks(after["a"]) == (False, True)
        assert state.marks(after["b"]) == (True, False)
        assert state.marks(before["a"]) == (False, True)  # (another copy may still have those words)


def test_marks_follow_an_item_to_its_full_text_in_the_apps_own_state_store(server, places):
    _, data = places
    feed = f"{server.base}/feed.xml"
    server.routes["/feed.xml"] = (200, {}, rss(("a", "Port"), link=f"{server.base}/page/{{}}"))
    html = f"<html><body><article><h1>Port</h1><p>{STORY}</p></article></body></html>".encode()
    server.routes["/page/a"] = (200, {"Content-Type": "text/html"}, html)
    with StateStore.open(data / "state.sqlite3") as state:
        store = ItemStore(data, marks=state)
        assert [result.new for result in fetch_all([Subscription(feed)], store)] == [1]
        summary = keys(data, feed)["a"]
        state.set_starred(summary)
        assert [result.outcome for result in fetch_all([Subscription(feed, full_text=True)], store)] == ["unchanged"]
        full = keys(data, feed)["a"]
        assert full != summary and state.marks(full) == (False, True)
        assert store.notices == []


def test_carry_marks_keeps_the_earliest_time_and_never_raises(tmp_path):
    with StateStore.open(tmp_path / "state.sqlite3") as state:
        state.set_read("old")
        state.set_starred("old")
        state.set_read("new")
        state._db.execute("UPDATE marks SET read_at = 100, starred_at = 200 WHERE key = 'old'")
        state._db.execute("UPDATE marks SET read_at = 300 WHERE key = 'new'")
        assert state.carry_marks("old", "new") is True
        assert (state.read_at("new").timestamp(), state.starred_at("new").timestamp()) == (100, 200)
        assert state.carry_marks("unmarked", "other") is True and state.marks("other") == (False, False)
        assert state.carry_marks("new", "new") is True
    closed = StateStore.in_memory()
    closed.close()
    assert closed.carry_marks("old", "new") is False
    assert closed.take_notices() == ["could not save read/starred marks: Cannot operate on a closed database."]


def test_a_feed_moved_onto_one_already_stored_keeps_the_fuller_version_its_marks_and_what_was_dropped(tmp_path):
    data = tmp_path / "data"
    old, new = Subscription("https://old.example/rss"), Subscription("https://new.example/rss")
    with StateStore.open(data / "state.sqlite3") as state:
        store = ItemStore(data, marks=state)
        store.store_items(old, store.feed_records(old, rss(("a", "Port"), ("z", "Zinc"))), keep=Keep(items=1))
        dropped_before = set(store._dropped(old.url))
        assert len(dropped_before) == 1
        store.store_pages(old.url, store.pages_wanted(old.url), {"a": STORY})  # the old feed's copy: full text
        store.store_items(new, store.feed_records(new, rss(("a", "Port"))))  # the new one's, the summary
        summary = keys(data, new.url)["a"]
        state.set_starred(summary)

        store.moved(old.url, new.url)

        full = keys(data, new.url)["a"]
        assert full != summary and state.marks(full) == (False, True)  # the fuller version, with the star
        assert not store.items_file(old.url).exists()
        assert set(store._dropped(new.url)) == dropped_before  # still dropped: not fetched back as new
        assert store.notices == []
