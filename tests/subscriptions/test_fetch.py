"""`reader fetch` against a local server the test starts: new items stored offline, conditional
requests, redirects, compression, and every failure a line naming the feed with its reason while
the other feeds are still stored. No test touches the internet."""

from __future__ import annotations

import gzip
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from reader.cli import main
from reader.subscriptions import fetch
from reader.subscriptions.fetch import fetch_command
from reader.subscriptions.items import ItemStore
from reader.subscriptions.store import Subscription, load, save


def rss(*items: tuple[str, str]) -> bytes:
    body = "".join(
        f"<item><title>{title}</title><guid>{guid}</guid><link>https://news.example/{guid}</link>"
        f"<pubDate>Thu, 12 Jun 2025 07:30:00 GMT</pubDate><description>Text of {title}.</description></item>"
        for guid, title in items
    )
    channel = f"<channel><title>Wire</title>{body}</channel>"
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0">{channel}</rss>'.encode()


class Server:
    """Routes: path -> (status, headers, body) or a callable giving them; records the requests."""

    def __init__(self) -> None:
        self.routes: dict[str, object] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append((self.path, dict(self.headers)))
                route = server.routes.get(self.path, (404, {}, b"no such page"))
                status, headers, body = route(self) if callable(route) else route
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    running = Server()
    yield running
    running.close()


@pytest.fixture
def places(tmp_path, monkeypatch):
    feeds = tmp_path / "config" / "feeds.toml"
    monkeypatch.setenv("READER_FEEDS", str(feeds))
    for variable in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(variable, str(tmp_path / variable.lower()))
    return feeds, tmp_path / "data"


def conditional(handler):
    if handler.headers.get("If-None-Match") == '"v1"':
        return 304, {}, b""
    return 200, {"ETag": '"v1"', "Content-Type": "application/rss+xml"}, rss(("a", "Alpha"), ("b", "Beta"))


def never_answers(handler):
    time.sleep(5)
    return 200, {}, rss(("late", "Late"))


def test_fetch_stores_items_offline_and_names_every_failure(server, places, capsys, monkeypatch):
    feeds_file, data = places
    monkeypatch.setattr(fetch, "MAX_BYTES", 50_000)
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
            "/slow": never_answers,
            "/busy": (429, {"Retry-After": "120"}, b""),
            "/local": (302, {"Location": "file:///etc/passwd"}, b""),
        }
    )
    names = ["feed.xml", "gz.xml", "error", "garbage", "old", "loop", "huge", "slow", "busy", "local"]
    save(feeds_file, [Subscription(f"{server.base}/{name}") for name in names])
    started = time.monotonic()
    assert fetch_command(feeds_file, data, feed_seconds=1.0) == 1
    assert time.monotonic() - started < 4
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
