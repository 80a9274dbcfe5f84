"""The subscriptions file: ``feeds.toml`` in the config folder, one ``[[feed]]`` table a feed.

A person can read and edit it::

    [[feed]]
    url = "https://example.org/feed.xml"
    name = "Example News"          # optional: shown instead of the feed's own title
    tags = ["World", "Energy"]     # optional: folders (an OPML file's categories)
    full_text = true               # optional: fetch each item's page for its whole text
    keep_days = 30                 # optional: drop items older than this (0: no limit)
    keep_items = 500               # optional: keep only the newest this many (0: no limit)

and, for every feed that sets no limit of its own, a table before them (absent: keep everything)::

    [keep]
    days = 90
    items = 1000

Reading never raises: a broken entry is a problem naming its place, and the others are kept.
Writing replaces the file at once (a new file renamed over it), so a crash leaves the old or the
new one, never half of either; the file is private to the user.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

FILE_NAME = "feeds.toml"
FEEDS_ENV = "READER_FEEDS"
MAX_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class Subscription:
    url: str
    name: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)
    full_text: bool = False
    keep_days: int | None = None  # None: the [keep] table's; 0: no limit
    keep_items: int | None = None


@dataclass(frozen=True)
class Keep:
    """How many of a feed's items are kept: none older than ``days``, at most the newest ``items``;
    None is no limit."""

    days: int | None = None
    items: int | None = None

    def __bool__(self) -> bool:
        return bool(self.days or self.items)


KEEP_ALL = Keep()


@dataclass(frozen=True)
class FeedsFile:
    subscriptions: list[Subscription]
    keep: Keep  # the default for feeds that set no limit of their own
    problems: list[str]


def keep_for(subscription: Subscription, default: Keep) -> Keep:
    """The limits that apply to one feed: its own, else the default; 0 is no limit."""
    days = default.days if subscription.keep_days is None else subscription.keep_days
    items = default.items if subscription.keep_items is None else subscription.keep_items
    return Keep(days or None, items or None)


class BadURL(ValueError):
    """A URL that cannot be subscribed to; the message says why."""


def checked_url(url: str) -> str:
    """``url`` as stored (whitespace trimmed), or BadURL: only http and https URLs with a host,
    never a local file or another scheme."""
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError as error:
        raise BadURL(f"not a URL ({error})") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise BadURL("only http:// and https:// URLs can be subscribed to")
    if not parts.hostname:
        raise BadURL("the URL has no host")
    if any(ord(ch) < 33 or ord(ch) == 127 for ch in url):
        raise BadURL("the URL has spaces or control characters")
    return url


def default_path() -> Path:
    """``$READER_FEEDS``, else feeds.toml in the user's config folder (XDG_CONFIG_HOME is respected)."""
    given = os.environ.get(FEEDS_ENV)
    if given:
        return Path(given)
    import platformdirs

    return Path(platformdirs.user_config_dir("reader")) / FILE_NAME


def load(path: Path) -> tuple[list[Subscription], list[str]]:
    """The subscriptions in the file (none when it does not exist), and a problem per entry left out."""
    found = load_file(path)
    return found.subscriptions, found.problems


def load_file(path: Path) -> FeedsFile:
    """The whole file: its subscriptions, the default limits of its ``[keep]`` table, and a
    problem for each entry or value left out."""
    try:
        data = path.read_bytes()[: MAX_BYTES + 1]
    except FileNotFoundError:
        return FeedsFile([], Keep(), [])
    except OSError as error:
        return FeedsFile([], Keep(), [f"{path}: cannot be read ({error.strerror or error})"])
    if len(data) > MAX_BYTES:
        return FeedsFile([], Keep(), [f"{path}: larger than {MAX_BYTES // 1048576} MB; not read"])
    try:
        table = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return FeedsFile([], Keep(), [f"{path}: not valid TOML ({error})"])
    problems: list[str] = []
    keep = _default_keep(table.get("keep", {}), f"{path}: keep", problems)
    entries = table.get("feed", [])
    if not isinstance(entries, list):
        return FeedsFile([], keep, [*problems, f"{path}: feed: expected [[feed]] tables"])
    return FeedsFile(_subscriptions(entries, path, problems), keep, problems)


def _subscriptions(entries: list[object], path: Path, problems: list[str]) -> list[Subscription]:
    found: list[Subscription] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, 1):
        where = f"{path}: feed {number}"
        try:
            subscription = _subscription(entry, where, problems)
        except (BadURL, TypeError) as error:
            problems.append(f"{where}: {error}; left out")
            continue
        if subscription.url in seen:
            problems.append(f"{where}: {subscription.url} is listed twice; left out")
            continue
        seen.add(subscription.url)
        found.append(subscription)
    return found


def _subscription(entry: object, where: str, problems: list[str]) -> Subscription:
    """The entry's subscription; TypeError when it cannot be followed as written. A bad limit
    is a problem and ignored instead: a mistyped number must not unsubscribe anyone."""
    if not isinstance(entry, dict):
        raise TypeError("expected a table")
    url = entry.get("url")
    if not isinstance(url, str):
        raise TypeError("url: expected a string")
    name = entry.get("name", "")
    tags = entry.get("tags", [])
    full_text = entry.get("full_text", False)
    if not isinstance(name, str):
        raise TypeError("name: expected a string")
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        raise TypeError("tags: expected a list of strings")
    if not isinstance(full_text, bool):
        raise TypeError("full_text: expected true or false")
    url = checked_url(url)
    return Subscription(
        url,
        " ".join(name.split()),
        tuple(t.strip() for t in tags if t.strip()),
        full_text,
        _count(entry.get("keep_days"), f"{where} ({url}): keep_days", problems),
        _count(entry.get("keep_items"), f"{where} ({url}): keep_items", problems),
    )


def _default_keep(table: object, where: str, problems: list[str]) -> Keep:
    if not isinstance(table, dict):
        problems.append(f"{where}: expected a table ([keep] with days and items); ignored")
        return Keep()
    return Keep(
        _count(table.get("days"), f"{where}: days", problems), _count(table.get("items"), f"{where}: items", problems)
    )


def _count(value: object, where: str, problems: list[str]) -> int | None:
    """A limit as written: a whole number, 0 or more; None when absent or bad (with a problem)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        problems.append(f"{where}: expected a whole number, 0 or more (0: no limit), not {repr(value)[:40]}; ignored")
        return None
    return value


def save(path: Path, subscriptions: list[Subscription], keep: Keep | None = None) -> None:
    """Write the file whole, atomically, readable by the user alone; with no ``keep``, the file's
    own [keep] table is kept as it is."""
    from reader.config.toml_text import toml_array, toml_string
    from reader.storage.private_files import write_private_file

    if keep is None:
        keep = load_file(path).keep
    lines = ["# Feeds reader follows: one [[feed]] table each (reader feeds add/remove/import/export).", ""]
    if keep.days is not None or keep.items is not None:
        lines += ["[keep]  # for every feed that sets no keep_days or keep_items of its own (0: no limit)"]
        lines += [
            f"{name} = {value}" for name, value in (("days", keep.days), ("items", keep.items)) if value is not None
        ]
        lines.append("")
    for subscription in subscriptions:
        lines += ["[[feed]]", f"url = {toml_string(subscription.url)}"]
        if subscription.name:
            lines.append(f"name = {toml_string(subscription.name)}")
        if subscription.tags:
            lines.append(f"tags = {toml_array(subscription.tags)}")
        if subscription.full_text:
            lines.append("full_text = true")
        for name, value in (("keep_days", subscription.keep_days), ("keep_items", subscription.keep_items)):
            if value is not None:
                lines.append(f"{name} = {value}")
        lines.append("")
    write_private_file(path, "\n".join(lines))


def merged(current: list[Subscription], added: list[Subscription]) -> tuple[list[Subscription], int]:
    """``current`` with the subscriptions of ``added`` it lacks (by URL) at the end; how many were new."""
    known = {subscription.url for subscription in current}
    result = list(current)
    for subscription in added:
        if subscription.url not in known:
            known.add(subscription.url)
            result.append(subscription)
    return result, len(result) - len(current)


def moved(subscriptions: list[Subscription], moves: Mapping[str, str]) -> list[Subscription]:
    """``subscriptions`` after permanent redirects (old URL -> new): each moved feed takes its new
    URL, and one that moved to a feed already followed becomes one with it (in the first one's
    place, their folders together, the other's name, full text and limits where the first has none)."""
    result: dict[str, Subscription] = {}
    for subscription in subscriptions:
        url = moves.get(subscription.url, subscription.url)
        subscription = replace(subscription, url=url)
        first = result.get(url)
        if first is None:
            result[url] = subscription
            continue
        result[url] = replace(
            first,
            name=first.name or subscription.name,
            tags=tuple(dict.fromkeys((*first.tags, *subscription.tags))),
            full_text=first.full_text or subscription.full_text,
            keep_days=subscription.keep_days if first.keep_days is None else first.keep_days,
            keep_items=subscription.keep_items if first.keep_items is None else first.keep_items,
        )
    return list(result.values())
