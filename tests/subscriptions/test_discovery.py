"""`reader feeds add URL` finds the feed: a feed is followed as given, a web page's offered
feed instead of the page, nothing when the page offers none; offline, the URL as given."""

from __future__ import annotations

import json
import socket

import pytest
from cpu_budget import hang_budget

from reader.cli import main
from reader.subscriptions import discover as discovering
from reader.subscriptions.discover import feed_links
from reader.subscriptions.store import load
from tests.subscriptions.local_server import rss

HTML = {"Content-Type": "text/html; charset=utf-8"}
HOME = b"""<!DOCTYPE html><html><head><title>Wire</title>
<link rel="stylesheet" href="/style.css">
<link rel="alternate" type="application/json" href="/wp-json/wp/v2/pages/7">
<link rel="alternate" type="application/rss+xml" title="All news" href="/rss.xml">
<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
<link rel="ALTERNATE nofollow" type="Application/Atom+XML; charset=utf-8" href="https://wire.example/atom">
<link rel="alternate" type="application/feed+json" href="feed.json">
<link rel="alternate" type="application/rss+xml" href="/rss.xml">
<link rel="alternate" type="application/rss+xml" href="http://10.0.0.7/private.xml">
</head><body><a href="/other.xml" type="application/rss+xml" rel="alternate">not a link tag</a></body></html>"""


def test_a_web_page_is_followed_through_the_first_feed_it_offers(server, places, capsys):
    feeds_file, _ = places
    server.routes["/news/"] = (200, HTML, HOME)
    assert main(["feeds", "add", f"{server.base}/news/", "--tag", "World"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"reader feeds: also offered: https://wire.example/atom, {server.base}/news/feed.json, "
        f"http://10.0.0.7/private.xml, {server.base}/wp-json/wp/v2/pages/7",
        f"reader feeds: added {server.base}/rss.xml (the feed {server.base}/news/ offers)",
    ]
    assert [(s.url, s.tags) for s in load(feeds_file)[0]] == [(f"{server.base}/rss.xml", ("World",))]


def test_a_public_page_never_offers_a_feed_on_a_private_network():
    import asyncio

    class Answer:
        url = "http://93.184.216.34/"
        body = HOME
        headers = HTML

    found = asyncio.run(discovering._offered("http://93.184.216.34/", Answer()))
    assert found.feed == "http://93.184.216.34/rss.xml"
    assert "http://10.0.0.7/private.xml" not in found.offered


def test_a_feed_is_followed_as_given(server, places, capsys):
    feeds_file, _ = places
    server.routes["/rss.xml"] = (200, {}, rss(("a", "Alpha")))
    server.routes["/empty.xml"] = (200, {}, rss())
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": [{"id": "1", "content_text": "x"}]}
    server.routes["/feed.json"] = (200, {"Content-Type": "application/feed+json"}, json.dumps(feed).encode())
    for path in ("/rss.xml", "/empty.xml", "/feed.json"):
        assert main(["feeds", "add", f"{server.base}{path}"]) == 0
    assert capsys.readouterr().err.splitlines() == [
        f"reader feeds: added {server.base}/rss.xml",
        f"reader feeds: added {server.base}/empty.xml",
        f"reader feeds: added {server.base}/feed.json",
    ]
    assert [s.url for s in load(feeds_file)[0]] == [
        f"{server.base}{p}" for p in ("/rss.xml", "/empty.xml", "/feed.json")
    ]


@pytest.mark.parametrize(
    ("route", "said"),
    [
        (
            (200, HTML, b"<html><head><title>No feed</title></head><body>Hi</body></html>"),
            "a web page that offers no feed",
        ),
        (
            (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n"),
            "neither a feed nor a web page offering one (image/png)",
        ),
        ((404, HTML, b"gone"), "the server has no such page (HTTP 404)"),
    ],
)
def test_a_url_with_no_feed_adds_nothing(server, places, capsys, route, said):
    feeds_file, _ = places
    server.routes["/page"] = route
    assert main(["feeds", "add", f"{server.base}/page"]) == 2
    assert capsys.readouterr().err == f"reader feeds: {server.base}/page: {said}; nothing added\n"
    assert not feeds_file.exists()


def test_offline_the_url_is_added_as_given_and_no_check_asks_nothing(server, places, capsys):
    feeds_file, _ = places
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{unused.getsockname()[1]}/rss.xml"
    assert main(["feeds", "add", closed]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"reader feeds: {closed} could not be checked (could not connect (")
    assert err[0].endswith("); added as given, and `reader fetch` will tell")
    assert err[1:] == [f"reader feeds: added {closed}"]
    server.routes["/slow"] = (503, {}, b"")
    assert main(["feeds", "add", f"{server.base}/slow"]) == 0
    assert "could not be checked (HTTP 503 Service Unavailable)" in capsys.readouterr().err
    server.requests.clear()
    assert main(["feeds", "add", f"{server.base}/page", "--no-check"]) == 0
    assert server.requests == []
    assert [s.url for s in load(feeds_file)[0]] == [closed, f"{server.base}/slow", f"{server.base}/page"]


def test_the_other_feeds_commands_never_use_the_network(places, tmp_path, monkeypatch, capsys):
    def no_network(*args, **kwargs):
        raise AssertionError("the network was used")

    monkeypatch.setattr(discovering, "discover", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    assert main(["feeds", "add", "https://a.example/rss", "--no-check"]) == 0
    assert main(["feeds", "list"]) == 0
    assert main(["feeds", "export"]) == 0
    opml = tmp_path / "in.opml"
    opml.write_text('<opml version="2.0"><body><outline text="B" xmlUrl="https://b.example/rss"/></body></opml>')
    assert main(["feeds", "import", str(opml)]) == 0
    assert main(["feeds", "remove", "https://a.example/rss"]) == 0


def test_feed_links_are_found_by_a_parser_in_linear_time():

    based = (
        b'<html><head><base href="https://cdn.example/feeds/">'
        b'<link rel="alternate" type="application/atom+xml" href="a.xml"></head></html>'
    )
    assert feed_links(based, "https://wire.example/") == ["https://cdn.example/feeds/a.xml"]
    for nothing in (b"", b"\x00\x01\x02", b"<html><head><div>" * 5000):
        assert feed_links(nothing, "https://wire.example/") == []
    unclosed = b"<html><head>" + b'<link rel="alternate" type="application/rss+xml" href="' * 200_000
    many = b"<html><head>" + b"".join(
        b'<link rel="alternate" type="application/rss+xml" href="/f%d.xml">' % n for n in range(100_000)
    )
    with hang_budget("10 MB of hostile markup", 5.0):  # CPU seconds: a tenth of one here
        assert feed_links(unclosed, "https://wire.example/") == []
        found = feed_links(many, "https://wire.example/")
    assert found == [f"https://wire.example/f{n}.xml" for n in range(20)]
