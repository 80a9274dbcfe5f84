"""``reader fetch``: bring every subscription's new items into the local store, then read offline.

Each feed is fetched concurrently (at most PER_HOST at once from one host), with a clear
User-Agent, conditional requests (``If-None-Match``/``If-Modified-Since``: a 304 costs nothing),
gzip/deflate/brotli, HTTP/2 where the server has it, a size cap, and a time limit per feed that a
server which never answers cannot stretch. Redirects are followed by hand, http(s) only, and
never from a public address to this machine or a private network: a permanent one updates the
subscription's URL. A 429 or 503 with ``Retry-After`` is respected (the
feed is not asked again before then).

Full text (a feed's ``full_text``, or ``reader fetch --full-text``): a summary-only feed's items
are worth reading offline only with their pages' text. For each item that is new, changed, or
has no page yet (one failed before, three tries at most, or full text turned on since: asked of an
unchanged feed too), its link is fetched by the same client and rules as a feed (a public feed's
links never lead to this machine or a private network), a web page only (text/html, XHTML), at
most MAX_PAGE_BYTES and FEED_SECONDS each, MAX_PAGES per feed and fetch (the newest; the rest the
next time); its main text (trafilatura, as for a saved page, in a worker thread) replaces the
summary when it is longer. A page that fails only leaves the summary and is counted in the feed's
line. The stored text is what is read offline: no HTML is kept.

Items are stored in the data folder, one JSON Lines file per feed (reader.subscriptions.items),
so that `reader`, `reader export` and `reader search` read them like any dataset.
"""

from __future__ import annotations

import asyncio
import codecs
import email.utils
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from reader import __version__
from reader.subscriptions.items import FeedState, ItemStore, Record
from reader.subscriptions.store import KEEP_ALL, BadURL, Keep, Subscription, checked_url, keep_for

USER_AGENT = f"reader/{__version__} (offline terminal news reader; feed fetcher)"
PER_HOST = 2
MAX_BYTES = 20 * 1024 * 1024
FEED_SECONDS = 15.0  # a feed's whole fetch, answer and body included
MAX_REDIRECTS = 5
MAX_RETRY_AFTER = 24 * 3600
MAX_PAGE_BYTES = 5 * 1024 * 1024  # (a news page is far smaller; extracting text costs with size)
MAX_PAGES = 50
HTML_TYPES = ("text/html", "application/xhtml+xml")
_BYTE_ORDER_MARKS = (
    codecs.BOM_UTF8,
    codecs.BOM_UTF32_LE,  # (before UTF-16's: it starts with the same two bytes)
    codecs.BOM_UTF32_BE,
    codecs.BOM_UTF16_LE,
    codecs.BOM_UTF16_BE,
)
_WIDE_STARTS = (b"<\x00\x00\x00", b"\x00\x00\x00<", b"<\x00", b"\x00<")  # "<" in UTF-32 or UTF-16 with no mark
#: One page's text extracted at a time (worker threads share the GIL anyway, and trafilatura's
#: caches are not documented as thread-safe).
_EXTRACTING = threading.Lock()


@dataclass
class Fetched:
    """What happened to one feed: ``outcome`` is "new" (with ``new`` items), "unchanged" or "failed"
    (with ``reason`` in words); ``moved_to`` is its new URL after a permanent redirect;
    ``pages_failed`` counts the items whose page could not be fetched for its full text."""

    url: str
    outcome: str
    new: int = 0
    reason: str = ""
    moved_to: str | None = None
    pages_failed: int = 0

    def line(self) -> str:
        if self.outcome == "failed":
            return f"{self.url}: failed: {self.reason}"
        notes = [f"moved to {self.moved_to}"] if self.moved_to else []
        if self.pages_failed:
            pages = "page" if self.pages_failed == 1 else "pages"
            notes.append(f"{self.pages_failed} {pages} could not be fetched")
        said = "unchanged" if self.outcome == "unchanged" else f"{self.new} new item{'s' if self.new != 1 else ''}"
        return f"{self.url}: {said}" + (f" ({'; '.join(notes)})" if notes else "")

    def json(self) -> str:
        """The result as one line of JSON (``reader fetch --json``; ASCII, so no byte of it can
        act on a terminal)."""
        import json

        fields = ("url", "outcome", "new", "reason", "moved_to", "pages_failed")
        return json.dumps({name: getattr(self, name) for name in fields})


class FetchError(Exception):
    """One feed's (or page's) failure, in words."""


@dataclass
class Answer:
    """A server's final answer to a GET, after the redirects it allowed: ``body`` is read for a
    200 alone; ``moved_to`` is where a chain of permanent redirects from the start led."""

    url: str
    status: int
    reason: str
    headers: Mapping[str, str]
    body: bytes
    moved_to: str | None = None


@dataclass
class _Document:
    """A feed's document as fetched, before its items are stored."""

    body: bytes
    state: FeedState
    moved_to: str | None


def fetch_all(
    subscriptions: list[Subscription],
    store: ItemStore,
    on_done: Callable[[Fetched], None] | None = None,
    feed_seconds: float = FEED_SECONDS,
    *,
    full_text: bool = False,
    keep: Keep = KEEP_ALL,
) -> list[Fetched]:
    """Fetch every subscription (concurrently) and store its items; one Fetched each, in order.
    ``full_text`` fetches every feed's pages (else only those of feeds that ask for it); ``keep``
    is the limit for the feeds that set none (the feeds file's [keep])."""
    return asyncio.run(_fetch_all(subscriptions, store, on_done, feed_seconds, full_text, keep))


async def _fetch_all(
    subscriptions: list[Subscription],
    store: ItemStore,
    on_done: Callable[[Fetched], None] | None,
    feed_seconds: float,
    full_text: bool,
    keep: Keep,
) -> list[Fetched]:
    limits: dict[str, asyncio.Semaphore] = {}
    store.remove_leftovers()
    async with new_client(feed_seconds) as client:

        async def one(subscription: Subscription) -> Fetched:
            fetching = _Fetching(client, store, limits, feed_seconds, keep_for(subscription, keep))
            try:
                result = await fetching.feed(subscription, full_text or subscription.full_text)
            except Exception as error:  # noqa: BLE001 - one feed's surprise never stops the others
                reason = f"could not be read ({type(error).__name__}: {_first_line(error)})"
                result = Fetched(subscription.url, "failed", reason=reason)
            if on_done is not None:
                on_done(result)
            return result

        return list(await asyncio.gather(*(one(subscription) for subscription in subscriptions)))


def new_client(seconds: float) -> Any:
    """The HTTP client every request goes through: HTTP/2 where ``h2`` is installed, redirects
    followed by hand (``get``), the reader's User-Agent, ``seconds`` for each step."""
    import httpx

    timeout = httpx.Timeout(seconds, connect=min(10.0, seconds))
    return httpx.AsyncClient(
        http2=_has_http2(), timeout=timeout, follow_redirects=False, headers={"User-Agent": USER_AGENT}
    )


def _has_http2() -> bool:
    try:
        import h2  # noqa: F401
    except ImportError:
        return False
    return True


@dataclass
class _Fetching:
    """One feed's fetch: its document, then its pages, then its items stored."""

    client: Any
    store: ItemStore
    limits: dict[str, asyncio.Semaphore]
    seconds: float
    keep: Keep

    async def feed(self, subscription: Subscription, full_text: bool) -> Fetched:
        document = await self._document(subscription)
        if isinstance(document, Fetched):
            if full_text and document.outcome == "unchanged":
                document = await self._stored_pages(subscription, document)
            return self._pruned(document)
        try:
            records = self.store.feed_records(subscription, document.body)
        except ValueError as error:  # not a feed
            return self._pruned(Fetched(subscription.url, "failed", reason=str(error)))
        pages: dict[str, str | None] = {}
        if full_text:
            wanted = self.store.pages_wanted(subscription.url, records, self.keep)[:MAX_PAGES]
            pages = await self._pages(subscription.url, wanted)
        failed = sum(1 for text in pages.values() if text is None)
        try:
            new = self.store.store_items(subscription, records, pages, self.keep)
            self.store.save_state(subscription.url, document.state)
        except OSError as error:
            return Fetched(subscription.url, "failed", reason=f"could not be stored ({error})")
        outcome = "new" if new else "unchanged"
        return Fetched(subscription.url, outcome, new, moved_to=document.moved_to, pages_failed=failed)

    async def _document(self, subscription: Subscription) -> _Document | Fetched:
        import httpx

        url = subscription.url
        async with self._host_limit(url):
            try:
                return await asyncio.wait_for(_feed_document(self.client, subscription, self.store), self.seconds)
            except TimeoutError:
                return Fetched(url, "failed", reason=f"no answer within {self.seconds:g} s")
            except FetchError as error:
                return Fetched(url, "failed", reason=str(error))
            except httpx.HTTPError as error:
                return Fetched(url, "failed", reason=network_reason(error))
            except OSError as error:
                return Fetched(url, "failed", reason=f"could not be stored ({error})")

    async def _stored_pages(self, subscription: Subscription, unchanged: Fetched) -> Fetched:
        """An unchanged feed's pages still wanted (failed before, or full text turned on since)."""
        url = subscription.url
        try:
            wanted = self.store.pages_wanted(url, keep=self.keep)[:MAX_PAGES]
            if not wanted:
                return unchanged
            pages = await self._pages(url, wanted)
            self.store.store_pages(url, wanted, pages)
        except OSError as error:
            return Fetched(url, "failed", reason=f"could not be stored ({error})")
        return replace(unchanged, pages_failed=sum(1 for text in pages.values() if text is None))

    def _pruned(self, result: Fetched) -> Fetched:
        """A feed that stored nothing still drops what has aged past its limits."""
        try:
            self.store.prune(result.url, self.keep)
        except OSError:
            pass
        return result

    async def _pages(self, origin: str, records: list[Record]) -> dict[str, str | None]:
        texts = await asyncio.gather(*(self._page(origin, str(record["url"])) for record in records))
        return {record["id"]: text for record, text in zip(records, texts, strict=True)}

    async def _page(self, origin: str, link: str) -> str | None:
        """The main text of an item's page, or None when it cannot be had (never an exception:
        a page that fails leaves its item with the feed's summary)."""
        import httpx

        async with self._host_limit(link):
            try:
                answer = await asyncio.wait_for(_page_answer(self.client, origin, link), self.seconds)
            except (TimeoutError, FetchError, httpx.HTTPError, OSError):
                return None
        return await asyncio.to_thread(page_text, answer)

    def _host_limit(self, url: str) -> asyncio.Semaphore:
        return self.limits.setdefault(urlsplit(url).hostname or "", asyncio.Semaphore(PER_HOST))


async def _feed_document(client: Any, subscription: Subscription, store: ItemStore) -> _Document | Fetched:
    state = store.state(subscription.url)
    if state.retry_after and state.retry_after > time.time():
        wait = round(state.retry_after - time.time())
        raise FetchError(f"the server asked to wait; next try in {wait} s")
    headers = {}
    if state.etag:
        headers["If-None-Match"] = state.etag
    if state.last_modified:
        headers["If-Modified-Since"] = state.last_modified
    answer = await get(client, subscription.url, origin=subscription.url, headers=headers)
    if answer.status == 304:
        return Fetched(subscription.url, "unchanged", moved_to=answer.moved_to)
    if answer.status in (429, 503):
        delay = _retry_after(answer.headers.get("retry-after", ""))
        store.save_state(subscription.url, FeedState(state.etag, state.last_modified, time.time() + delay))
        raise FetchError(f"HTTP {answer.status}; asked to wait {delay} s")
    if answer.status != 200:
        raise FetchError(f"HTTP {answer.status} {answer.reason}".strip())
    new_state = FeedState(answer.headers.get("etag"), answer.headers.get("last-modified"), None)
    return _Document(feed_bytes(answer), new_state, answer.moved_to)


async def get(
    client: Any, url: str, origin: str, headers: Mapping[str, str] | None = None, max_bytes: int | None = None
) -> Answer:
    """GET ``url``, following redirects by hand: http(s) only, at most MAX_REDIRECTS, and never
    from ``origin``'s public address to this machine or a private network; the body (a 200's)
    at most ``max_bytes`` (MAX_BYTES). Raises FetchError, or httpx's errors for the network."""
    moved_to = None
    for _ in range(MAX_REDIRECTS + 1):
        async with client.stream("GET", url, headers=headers) as response:
            if response.status_code in (301, 302, 303, 307, 308):
                target = _redirect_target(url, response.headers.get("location", ""))
                if not await redirect_allowed(origin, target):
                    raise FetchError(f"redirected to a local or private address ({target}); not followed")
                if response.status_code in (301, 308) and (moved_to is not None or url == origin):
                    moved_to = target
                url = target
                continue
            body = await _body(response, MAX_BYTES if max_bytes is None else max_bytes)
            return Answer(url, response.status_code, response.reason_phrase, response.headers, body, moved_to)
    raise FetchError(f"more than {MAX_REDIRECTS} redirects")


async def _page_answer(client: Any, origin: str, link: str) -> Answer:
    """An item's page: its link is checked as a redirect from the feed would be (a public feed
    never sends us to this machine or a private network)."""
    if not await redirect_allowed(origin, link):
        raise FetchError("a link to a local or private address")
    answer = await get(client, link, origin=origin, max_bytes=MAX_PAGE_BYTES)
    if answer.status != 200:
        raise FetchError(f"HTTP {answer.status}")
    kind = answer.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind not in HTML_TYPES:
        raise FetchError(f"not a web page ({kind or 'no type'})")
    return answer


def page_text(answer: Answer) -> str | None:
    """The main text of a fetched page (trafilatura, as for a saved page), or None when it has none."""
    from reader.ingest.web_pages import decode_page, page_article

    try:
        html = _decoded(answer) or decode_page(answer.body)[0]
        with _EXTRACTING:
            article = page_article(html, answer.url, answer.url)
    except Exception:  # noqa: BLE001 - any page, however broken, only leaves its item's summary
        return None
    return "\n\n".join(article.paragraphs) or None


def _decoded(answer: Answer) -> str:
    """The page as its Content-Type's charset says; "" when it says none or a wrong one."""
    charset = _charset(answer)
    if not charset:
        return ""
    try:
        return answer.body.decode(charset)
    except (LookupError, ValueError):  # (an unknown name, bytes it cannot read, a codec that is no text codec)
        return ""


def feed_bytes(answer: Answer) -> bytes:
    """A feed's body as UTF-8 when only its Content-Type says what it is written in.

    A feed is parsed from its bytes, which say how to read them when they start with a byte order
    mark, in UTF-16 or UTF-32 (``<`` and zero bytes), or with an XML declaration naming the
    encoding, and are read as UTF-8 otherwise. A server often names the encoding in the header
    alone (``text/xml; charset=koi8-r``), and that text would come out garbled. The bytes' own
    word wins, and so do bytes that are valid UTF-8: servers label UTF-8 feeds as Latin-1 far more
    often than the reverse, and JSON Feed is UTF-8 by definition. A charset that is unknown or
    cannot read the bytes leaves them as they are."""
    body = answer.body
    charset = _charset(answer)
    if not charset or _states_its_encoding(body) or _is_utf8(body):
        return body
    try:
        return body.decode(charset).encode("utf-8")
    except (LookupError, ValueError):  # (an unknown name, bytes it cannot read, a codec that is no text codec)
        return body


def _states_its_encoding(body: bytes) -> bool:
    """Whether the document's first bytes say how to read it (XML 1.0, appendix F)."""
    if body.startswith(_BYTE_ORDER_MARKS) or body.startswith(_WIDE_STARTS):
        return True
    head = body[:1024].lstrip()
    if not head.startswith(b"<?xml"):
        return False
    end = head.find(b"?>")
    return b"encoding" in (head[:end] if end >= 0 else head)


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _charset(answer: Answer) -> str:
    """The charset the answer's Content-Type names ("" for none)."""
    from email.message import Message

    header = Message()
    header["content-type"] = answer.headers.get("content-type", "")
    charset = header.get_param("charset")
    return charset.strip() if isinstance(charset, str) else ""


async def redirect_allowed(origin: str, target: str) -> bool:
    """Whether a redirect may be followed: a feed at a public address never leads to this machine
    or a private network (a feed on one may go anywhere)."""
    if await _is_local(urlsplit(origin).hostname or ""):
        return True
    return not await _is_local(urlsplit(target).hostname or "")


async def _is_local(host: str) -> bool:
    """Whether ``host`` is this machine or on a private, link-local or reserved network (a name
    counts when any of its addresses is)."""
    import ipaddress
    import socket

    if host.lower() in ("localhost", "localhost.localdomain") or host.lower().endswith(".localhost"):
        return True
    try:
        addresses = [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        try:
            found = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
        except OSError:
            return False  # (the request itself will fail and say so)
        addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in found]
    return any(
        a.is_private or a.is_loopback or a.is_link_local or a.is_reserved or a.is_multicast or a.is_unspecified
        for a in addresses
    )


def _redirect_target(url: str, location: str) -> str:
    if not location:
        raise FetchError("a redirect without a Location")
    try:
        return checked_url(urljoin(url, location.strip()))
    except BadURL as error:
        raise FetchError(f"redirected to a URL that is not followed ({error})") from None


async def _body(response: Any, limit: int) -> bytes:
    """A 200's body, at most ``limit`` bytes once decoded; b"" for any other answer."""
    if response.status_code != 200:
        return b""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchError(f"too large ({int(declared) / 1048576:.1f} MB; the limit is {_size(limit)})")
    chunks, size = [], 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > limit:
            raise FetchError(f"too large (over {_size(limit)})")
        chunks.append(chunk)
    return b"".join(chunks)


def _size(count: int) -> str:
    return f"{count // 1048576} MB" if count >= 1048576 else f"{count:,} bytes"


def _retry_after(value: str) -> int:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date); 60 when it says nothing usable."""
    value = value.strip()
    if value.isdigit():
        return min(int(value), MAX_RETRY_AFTER)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return 60
    if when is None:
        return 60
    return max(0, min(int(when.timestamp() - time.time()), MAX_RETRY_AFTER))


def network_reason(error: BaseException) -> str:
    import httpx

    if isinstance(error, httpx.TimeoutException):
        return "timed out"
    if isinstance(error, httpx.ConnectError):
        return f"could not connect ({_first_line(error) or 'refused'})"
    if isinstance(error, httpx.RemoteProtocolError | httpx.ReadError | httpx.WriteError):
        return f"the server broke the connection ({_first_line(error) or 'reset'})"
    if isinstance(error, httpx.DecodingError):
        return "the answer could not be decoded (bad compression)"
    return _first_line(error) or type(error).__name__


def _first_line(error: BaseException) -> str:
    return str(error).splitlines()[0][:160] if str(error) else ""


def fetch_command(
    feeds_path: Path,
    data_dir: Path,
    feed_seconds: float = FEED_SECONDS,
    as_json: bool = False,
    full_text: bool = False,
) -> int:
    """``reader fetch``: one line per feed on stdout; exit 0 when every feed was fetched or
    unchanged, 1 when some failed (each named with its reason; the others are stored)."""
    import sys

    from reader.ingest.safe_text import make_safe_line
    from reader.subscriptions.store import load, load_file, moved, save

    feeds = load_file(feeds_path)
    subscriptions = feeds.subscriptions
    for problem in feeds.problems:
        print(f"reader fetch: {make_safe_line(problem)}", file=sys.stderr)
    if not subscriptions:
        print("reader fetch: no feeds followed (add one with: reader feeds add URL)", file=sys.stderr)
        return 0
    store = ItemStore(data_dir)

    def report(result: Fetched) -> None:
        print(result.json() if as_json else make_safe_line(result.line()), flush=True)

    results = fetch_all(subscriptions, store, report, feed_seconds, full_text=full_text, keep=feeds.keep)
    for notice in store.notices:
        print(f"reader fetch: {make_safe_line(notice)}", file=sys.stderr)
    moves = {result.url: result.moved_to for result in results if result.moved_to}
    if moves:
        current, _ = load(feeds_path)
        for old, new in moves.items():
            store.moved(old, new)
        save(feeds_path, moved(current, moves))
    return 1 if any(result.outcome == "failed" for result in results) else 0
