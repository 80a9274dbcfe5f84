"""Full text: a summary-only feed's items get their pages' main text, each page fetched once;
a page that fails (an error, not a web page, too slow) only leaves the summary and is counted."""

from __future__ import annotations

import asyncio
import json
import threading

import pytest

from reader.cli import main
from reader.subscriptions import fetch
from reader.subscriptions.fetch import fetch_command
from reader.subscriptions.items import ItemStore
from reader.subscriptions.store import Subscription, save
from tests.subscriptions.local_server import rss, waiting

STORY = (
    "The harbour authority said on Monday that the new deep-water berth would double the port's "
    "capacity by next spring, and that dredging of the approach channel would begin in March."
)
SECOND = "Shipping lines welcomed the plan, though fishermen asked for a say in the timetable of the works."


def page(*paragraphs: str, charset: str = "utf-8") -> bytes:
    body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return (
        f"<html><head><title>Port story</title></head><body><nav><a href='/'>Home</a> | <a href='/w'>World</a></nav>"
        f"<article><h1>Port story</h1>{body}</article><footer>Copyright the Site</footer></body></html>"
    ).encode(charset)


HTML = {"Content-Type": "text/html; charset=utf-8"}


def stored(data, url):
    return {r["id"]: r for r in map(json.loads, ItemStore(data).items_file(url).read_text().splitlines())}


def test_pages_replace_summaries_once_and_a_failed_page_never_fails_the_feed(server, places, capsys):
    feeds_file, data = places
    feed = f"{server.base}/feed.xml"
    server.routes.update(
        {
            "/feed.xml": (
                200,
                {},
                rss(("a", "A"), ("b", "B"), ("c", "C"), ("d", "D"), link=f"{server.base}/page/{{}}"),
            ),
            "/page/a": (200, HTML, page(STORY, SECOND)),
            "/page/b": (404, HTML, b"<html><body>gone</body></html>"),
            "/page/c": (200, {"Content-Type": "application/pdf"}, b"%PDF-1.7 " + STORY.encode()),
            "/page/d": (200, HTML, b"<html><body><p>Hi.</p></body></html>"),  # less than the summary
        }
    )
    save(feeds_file, [Subscription(feed, full_text=True)])
    assert fetch_command(feeds_file, data, feed_seconds=5) == 0
    assert capsys.readouterr().out == f"{feed}: 4 new items (2 pages could not be fetched)\n"
    records = stored(data, feed)
    assert records["a"]["text"] == f"{STORY}\n\n{SECOND}" and records["a"]["page"] == f"{server.base}/page/a"
    assert [records[key]["text"] for key in "bcd"] == ["Text of B.", "Text of C.", "Text of D."]
    assert records["d"]["page"] == f"{server.base}/page/d" and "page" not in records["b"]
    assert (records["b"]["page_tries"], records["c"]["page_tries"]) == (1, 1)

    for _ in range(3):
        assert fetch_command(feeds_file, data, feed_seconds=5) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{feed}: unchanged (2 pages could not be fetched)",
        f"{feed}: unchanged (2 pages could not be fetched)",
        f"{feed}: unchanged",  # (three tries each: left with their summaries)
    ]
    asked = {path: server.asked(path) for path in ("/page/a", "/page/b", "/page/c", "/page/d")}
    assert asked == {"/page/a": 1, "/page/b": 3, "/page/c": 3, "/page/d": 1}
    assert stored(data, feed)["a"]["text"] == f"{STORY}\n\n{SECOND}"


def test_a_changed_item_gets_its_page_again(server, places, capsys):
    feeds_file, data = places
    feed = f"{server.base}/feed.xml"
    server.routes["/feed.xml"] = (200, {}, rss(("a", "A"), link=f"{server.base}/page/{{}}"))
    server.routes["/page/a"] = (200, HTML, page(STORY))
    save(feeds_file, [Subscription(feed, full_text=True)])
    assert fetch_command(feeds_file, data) == 0
    server.routes["/feed.xml"] = (200, {}, rss(("a", "A, updated"), link=f"{server.base}/page/{{}}"))
    server.routes["/page/a"] = (200, HTML, page(STORY, SECOND))
    assert fetch_command(feeds_file, data) == 0
    assert capsys.readouterr().out.splitlines() == [f"{feed}: 1 new item", f"{feed}: unchanged"]
    record = stored(data, feed)["a"]
    assert (record["title"], record["text"], server.asked("/page/a")) == ("A, updated", f"{STORY}\n\n{SECOND}", 2)


def test_reader_fetch_full_text_fetches_the_pages_of_every_feed(server, places, capsys):
    feed = f"{server.base}/feed.xml"
    server.routes["/feed.xml"] = (200, {}, rss(("a", "A"), link=f"{server.base}/page/{{}}"))
    cyrillic = "Порт удвоит мощность к весне: дноуглубительные работы на подходном канале начнутся в марте."
    server.routes["/page/a"] = (
        200,
        {"Content-Type": "text/html; charset=windows-1251"},
        page(cyrillic, charset="cp1251"),
    )
    assert main(["feeds", "add", feed]) == 0
    assert main(["fetch"]) == 0
    assert server.asked("/page/a") == 0
    server.routes["/feed.xml"] = (200, {}, rss(("a", "A, updated"), link=f"{server.base}/page/{{}}"))
    assert main(["fetch", "--full-text"]) == 0
    capsys.readouterr()
    assert main(["export"]) == 0
    exported = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [record["text"] for record in exported if record["title"] == "A, updated"] == [cyrillic]


def test_a_page_that_never_answers_is_given_up_within_its_time_limit(server, places, capsys):
    feeds_file, data = places
    feed = f"{server.base}/feed.xml"
    answer = threading.Event()
    server.routes["/feed.xml"] = (200, {}, rss(("a", "A"), ("b", "B"), link=f"{server.base}/page/{{}}"))
    server.routes["/page/a"] = waiting(answer, (200, HTML, page(STORY)))
    server.routes["/page/b"] = (200, HTML, page(STORY))
    save(feeds_file, [Subscription(feed, full_text=True)])
    try:  # (without the limit the page is answered after a minute: 2 new items, no failure)
        assert fetch_command(feeds_file, data, feed_seconds=1.0) == 0
    finally:
        answer.set()
    assert capsys.readouterr().out == f"{feed}: 2 new items (1 page could not be fetched)\n"
    assert [record["text"] for record in stored(data, feed).values()] == ["Text of A.", STORY]


@pytest.mark.parametrize("link", ["http://127.0.0.1:{port}/page", "http://10.0.0.7/page", "http://localhost/page"])
def test_a_public_feed_never_sends_us_to_this_machine_or_a_private_network(server, link):
    async def attempt():
        async with fetch.new_client(2.0) as client:
            await fetch._page_answer(client, "http://93.184.216.34/feed", link.format(port=server.base.rsplit(":")[-1]))

    with pytest.raises(fetch.FetchError, match="a link to a local or private address"):
        asyncio.run(attempt())
    assert server.requests == []


def test_an_unchanged_feed_still_gets_the_pages_it_lacks(server, places, capsys):
    """A feed answering 304 lists nothing new; a page that failed before is tried again, and a
    feed whose full text was turned on since gets its pages."""
    feeds_file, data = places
    feed = f"{server.base}/feed.xml"
    body = rss(("a", "A"), ("b", "B"), link=f"{server.base}/page/{{}}")

    def unless_unchanged(handler):
        if handler.headers.get("If-None-Match") == '"v1"':
            return 304, {"ETag": '"v1"'}, b""
        return 200, {"ETag": '"v1"'}, body

    server.routes["/feed.xml"] = unless_unchanged
    server.routes["/page/a"] = (500, HTML, b"down")
    server.routes["/page/b"] = (200, HTML, page(SECOND))
    save(feeds_file, [Subscription(feed)])
    assert fetch_command(feeds_file, data) == 0  # no full text yet
    save(feeds_file, [Subscription(feed, full_text=True)])
    assert fetch_command(feeds_file, data) == 0  # 304: both pages wanted, A's fails
    server.routes["/page/a"] = (200, HTML, page(STORY))
    assert fetch_command(feeds_file, data) == 0  # 304: A's tried again
    assert fetch_command(feeds_file, data) == 0  # 304: nothing left to fetch
    assert capsys.readouterr().out.splitlines() == [
        f"{feed}: 2 new items",
        f"{feed}: unchanged (1 page could not be fetched)",
        f"{feed}: unchanged",
        f"{feed}: unchanged",
    ]
    asked_feed = [headers.get("If-None-Match") for path, headers in server.requests if path == "/feed.xml"]
    assert asked_feed == [None, '"v1"', '"v1"', '"v1"']  # (every later answer a 304)
    assert (server.asked("/page/a"), server.asked("/page/b")) == (2, 1)
    records = stored(data, feed)
    assert (records["a"]["text"], records["b"]["text"]) == (STORY, SECOND)
