"""What the sources panel lists: the feeds followed (in their folders) and the other publications
of the collection, each with its article and unread counts and the filter that shows it.

Built from the sidebar rows alone (their ``path`` and ``source``), so it costs one pass over the
rows and no file is read: a fetched item lives in its feed's items file
(reader.subscriptions.items), which names the feed; any other row counts under its ``source``.
A feed's filter is ``source:"Name"`` with the name its items carry; a folder's is those of its
feeds joined by OR. No Textual here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

Kind = Literal["all", "folder", "feed", "source", "note"]
#: Publications that are not feeds: the biggest this many are listed (a dataset may name thousands).
MAX_OTHER_SOURCES = 200


@dataclass(frozen=True)
class SourceEntry:
    """One row of the panel. ``query`` is the filter that shows its articles ("" for all, None
    when it has none to show: a feed not fetched yet, a note)."""

    kind: Kind
    name: str
    total: int = 0
    unread: int = 0
    query: str | None = None
    depth: int = 0
    url: str = ""  # a feed's URL
    detail: str = ""  # a few words more: a folder's feed count, why a feed has no articles


@dataclass(frozen=True)
class FeedInfo:
    """A feed followed, as the panel needs it: its URL, the name given to it, its folders, and
    the path of the file its fetched items are stored in."""

    url: str
    name: str
    tags: tuple[str, ...]
    items_path: str


def field_term(field: str, value: str) -> str:
    """``field:"value"`` for the filter. The filter language has no escape inside quotes, so a
    quote in the value becomes a space (the filter compares words: it matches the same)."""
    return f'{field}:"{" ".join(value.replace(chr(34), " ").split())}"'


def _source_query(name: str) -> str | None:
    """The filter for one publication; None for a name with no words (it would match everything)."""
    term = field_term("source", name)
    return None if term == 'source:""' else term


def any_of(terms: list[str]) -> str:
    """The filter matching any of ``terms``."""
    return terms[0] if len(terms) == 1 else "(" + " OR ".join(terms) + ")"


def source_entries(rows: Iterable[Any], is_read: Callable[[Any], bool], feeds: list[FeedInfo]) -> list[SourceEntry]:
    """The panel's rows: all articles; each folder with its feeds (a feed may be in several);
    feeds without a folder; then the other publications, most articles first."""
    by_path = {feed.items_path: feed for feed in feeds}
    feed_totals: Counter[str] = Counter()
    feed_unread: Counter[str] = Counter()
    feed_names: dict[str, Counter[str]] = {}
    source_totals: Counter[str] = Counter()
    source_unread: Counter[str] = Counter()
    total = unread = 0
    for row in rows:
        fresh = not is_read(row)
        total += 1
        unread += fresh
        feed = by_path.get(row.path)
        if feed is not None:
            feed_totals[feed.url] += 1
            feed_unread[feed.url] += fresh
            if row.source:
                feed_names.setdefault(feed.url, Counter())[row.source] += 1
        elif row.source:
            source_totals[row.source] += 1
            source_unread[row.source] += fresh
    entries = [SourceEntry("all", "All articles", total, unread, "")]
    feed_entries = {feed.url: _feed_entry(feed, feed_totals, feed_unread, feed_names.get(feed.url)) for feed in feeds}
    entries += _folders(feeds, feed_entries)
    entries += [feed_entries[feed.url] for feed in feeds if not feed.tags]
    entries += _others(source_totals, source_unread, {entry.name for entry in feed_entries.values()})
    return entries


def _feed_entry(
    feed: FeedInfo, totals: Mapping[str, int], unread: Mapping[str, int], names: Counter[str] | None
) -> SourceEntry:
    # Its items carry the feed's own title (or the name given to it) as their source.
    carried = names.most_common(1)[0][0] if names else ""
    shown = feed.name or carried or feed.url
    count = totals.get(feed.url, 0)
    if not count:
        return SourceEntry("feed", shown, url=feed.url, detail="nothing fetched yet (R fetches)")
    return SourceEntry("feed", shown, count, unread.get(feed.url, 0), _source_query(carried or shown), url=feed.url)


def _folders(feeds: list[FeedInfo], entries: Mapping[str, SourceEntry]) -> list[SourceEntry]:
    tags = sorted({tag for feed in feeds for tag in feed.tags}, key=str.casefold)
    result: list[SourceEntry] = []
    for tag in tags:
        inside = [entries[feed.url] for feed in feeds if tag in feed.tags]
        terms = list(dict.fromkeys(entry.query for entry in inside if entry.query))
        total = sum(entry.total for entry in inside)
        unread = sum(entry.unread for entry in inside)
        query = any_of(terms) if terms else None
        result.append(SourceEntry("folder", tag, total, unread, query, detail=f"{len(inside)} feeds"))
        result += [replace(entry, depth=1) for entry in inside]
    return result


def _others(totals: Counter[str], unread: Mapping[str, int], feed_names: set[str]) -> list[SourceEntry]:
    names = [(name, count) for name, count in totals.most_common() if name not in feed_names]
    if not names:
        return []
    shown = names[:MAX_OTHER_SOURCES]
    result = [SourceEntry("folder", "Other sources", sum(c for _, c in names), sum(unread.get(n, 0) for n, _ in names))]
    result += [SourceEntry("source", name, count, unread.get(name, 0), _source_query(name), 1) for name, count in shown]
    if len(names) > len(shown):
        result.append(
            SourceEntry("note", f"… and {len(names) - len(shown):,} more (type source: in the filter)", depth=1)
        )
    return result


def followed_feeds() -> tuple[list[FeedInfo], list[str]]:
    """The feeds in the subscriptions file, with where their items are stored, and the problems
    reading it found (never raises)."""
    from reader.subscriptions.items import ItemStore, default_data_dir
    from reader.subscriptions.store import default_path, load

    subscriptions, problems = load(default_path())
    store = ItemStore(default_data_dir())
    feeds = [FeedInfo(s.url, s.name, s.tags, str(store.items_file(s.url))) for s in subscriptions]
    return feeds, problems


def fetched_items_folder() -> str:
    """The folder `reader fetch` stores items in (reader.subscriptions.items)."""
    from reader.subscriptions.items import ItemStore, default_data_dir

    return str(ItemStore(default_data_dir()).folder)
