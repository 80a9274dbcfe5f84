"""What ``reader feeds add URL`` subscribes to: the URL itself when it is a feed, else the feed a
web page offers (``<link rel="alternate" type="application/rss+xml" href=...>`` and its Atom and
JSON Feed kin), so that a site's home page is enough.

The URL is fetched as ``reader fetch`` fetches a feed (reader.subscriptions.fetch.get: http(s)
only, the size cap, redirects followed by hand and never from a public address to this machine
or a private network) within CHECK_SECONDS. A network failure is no verdict: the user may be
offline, so the URL is then followed as given and `reader fetch` will tell. The page is read with
lxml's HTML parser (libxml2: linear, no backtracking on hostile markup; no DTD, no entities).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

CHECK_SECONDS = 15.0
FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/feed+json", "application/json"})
#: At most this many of a page's feeds are looked at (a page can list thousands of links).
MAX_OFFERED = 20


@dataclass(frozen=True)
class Found:
    """What a URL turned out to be. ``feed``: the URL to follow (None: nothing to follow, with
    ``problem`` saying why); ``offered``: the page's other feeds; ``unchecked``: why the URL
    could not be checked ("" when it was)."""

    feed: str | None
    offered: tuple[str, ...] = ()
    unchecked: str = ""
    problem: str = ""


def discover(url: str, seconds: float = CHECK_SECONDS) -> Found:
    """The feed to follow for ``url`` (already checked to be http(s)); never raises."""
    return asyncio.run(_discover(url, seconds))


async def _discover(url: str, seconds: float) -> Found:
    import httpx

    from reader.subscriptions.fetch import FetchError, get, network_reason, new_client

    try:
        async with new_client(seconds) as client:
            answer = await asyncio.wait_for(get(client, url, origin=url), seconds)
    except TimeoutError:
        return Found(url, unchecked=f"no answer within {seconds:g} s")
    except FetchError as error:
        return Found(url, unchecked=str(error))
    except (httpx.HTTPError, OSError) as error:
        return Found(url, unchecked=network_reason(error))
    if answer.status in (404, 410):
        return Found(None, problem=f"the server has no such page (HTTP {answer.status})")
    if answer.status != 200:
        return Found(url, unchecked=f"HTTP {answer.status} {answer.reason}".strip())
    if is_feed(answer.body, answer.url):
        return Found(url)
    return await _offered(url, answer)


async def _offered(url: str, answer: Any) -> Found:
    from reader.subscriptions.fetch import HTML_TYPES, redirect_allowed

    feeds = [feed for feed in feed_links(answer.body, answer.url) if await redirect_allowed(url, feed)]
    if feeds:
        return Found(feeds[0], tuple(feeds[1:]))
    kind = answer.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind in HTML_TYPES:
        return Found(None, problem="a web page that offers no feed")
    return Found(None, problem=f"neither a feed nor a web page offering one ({kind or 'no type'})")


def is_feed(body: bytes, url: str) -> bool:
    """Whether a document is an RSS, Atom or JSON feed, as `reader fetch` reads them (an empty
    one included)."""
    from reader.subscriptions.items import feed_articles

    try:
        feed_articles(body, url)
    except ValueError as error:
        return str(error) == "a feed with no items"
    except RecursionError:
        return False
    return True


def feed_links(html: bytes, page_url: str) -> list[str]:
    """The http(s) feeds a page offers, without repeats: its ``<link rel="alternate">`` of a feed
    type, relative ones resolved as a browser would; in the page's order, except that plain
    "application/json" ones come last (a CMS's API links are typed so too)."""
    from lxml import etree
    from lxml.html import document_fromstring

    from reader.subscriptions.store import BadURL, checked_url

    try:
        root = document_fromstring(html)
    except (etree.LxmlError, ValueError):
        return []
    base = _base(root, page_url)
    found: dict[str, bool] = {}  # feed: whether it is only "application/json"
    for link in root.iter("link"):
        kind = _feed_type(link)
        if not kind:
            continue
        try:
            feed = checked_url(urljoin(base, (link.get("href") or "").strip()))
        except (BadURL, ValueError):
            continue
        found.setdefault(feed, kind == "application/json")
        if len(found) == MAX_OFFERED:
            break
    return sorted(found, key=found.__getitem__)


def _feed_type(link: Any) -> str:
    """The feed type a ``<link>`` offers, "" when it offers none."""
    rel = (link.get("rel") or "").lower().split()
    kind = (link.get("type") or "").split(";")[0].strip().lower()
    return kind if "alternate" in rel and kind in FEED_TYPES and (link.get("href") or "").strip() else ""


def _base(root: Any, page_url: str) -> str:
    """The URL relative links are resolved against: the page's ``<base href>`` (http(s)) or its own."""
    from reader.subscriptions.store import BadURL, checked_url

    for base in root.iter("base"):
        href = (base.get("href") or "").strip()
        if href:
            try:
                return checked_url(urljoin(page_url, href))
            except (BadURL, ValueError):
                return page_url
    return page_url
