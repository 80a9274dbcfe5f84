"""`reader fetch` against a local server the test starts: new items stored offline, conditional
requests, redirects, compression, and every failure a line naming the feed with its reason while
the other feeds are still stored. No test touches the internet."""

from __future__ import annotations

import codecs
import gzip
import json
import threading

import pytest

from reader.cli import main
from reader.subscriptions import fetch
from reader.subscriptions.fetch import fetch_command
from reader.subscriptions.items import ItemStore
from reader.subscriptions.store import Subscription, load, save
from tests.subscriptions.local_server import endless, reset, rss, waiting


def conditional(handler):
    if handler.headers.get("If-None-Match") == '"v1"':
        return 304, {}, b""
    return 200, {"ETag": '"v1"', "Content-Type": "application/rss+xml"}, rss(("a", "Alpha"), ("b", "Beta"))


def test_fetch_stores_items_offline_and_names_every_failure(server, places, capsys, monkeypatch):
    feeds_file, data = places
    monkeypatch.setattr(fetch, "MAX_BYTES", 50_000)
    answer = threading.Event()
    server.routes.update(
        {
            "/feed.xml": conditional,
            "/gz.xml": (200, {"Content-Encoding": "gzip"}, gzip.compress(rss(("g", "Gzipped")))),
            "/error": (500, {}, b"oops"),
            "/garbage": (200, {}, b"\x00\x01 this is no feed <html"),
            "/old": (301, {"Location": "/new.xml"}, b""),
            "/new.xml": (200, {}, rss(("n", "Moved item"))),
            "/loop": (302, {"Location": "/loop"}, b""),
            "/huge": (200, {}, b"<rss>" + b"x" * 60_000),
            "/slow": waiting(answer, (200, {}, rss(("late", "Late")))),
            "/busy": (429, {"Retry-After": "120"}, b""),
            "/local": (302, {"Location": "file:///etc/passwd"}, b""),
        }
    )
    names = ["feed.xml", "gz.xml", "error", "garbage", "old", "loop", "huge", "slow", "busy", "local"]
    save(feeds_file, [Subscription(f"{server.base}/{name}") for name in names])
    try:  # (without the limit /slow is answered after a minute: "1 new item")
        assert fetch_command(feeds_file, data, feed_seconds=1.0) == 1
    finally:
        answer.set()
    lines = {
        line.split(": ", 1)[0].rsplit("/", 1)[1]: line.split(": ", 1)[1]
        for line in capsys.readouterr().out.splitlines()
    }
    assert lines.pop("garbage").startswith("failed: not a feed")
    assert lines.pop("huge") == "failed: too large (0.1 MB; the limit is 50,000 bytes)"
    assert lines == {
        "feed.xml": "2 new items",
        "gz.xml": "1 new item",
        "error": "failed: HTTP 500 Internal Server Error",
        "old": f"1 new item (moved to {server.base}/new.xml)",
        "loop": "failed: more than 5 redirects",
        "slow": "failed: no answer within 1 s",
        "busy": "failed: HTTP 429; asked to wait 120 s",
        "local": "failed: redirected to a URL that is not followed "
        "(only http:// and https:// URLs can be subscribed to)",
    }
    assert [s.url for s in load(feeds_file)[0]][4] == f"{server.base}/new.xml"  # the permanent move is kept
    store = ItemStore(data)
    stored = [json.loads(line) for line in store.items_file(f"{server.base}/feed.xml").read_text().splitlines()]
    assert [(r["id"], r["title"], r["source"], r["feed"]) for r in stored] == [
        ("a", "Alpha", "Wire", f"{server.base}/feed.xml"),
        ("b", "Beta", "Wire", f"{server.base}/feed.xml"),
    ]

    server.requests.clear()
    assert fetch_command(feeds_file, data, feed_seconds=1.0) == 1
    again = capsys.readouterr().out
    assert f"{server.base}/feed.xml: unchanged" in again
    assert f"{server.base}/busy: failed: the server asked to wait; next try in" in again
    asked = dict(server.requests)
    assert asked["/feed.xml"]["If-None-Match"] == '"v1"' and "/busy" not in asked
    assert len(store.items_file(f"{server.base}/feed.xml").read_text().splitlines()) == 2  # no duplicates


def test_fetched_items_are_read_with_no_path_beside_the_seeds(server, places, capsys):
    server.routes["/feed.xml"] = (200, {}, rss(("a", "Alpha from the wire"), ("b", "Beta from the wire")))
    assert main(["feeds", "add", f"{server.base}/feed.xml"]) == 0
    assert main(["fetch"]) == 0
    capsys.readouterr()
    server.close()  # offline from here on
    assert main(["export"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    titles = {r["title"] for r in records}
    assert {"Alpha from the wire", "Beta from the wire"} <= titles and len(records) == 7  # 5 seeds + 2 items
    assert main(["search", "title:beta"]) == 0
    assert [json.loads(line)["title"] for line in capsys.readouterr().out.splitlines()] == ["Beta from the wire"]


def test_two_fetches_at_once_store_each_item_once(server, places):
    feeds_file, data = places
    server.routes["/feed.xml"] = (200, {}, rss(*((str(n), f"Item {n}") for n in range(30))))
    save(feeds_file, [Subscription(f"{server.base}/feed.xml")])
    threads = [threading.Thread(target=fetch_command, args=(feeds_file, data)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    lines = ItemStore(data).items_file(f"{server.base}/feed.xml").read_text().splitlines()
    assert sorted(json.loads(line)["id"] for line in lines) == sorted(str(n) for n in range(30))


@pytest.mark.parametrize(
    ("origin", "target", "allowed"),
    [
        ("http://93.184.216.34/feed", "http://127.0.0.1:8080/admin", False),
        ("http://93.184.216.34/feed", "http://10.0.0.7/feed", False),
        ("http://93.184.216.34/feed", "http://[::1]/feed", False),
        ("http://93.184.216.34/feed", "http://169.254.169.254/latest/meta-data", False),
        ("http://93.184.216.34/feed", "http://localhost/feed", False),
        ("http://93.184.216.34/feed", "https://93.184.216.35/feed", True),
        ("http://127.0.0.1:8000/feed", "http://127.0.0.1:8000/other", True),  # a local feed may stay local
        ("http://192.168.1.2/feed", "http://10.0.0.7/feed", True),
    ],
)
def test_a_public_feed_is_never_redirected_to_this_machine_or_a_private_network(origin, target, allowed):
    import asyncio

    assert asyncio.run(fetch.redirect_allowed(origin, target)) is allowed


def test_resets_bad_compression_and_endless_bodies_fail_their_feed_alone(server, places, capsys, monkeypatch):
    import brotli

    feeds_file, data = places
    monkeypatch.setattr(fetch, "MAX_BYTES", 200_000)
    server.routes.update(
        {
            "/br.xml": (200, {"Content-Encoding": "br"}, brotli.compress(rss(("r", "Brotli item")))),
            "/reset": reset,
            "/bad-gzip": (200, {"Content-Encoding": "gzip"}, b"\x1f\x8b\x08\x00 not gzip at all"),
            "/endless": endless,
            "/feed.json": (
                200,
                {"Content-Type": "application/feed+json"},
                json.dumps(
                    {
                        "version": "https://jsonfeed.org/version/1.1",
                        "title": "Json Wire",
                        "items": [{"id": "j1", "title": "From JSON", "content_text": "Said in JSON."}],
                    }
                ).encode(),
            ),
        }
    )
    names = ["br.xml", "reset", "bad-gzip", "endless", "feed.json"]
    save(feeds_file, [Subscription(f"{server.base}/{name}") for name in names])
    assert fetch_command(feeds_file, data, feed_seconds=5.0) == 1
    lines = {
        line.split(": ", 1)[0].rsplit("/", 1)[1]: line.split(": ", 1)[1]
        for line in capsys.readouterr().out.splitlines()
    }
    assert lines.pop("reset").startswith("failed: the server broke the connection (")
    assert lines == {
        "br.xml": "1 new item",
        "bad-gzip": "failed: the answer could not be decoded (bad compression)",
        "endless": "failed: too large (over 200,000 bytes)",
        "feed.json": "1 new item",
    }
    store = ItemStore(data)
    records = [json.loads(store.items_file(f"{server.base}/{name}").read_text()) for name in ("br.xml", "feed.json")]
    assert [(r["id"], r["title"], r["source"]) for r in records] == [
        ("r", "Brotli item", "Wire"),
        ("j1", "From JSON", "Json Wire"),
    ]


def test_every_request_offers_http2(server, places, monkeypatch):
    """(h2 is installed: the client is made with http2=True, for feeds, pages and `feeds add`.)"""
    import httpx

    from reader.subscriptions.discover import discover

    made: list[dict[str, object]] = []

    class Recording(httpx.AsyncClient):
        def __init__(self, **options: object) -> None:
            made.append(options)
            super().__init__(**options)  # type: ignore[arg-type]

    monkeypatch.setattr(httpx, "AsyncClient", Recording)
    server.routes["/feed.xml"] = (200, {}, rss(("a", "Alpha")))
    feeds_file, data = places
    save(feeds_file, [Subscription(f"{server.base}/feed.xml", full_text=True)])
    assert fetch_command(feeds_file, data) == 0
    assert discover(f"{server.base}/feed.xml").feed == f"{server.base}/feed.xml"
    assert [options["http2"] for options in made] == [True, True]


def test_a_result_line_and_its_json(places):
    moved = fetch.Fetched("https://a.example/rss", "new", 12, moved_to="https://b.example/rss", pages_failed=2)
    assert (
        moved.line()
        == "https://a.example/rss: 12 new items (moved to https://b.example/rss; 2 pages could not be fetched)"
    )
    assert json.loads(moved.json()) == {
        "url": "https://a.example/rss",
        "outcome": "new",
        "new": 12,
        "reason": "",
        "moved_to": "https://b.example/rss",
        "pages_failed": 2,
    }
    assert fetch.Fetched("https://a.example/rss", "unchanged", pages_failed=1).line() == (
        "https://a.example/rss: unchanged (1 page could not be fetched)"
    )
    assert json.loads(fetch.Fetched("https://a.example/\x1b]52", "failed", reason="x").json())["url"] == (
        "https://a.example/\x1b]52"
    )


def test_a_feed_is_read_in_the_charset_its_server_names_unless_the_feed_names_its_own(server, places):
    """Servers often say a feed's encoding only in Content-Type; a feed that declares its own
    (or starts with a byte order mark) is read as it says, whatever the header claims."""
    feeds_file, data = places
    russian, japanese, french = "Как пережить новогоднюю ночь", "ゲーム三昧な正月", "Été à Nîmes"

    def feed(title: str, declaration: str = "") -> str:
        item = f"<item><guid>g</guid><title>{title}</title><description>{title}.</description></item>"
        return f'{declaration}<rss version="2.0"><channel><title>Wire</title>{item}</channel></rss>'

    def wide(text: str, codec: str) -> bytes:
        return (f'<?xml version="1.0" encoding="utf-16"?>{text}').encode(codec)

    server.routes.update(
        {
            "/koi8.xml": (200, {"Content-Type": "application/rss+xml; charset=koi8-r"}, feed(russian).encode("koi8-r")),
            "/eucjp.xml": (200, {"Content-Type": "text/xml; charset=EUC-JP"}, feed(japanese).encode("euc_jp")),
            "/declared.xml": (
                200,
                {"Content-Type": "text/xml; charset=iso-8859-1"},  # wrong: the declaration is right
                feed(french, '<?xml version="1.0" encoding="utf-8"?>').encode(),
            ),
            "/bom.xml": (200, {"Content-Type": "text/xml; charset=latin-1"}, codecs.BOM_UTF8 + feed(french).encode()),
            "/unknown.xml": (200, {"Content-Type": "text/xml; charset=no-such-charset"}, feed(french).encode()),
            "/undefined.xml": (200, {"Content-Type": "text/xml; charset=undefined"}, feed(french).encode()),
            "/no-text-codec.xml": (200, {"Content-Type": "text/xml; charset=base64"}, feed(french).encode()),
            # valid UTF-8 labelled Latin-1 (the usual mislabel): the bytes win
            "/mislabelled.xml": (200, {"Content-Type": "text/xml; charset=iso-8859-1"}, feed(russian).encode()),
            "/json.json": (
                200,
                {"Content-Type": "application/feed+json; charset=windows-1252"},
                json.dumps(
                    {"version": "https://jsonfeed.org/version/1.1", "items": [{"id": "g", "title": french}]}
                ).encode(),
            ),
            # UTF-16 with no byte order mark, either byte order: its first bytes say so
            "/utf16le.xml": (200, {"Content-Type": "text/xml; charset=utf-16"}, wide(feed(japanese), "utf-16-le")),
            "/utf16be.xml": (200, {"Content-Type": "text/xml; charset=utf-16"}, wide(feed(japanese), "utf-16-be")),
        }
    )
    names = [
        "koi8.xml",
        "eucjp.xml",
        "declared.xml",
        "bom.xml",
        "unknown.xml",
        "undefined.xml",
        "no-text-codec.xml",
        "mislabelled.xml",
        "json.json",
        "utf16le.xml",
        "utf16be.xml",
    ]
    save(feeds_file, [Subscription(f"{server.base}/{name}") for name in names])
    assert fetch_command(feeds_file, data) == 0
    store = ItemStore(data)
    titles = {
        name: [json.loads(line)["title"] for line in store.items_file(f"{server.base}/{name}").read_text().splitlines()]
        for name in names
    }
    assert titles == {
        "koi8.xml": [russian],
        "eucjp.xml": [japanese],
        "declared.xml": [french],
        "bom.xml": [french],
        "unknown.xml": [french],
        "undefined.xml": [french],
        "no-text-codec.xml": [french],
        "mislabelled.xml": [russian],
        "json.json": [french],
        "utf16le.xml": [japanese],
        "utf16be.xml": [japanese],
    }


def test_a_feed_moved_to_one_already_followed_becomes_one_with_it(server, places):
    feeds_file, data = places
    server.routes["/old"] = (301, {"Location": "/new.xml"}, b"")
    server.routes["/new.xml"] = (200, {}, rss(("n", "Moved item")))
    new = f"{server.base}/new.xml"
    save(
        feeds_file,
        [
            Subscription(new, tags=("World",)),
            Subscription(f"{server.base}/elsewhere.xml", "Elsewhere"),
            Subscription(f"{server.base}/old", "Old name", ("Ports",), full_text=True, keep_days=30),
        ],
    )
    server.routes["/elsewhere.xml"] = (200, {}, rss(("e", "Else")))
    assert fetch_command(feeds_file, data) == 0
    subscriptions, problems = load(feeds_file)
    assert problems == []
    assert subscriptions == [
        Subscription(new, "Old name", ("World", "Ports"), full_text=True, keep_days=30),
        Subscription(f"{server.base}/elsewhere.xml", "Elsewhere"),
    ]
    stored = [json.loads(line) for line in ItemStore(data).items_file(new).read_text().splitlines()]
    assert [(record["id"], record["feed"]) for record in stored] == [("n", new)]


def test_a_removed_feed_keeps_its_items_unless_they_are_dropped_too(server, places, capsys, monkeypatch):
    feed, other = f"{server.base}/feed.xml", f"{server.base}/other.xml"
    server.routes["/feed.xml"] = (200, {}, rss(("a", "Alpha from the wire"), ("b", "Beta from the wire")))
    server.routes["/other.xml"] = (200, {}, rss(("o", "Other story")))
    assert main(["feeds", "add", feed]) == 0 and main(["feeds", "add", other]) == 0
    assert main(["fetch"]) == 0
    capsys.readouterr()

    def titles() -> set[str]:
        assert main(["export"]) == 0
        return {json.loads(line)["title"] for line in capsys.readouterr().out.splitlines()}

    assert main(["feeds", "remove", feed]) == 0
    said = capsys.readouterr().err
    assert said == f"reader feeds: removed {feed}; its 2 fetched items stay (--drop-items deletes them)\n"
    assert {"Alpha from the wire", "Other story"} <= titles()
    from reader.subscriptions import commands

    def unwritable(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    with monkeypatch.context() as patched:  # the file cannot be written: the feed and its items stay
        patched.setattr(commands, "save", unwritable)
        assert main(["feeds", "remove", other, "--drop-items"]) == 1
    assert "nothing changed" in capsys.readouterr().err and "Other story" in titles()
    assert main(["feeds", "remove", other, "--drop-items"]) == 0
    assert capsys.readouterr().err == f"reader feeds: removed {other} and its 1 fetched item\n"
    left = titles()
    assert "Other story" not in left and "Alpha from the wire" in left
    assert not ItemStore(places[1]).items_file(other).exists()


def test_a_feed_that_fails_in_an_unforeseen_way_is_one_failure_and_the_others_are_stored(server, places, monkeypatch):
    feeds_file, data = places
    server.routes["/a.xml"] = (200, {}, rss(("a", "Alpha")))
    server.routes["/b.xml"] = (200, {}, rss(("b", "Beta")))
    save(feeds_file, [Subscription(f"{server.base}/a.xml"), Subscription(f"{server.base}/b.xml")])
    records = ItemStore.feed_records

    def surprising(store, subscription, body):
        if subscription.url.endswith("/a.xml"):
            raise RuntimeError("something no one foresaw\nsecond line")
        return records(store, subscription, body)

    monkeypatch.setattr(ItemStore, "feed_records", surprising)
    reported = []
    results = fetch.fetch_all(load(feeds_file)[0], ItemStore(data), reported.append)
    assert [(r.outcome, r.reason) for r in results] == [
        ("failed", "could not be read (RuntimeError: something no one foresaw)"),
        ("new", ""),
    ]
    assert sorted(r.url for r in reported) == sorted(r.url for r in results)  # (a line for each, as they end)
    assert ItemStore(data).count(f"{server.base}/b.xml") == 1
