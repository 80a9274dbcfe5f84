"""``reader fetch``: bring every subscription's new items into the local store, then read offline.

Each feed is fetched concurrently (at most PER_HOST at once from one host), with a clear
User-Agent, conditional requests (``If-None-Match``/``If-Modified-Since``: a 304 costs nothing),
gzip/deflate/brotli, HTTP/2 where the server has it, a size cap, and a time limit per feed that a
server which never answers cannot stretch. Redirects are followed by hand, http(s) only, and
never from a public address to this machine or a private network: a permanent one updates the
subscription's URL. A 429 or 503 with ``Retry-After`` is respected (the
feed is not asked again before then).

Items are stored in the data folder, one JSON Lines file per feed (reader.subscriptions.items),
so that `reader`, `reader export` and `reader search` read them like any dataset.
"""

from __future__ import annotations

import asyncio
import email.utils
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from reader import __version__
from reader.subscriptions.items import FeedState, ItemStore
from reader.subscriptions.store import BadURL, Subscription, checked_url

USER_AGENT = f"reader/{__version__} (offline terminal news reader; feed fetcher)"
PER_HOST = 2
MAX_BYTES = 20 * 1024 * 1024
FEED_SECONDS = 15.0  # a feed's whole fetch, answer and body included
MAX_REDIRECTS = 5
MAX_RETRY_AFTER = 24 * 3600


@dataclass
class Fetched:
    """What happened to one feed: ``outcome`` is "new" (with ``new`` items), "unchanged" or "failed"
    (with ``reason`` in words); ``moved_to`` is its new URL after a permanent redirect."""

    url: str
    outcome: str
    new: int = 0
    reason: str = ""
    moved_to: str | None = None

    def line(self) -> str:
        if self.outcome == "failed":
            return f"{self.url}: failed: {self.reason}"
        if self.outcome == "unchanged":
            return f"{self.url}: unchanged"
        moved = f" (moved to {self.moved_to})" if self.moved_to else ""
        return f"{self.url}: {self.new} new item{'s' if self.new != 1 else ''}{moved}"


class FetchError(Exception):
    """One feed's failure, in words."""


def fetch_all(
    subscriptions: list[Subscription],
    store: ItemStore,
    on_done: Callable[[Fetched], None] | None = None,
    feed_seconds: float = FEED_SECONDS,
) -> list[Fetched]:
    """Fetch every subscription (concurrently) and store its items; one Fetched each, in order."""
    return asyncio.run(_fetch_all(subscriptions, store, on_done, feed_seconds))


async def _fetch_all(
    subscriptions: list[Subscription],
    store: ItemStore,
    on_done: Callable[[Fetched], None] | None,
    feed_seconds: float,
) -> list[Fetched]:
    import httpx

    limits: dict[str, asyncio.Semaphore] = {}
    timeout = httpx.Timeout(feed_seconds, connect=min(10.0, feed_seconds))
    async with httpx.AsyncClient(
        http2=_has_http2(), timeout=timeout, follow_redirects=False, headers={"User-Agent": USER_AGENT}
    ) as client:

        async def one(subscription: Subscription) -> Fetched:
            host = urlsplit(subscription.url).hostname or ""
            async with limits.setdefault(host, asyncio.Semaphore(PER_HOST)):
                try:
                    result = await asyncio.wait_for(_fetch(client, subscription, store), feed_seconds)
                except TimeoutError:
                    result = Fetched(subscription.url, "failed", reason=f"no answer within {feed_seconds:g} s")
                except FetchError as error:
                    result = Fetched(subscription.url, "failed", reason=str(error))
                except httpx.HTTPError as error:
                    result = Fetched(subscription.url, "failed", reason=_network_reason(error))
                except OSError as error:
                    result = Fetched(subscription.url, "failed", reason=f"could not be stored ({error})")
            if on_done is not None:
                on_done(result)
            return result

        return list(await asyncio.gather(*(one(subscription) for subscription in subscriptions)))


def _has_http2() -> bool:
    try:
        import h2  # noqa: F401
    except ImportError:
        return False
    return True


async def _fetch(client: object, subscription: Subscription, store: ItemStore) -> Fetched:
    import httpx

    assert isinstance(client, httpx.AsyncClient)
    state = store.state(subscription.url)
    if state.retry_after and state.retry_after > time.time():
        wait = round(state.retry_after - time.time())
        raise FetchError(f"the server asked to wait; next try in {wait} s")
    headers = {}
    if state.etag:
        headers["If-None-Match"] = state.etag
    if state.last_modified:
        headers["If-Modified-Since"] = state.last_modified
    url, moved_to = subscription.url, None
    for _ in range(MAX_REDIRECTS + 1):
        async with client.stream("GET", url, headers=headers) as response:
            if response.status_code in (301, 302, 303, 307, 308):
                target = _redirect_target(url, response.headers.get("location", ""))
                if not await redirect_allowed(subscription.url, target):
                    raise FetchError(f"redirected to a local or private address ({target}); not followed")
                if response.status_code in (301, 308) and (moved_to is not None or url == subscription.url):
                    moved_to = target
                url = target
                continue
            if response.status_code == 304:
                return Fetched(subscription.url, "unchanged", moved_to=moved_to)
            if response.status_code in (429, 503):
                delay = _retry_after(response.headers.get("retry-after", ""))
                store.save_state(subscription.url, FeedState(state.etag, state.last_modified, time.time() + delay))
                raise FetchError(f"HTTP {response.status_code}; asked to wait {delay} s")
            if response.status_code != 200:
                raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}".strip())
            body = await _body(response)
            new_state = FeedState(response.headers.get("etag"), response.headers.get("last-modified"), None)
            break
    else:
        raise FetchError(f"more than {MAX_REDIRECTS} redirects")
    try:
        new = store.add_feed_items(subscription, body)
    except ValueError as error:  # not a feed
        raise FetchError(str(error)) from None
    store.save_state(subscription.url, new_state)
    return Fetched(subscription.url, "new" if new else "unchanged", new, moved_to=moved_to)


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


async def _body(response: object) -> bytes:
    import httpx

    assert isinstance(response, httpx.Response)
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BYTES:
        raise FetchError(f"too large ({int(declared) / 1048576:.1f} MB; the limit is {_size(MAX_BYTES)})")
    chunks, size = [], 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > MAX_BYTES:
            raise FetchError(f"too large (over {_size(MAX_BYTES)})")
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


def _network_reason(error: BaseException) -> str:
    import httpx

    if isinstance(error, httpx.TimeoutException):
        return "timed out"
    if isinstance(error, httpx.ConnectError):
        return f"could not connect ({_first_line(error) or 'refused'})"
    if isinstance(error, httpx.RemoteProtocolError):
        return f"the server broke the connection ({_first_line(error) or 'reset'})"
    if isinstance(error, httpx.DecodingError):
        return "the answer could not be decoded (bad compression)"
    return _first_line(error) or type(error).__name__


def _first_line(error: BaseException) -> str:
    return str(error).splitlines()[0][:160] if str(error) else ""


def fetch_command(feeds_path: Path, data_dir: Path, feed_seconds: float = FEED_SECONDS) -> int:
    """``reader fetch``: one line per feed on stdout; exit 0 when every feed was fetched or
    unchanged, 1 when some failed (each named with its reason; the others are stored)."""
    import sys

    from reader.ingest.safe_text import make_safe_line
    from reader.subscriptions.store import load, save

    subscriptions, problems = load(feeds_path)
    for problem in problems:
        print(f"reader fetch: {make_safe_line(problem)}", file=sys.stderr)
    if not subscriptions:
        print("reader fetch: no feeds followed (add one with: reader feeds add URL)", file=sys.stderr)
        return 0
    store = ItemStore(data_dir)
    results = fetch_all(
        subscriptions, store, lambda result: print(make_safe_line(result.line()), flush=True), feed_seconds
    )
    moves = {result.url: result.moved_to for result in results if result.moved_to}
    if moves:
        current, _ = load(feeds_path)
        updated = [Subscription(moves[s.url], s.name, s.tags, s.full_text) if s.url in moves else s for s in current]
        for old, new in moves.items():
            store.moved(old, new)
        save(feeds_path, updated)
    return 1 if any(result.outcome == "failed" for result in results) else 0
