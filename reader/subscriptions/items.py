"""The fetched items, stored offline: one JSON Lines file per feed in the data folder
(``$XDG_DATA_HOME/reader/feeds/``), read by the reader like any dataset.

An item is kept under its GUID, else its link, else a hash of its title and text: fetching again
replaces an updated item and adds the new ones, never a duplicate. When an item's words change,
its read and starred marks (keyed by its words, reader.state.store) are carried to the new words.
Each file is rewritten whole, as a new file renamed over the old one under an exclusive lock: a
fetch killed at any moment leaves the old file or the new one, and two fetches at once take turns.
What the server said for conditional requests (ETag, Last-Modified) and how long it asked us to
wait is kept beside it.

Beside the fields the reader reads, a record keeps what the next fetch needs: ``digest`` (the item
as the feed gave it, so an item whose text was replaced by its page's is still known unchanged),
``seen`` (when it was first fetched: the age of an undated item), ``page`` (the link whose main
text is in ``text``: not fetched again) and ``page_tries`` (failed attempts at it).

Retention (reader.subscriptions.store.Keep) keeps the newest items, by date, undated ones by when
they were first seen. When it drops an item the feed still lists, that first-seen time is
remembered beside the file until the feed stops listing it: an undated item fetched again is as
old as before, so it is not stored (and counted new) again on every fetch.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.subscriptions.store import KEEP_ALL, Keep, Subscription

if TYPE_CHECKING:
    from reader.model import Article
    from reader.state.store import StateStore

Record = dict[str, Any]
#: Failed attempts at an item's page before it is left with its summary.
MAX_PAGE_TRIES = 3
#: Leftovers of a write that was killed (``.new-*`` files) are removed once this old.
LEFTOVER_SECONDS = 3600
_BOOKKEEPING = ("seen", "page", "page_tries")
_FED_FIELDS = ("title", "text", "date", "url", "author", "language")
_WORD_FIELDS = ("title", "text", "date", "author")


@dataclass(frozen=True)
class FeedState:
    etag: str | None = None
    last_modified: str | None = None
    retry_after: float | None = None  # a Unix time: not asked again before it


@dataclass
class Merge:
    """A feed's items after a fetch: ``records`` to store, ``new`` of them not stored before,
    ``dropped`` (ID: first seen) the items retention keeps out that the feed still lists, and
    ``replaced`` (old, new) records whose words changed."""

    records: list[Record]
    new: int
    dropped: dict[str, str]
    replaced: list[tuple[Record, Record]] = field(default_factory=list)


def default_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("reader"))


def feed_articles(body: bytes, url: str) -> list[Article]:
    """The items of a feed document: RSS, Atom or JSON Feed. Raises ValueError when it is none."""
    from reader.ingest.feeds import Feed

    if body.lstrip()[:1] == b"{":
        return _json_feed_articles(body)
    articles, _ = Feed().read_bytes(body, url)
    return articles


def _json_feed_articles(body: bytes) -> list[Article]:
    """A JSON Feed's items, read as the dataset reader reads one (its title is their source)."""
    from reader.ingest.datasets import Dataset

    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        raise ValueError("not a feed (not valid JSON)") from None
    if not isinstance(document, dict) or "jsonfeed.org" not in str(document.get("version", "")):
        raise ValueError("not a feed (JSON, but not a JSON Feed)")
    if not isinstance(document.get("items"), list) or not document["items"]:
        raise ValueError("a feed with no items")
    articles, _ = Dataset().read(body.decode("utf-8", "replace"), "feed.json")
    return articles


class ItemStore:
    """The fetched items of every feed, under ``data_dir/feeds``. Marks are carried in ``marks``
    when given (the app's open state store), else in the state file of ``data_dir`` if there is one."""

    def __init__(self, data_dir: Path, marks: StateStore | None = None, clock: Callable[[], float] = time.time) -> None:
        self.folder = data_dir / "feeds"
        # (state and locks in a dot-folder: the reader never takes them for articles)
        self.state_folder = self.folder / ".state"
        self.data_dir = data_dir
        self.marks = marks
        self.clock = clock  # the time items are first seen at and age from
        self.notices: list[str] = []  # the state store's, when it could not carry marks

    def items_file(self, url: str) -> Path:
        return self.folder / f"{_name(url)}.jsonl"

    def count(self, url: str) -> int:
        """How many items of ``url`` are stored (0 when they cannot be read)."""
        try:
            return sum(1 for _ in _read(self.items_file(url)))
        except (OSError, UnicodeDecodeError):
            return 0

    def drop(self, url: str) -> None:
        """Delete ``url``'s items and fetch state (a feed no longer followed)."""
        with self._locked(url):
            self.items_file(url).unlink(missing_ok=True)
            for state in self._state_files(url):
                state.unlink(missing_ok=True)

    def state(self, url: str) -> FeedState:
        try:
            data = json.loads(self._state_files(url)[0].read_text(encoding="utf-8"))
            return FeedState(**{key: data.get(key) for key in ("etag", "last_modified", "retry_after")})
        except (OSError, ValueError, TypeError):
            return FeedState()

    def save_state(self, url: str, state: FeedState) -> None:
        self._replace(self._state_files(url)[0], json.dumps(asdict(state)) + "\n")

    def feed_records(self, subscription: Subscription, body: bytes) -> list[Record]:
        """The records of a fetched feed document. Raises ValueError when it is not a feed."""
        return [_record(article, subscription) for article in feed_articles(body, subscription.url)]

    def pages_wanted(self, url: str, fed: list[Record] | None = None, keep: Keep = KEEP_ALL) -> list[Record]:
        """The records (newest first) whose page is to be fetched for their full text: kept, with
        an http(s) link and no page stored yet (new, changed, or failed before). With ``fed``, the
        records of this fetch; without, the stored ones (a feed that answers 304 lists nothing new,
        yet a page that failed before, or every page of a feed whose full text was turned on since,
        is still wanted)."""
        now = self.clock()
        merge = _merged(self._stored(url), fed or [], self._dropped(url), {}, keep, now)
        listed = {record["id"] for record in fed} if fed is not None else None
        wanted = [
            record for record in merge.records if (listed is None or record["id"] in listed) and _wants_page(record)
        ]
        return sorted(wanted, key=lambda record: _when(record, now), reverse=True)

    def store_pages(self, url: str, asked: Sequence[Record], pages: Mapping[str, str | None]) -> None:
        """Store the main text of ``pages`` (by item ID; None: one more failed try) in the items
        already stored, those ``asked`` for (pages_wanted) whose link is still the one whose
        page was fetched (another fetch may have changed an item meanwhile); their marks follow a
        text that changed."""
        links = {record["id"]: record.get("url") for record in asked}
        with self._locked(url):
            stored = self._stored(url)
            pages = {
                key: text for key, text in pages.items() if key in stored and stored[key].get("url") == links.get(key)
            }
            records = {key: _with_page(old, pages[key]) if key in pages else old for key, old in stored.items()}
            self._carry_marks(_replaced(stored, records, pages.keys()), self.items_file(url))
            self._replace(self.items_file(url), _lines(records.values()))

    def store_items(
        self,
        subscription: Subscription,
        fed: list[Record],
        pages: Mapping[str, str | None] | None = None,
        keep: Keep = KEEP_ALL,
    ) -> int:
        """Store a feed's records, with the main text of ``pages`` (by item ID; None: the page
        failed) and the limits of ``keep``; how many were new."""
        with self._locked(subscription.url):
            merge = _merged(
                self._stored(subscription.url),
                fed,
                self._dropped(subscription.url),
                pages or {},
                keep,
                self.clock(),
            )
            self._carry_marks(merge.replaced, self.items_file(subscription.url))
            self._write(subscription.url, merge)
        return merge.new

    def add_feed_items(self, subscription: Subscription, body: bytes) -> int:
        """Store the items of a fetched feed document; how many were new. Raises ValueError when
        the document is not a feed."""
        return self.store_items(subscription, self.feed_records(subscription, body))

    def prune(self, url: str, keep: Keep) -> None:
        """Drop the items beyond ``keep`` (a feed that was not fetched still ages)."""
        if not keep:
            return
        with self._locked(url):
            stored = self._stored(url)
            merge = _merged(stored, [], self._dropped(url), {}, keep, self.clock())
            if len(merge.records) < len(stored):
                self._write(url, merge)

    def moved(self, old: str, new: str) -> None:
        """A feed's URL changed (a permanent redirect): its items and state follow it. To a feed
        already stored, the two become one: of an item both hold, the version with its page's
        text (else the new feed's) is kept and the other's marks follow it; the items dropped by
        either stay dropped; the new feed's fetch state is kept."""
        with self._locked(old), self._locked(new):
            kept = {record["id"]: record for record in _read(self.items_file(new))}
            replaced: list[tuple[Record, Record]] = []
            for record in _read(self.items_file(old)):
                moving = dict(record, feed=new)
                there = kept.get(moving["id"])
                if there is None:
                    kept[moving["id"]] = moving
                    continue
                better, other = (moving, there) if "page" in moving and "page" not in there else (there, moving)
                kept[moving["id"]] = better
                if _words_changed(other, better):
                    replaced.append((other, better))
            dropped = {**self._dropped(old), **self._dropped(new)}
            self._carry_marks(replaced, self.items_file(new))
            if dropped:
                self._replace(self._state_files(new)[1], json.dumps(dropped, ensure_ascii=False) + "\n")
            self._replace(self.items_file(new), _lines(kept.values()))
            self.items_file(old).unlink(missing_ok=True)
            old_state, new_state = self._state_files(old)[0], self._state_files(new)[0]
            if old_state.exists() and not new_state.exists():
                os.replace(old_state, new_state)
            for state in self._state_files(old):
                state.unlink(missing_ok=True)

    def _state_files(self, url: str) -> tuple[Path, Path]:
        """A feed's fetch state (ETag, Last-Modified, Retry-After) and the IDs its limits dropped."""
        name = _name(url)
        return self.state_folder / f"{name}.json", self.state_folder / f"{name}.dropped.json"

    def remove_leftovers(self) -> None:
        """Remove the new files of writes killed before their rename (a fetch killed by the
        system); a live write is never an hour old."""
        for folder in (self.folder, self.state_folder):
            try:
                leftovers = list(folder.glob(".new-*"))
            except OSError:
                continue
            for leftover in leftovers:
                try:
                    if time.time() - leftover.lstat().st_mtime > LEFTOVER_SECONDS:
                        leftover.unlink()
                except OSError:
                    pass

    def _stored(self, url: str) -> dict[str, Record]:
        return {record["id"]: record for record in _read(self.items_file(url))}

    def _dropped(self, url: str) -> dict[str, str]:
        try:
            found = json.loads(self._state_files(url)[1].read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(found, dict):
            return {}
        return {key: seen for key, seen in found.items() if isinstance(seen, str)}

    def _write(self, url: str, merge: Merge) -> None:
        """The dropped IDs first: killed between the two writes, the items file is the old one."""
        dropped = self._state_files(url)[1]
        if merge.dropped or dropped.exists():
            self._replace(dropped, json.dumps(merge.dropped, ensure_ascii=False) + "\n")
        self._replace(self.items_file(url), _lines(merge.records))

    def _carry_marks(self, replaced: list[tuple[Record, Record]], path: Path) -> None:
        """The read and starred marks of each old version go to its new words (done before the
        new file is written: killed between the two, the new version has them already)."""
        keys = [(old, new) for old, new in (_keys(pair, str(path)) for pair in replaced) if old and new and old != new]
        if not keys:
            return
        from reader.state.store import STATE_FILE_NAME, StateStore

        state = self.marks
        if state is None:
            state_file = self.data_dir / STATE_FILE_NAME
            if not state_file.exists():
                return  # (no marks anywhere yet)
            state = StateStore.open(state_file)
        try:
            marked = state.marked(old for old, _ in keys)
            for old, new in keys:
                if old in marked:
                    state.carry_marks(old, new)
        finally:
            self.notices += state.take_notices()
            if state is not self.marks:
                state.close()

    @contextmanager
    def _locked(self, url: str) -> Iterator[None]:
        import fcntl

        from reader.storage.private_files import private_folder

        private_folder(self.folder)
        private_folder(self.state_folder)
        with open(self.state_folder / f"{_name(url)}.lock", "a+b") as lock:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock.fileno(), fcntl.LOCK_UN)

    def _replace(self, path: Path, text: str) -> None:
        from reader.storage.private_files import write_private_file

        write_private_file(path, text)


def _name(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()[:20]


def _lines(records: Iterable[Record]) -> str:
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)


def _read(path: Path) -> Iterator[Record]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return
    for line in lines:
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict) and isinstance(record.get("id"), str):
            yield record


def _record(article: Article, subscription: Subscription) -> Record:
    text = "\n\n".join(article.paragraphs)
    key = article.item if article.item and not article.item.startswith(("entry ", "record ")) else ""
    if not key:  # (a place in the feed is no identity: the item's words are)
        key = "sha256:" + hashlib.sha256(f"{article.title}\n{text}".encode("utf-8", "replace")).hexdigest()[:24]
    record: Record = {"id": key, "title": "" if article.title_derived else article.title, "text": text}
    if article.date is not None:
        record["date"] = article.date.iso()
    for name, value in (("url", article.url), ("author", article.byline), ("language", article.language)):
        if value:
            record[name] = value
    record["source"] = subscription.name or article.source or subscription.url
    record["feed"] = subscription.url
    fed = json.dumps([record.get(name) for name in _FED_FIELDS], ensure_ascii=False)
    record["digest"] = hashlib.sha256(fed.encode("utf-8", "surrogatepass")).hexdigest()[:24]
    return record


def _merged(
    stored: dict[str, Record],
    fed: list[Record],
    dropped: dict[str, str],
    pages: Mapping[str, str | None],
    keep: Keep,
    now: float,
) -> Merge:
    """What the feed's file holds after a fetch of ``fed`` (in the order first stored); with no
    ``fed``, the stored records within ``keep``."""
    seen = datetime.fromtimestamp(now, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    records = dict(stored)
    for record in fed:
        key = record["id"]
        updated = _updated(stored.get(key), record, dropped.get(key, seen))
        records[key] = _with_page(updated, pages[key]) if key in pages else updated
    kept = _kept(list(records.values()), keep, now)
    kept_ids = {record["id"] for record in kept}
    out = {key: str(record.get("seen") or seen) for key, record in records.items() if key not in kept_ids}
    still_listed = {record["id"] for record in fed} if fed else set(records) | set(dropped)
    return Merge(
        kept,
        new=len(kept_ids - stored.keys()),
        dropped={key: seen for key, seen in {**dropped, **out}.items() if key in still_listed and key not in kept_ids},
        replaced=_replaced(stored, records, kept_ids),
    )


def _replaced(
    stored: Mapping[str, Record], records: Mapping[str, Record], keys: Iterable[str]
) -> list[tuple[Record, Record]]:
    """(old, new) for each of ``keys`` stored before whose words changed: the pairs whose marks follow."""
    return [(stored[key], records[key]) for key in keys if key in stored and _words_changed(stored[key], records[key])]


def _words_changed(old: Record, new: Record) -> bool:
    """Whether a reader would see other words (the article's content key changes: marks follow)."""
    return any(old.get(name) != new.get(name) for name in _WORD_FIELDS)


def _updated(old: Record | None, fed: Record, seen: str) -> Record:
    """The record to store for an item the feed lists: unchanged, it keeps its page's text and
    when it was first seen; changed, only when it was first seen."""
    if old is None:
        return {**fed, "seen": seen}
    if old.get("digest") == fed["digest"]:
        carried = {name: old[name] for name in ("text", *_BOOKKEEPING) if name in old}
        return {"seen": seen, **fed, **carried}
    return {**fed, "seen": old.get("seen") or seen}


def _with_page(record: Record, text: str | None) -> Record:
    """The record with its page's main text (kept only when longer than the feed's summary), or
    one more failed try at it."""
    if "page" in record:  # (stored meanwhile by another fetch)
        return record
    if text is None:
        return {**record, "page_tries": int(record.get("page_tries") or 0) + 1}
    page = {name: value for name, value in record.items() if name != "page_tries"}
    page["page"] = record.get("url", "")
    if len(text) > len(record.get("text") or ""):
        page["text"] = text
    return page


def _wants_page(record: Record) -> bool:
    from reader.subscriptions.store import BadURL, checked_url

    if "page" in record or int(record.get("page_tries") or 0) >= MAX_PAGE_TRIES:
        return False
    try:
        checked_url(str(record.get("url") or ""))
    except BadURL:
        return False
    return True


def _kept(records: list[Record], keep: Keep, now: float) -> list[Record]:
    """The records within ``keep``: none older than its days, only the newest of its items (by
    date; undated ones by when they were first seen), in their order."""
    if not keep:
        return records
    newest = sorted(records, key=lambda record: _when(record, now), reverse=True)
    if keep.days:
        newest = [record for record in newest if _when(record, now) >= now - keep.days * 86400]
    if keep.items:
        newest = newest[: keep.items]
    kept = {record["id"] for record in newest}
    return [record for record in records if record["id"] in kept]


def _when(record: Record, now: float) -> float:
    """A record's age as a Unix time: its date (the first of whatever period it states), else
    when it was first seen, else now (a record from before first-seen times were kept)."""
    for name in ("date", "seen"):
        found = _timestamp(record.get(name))
        if found is not None:
            return found
    return now


def _timestamp(value: object) -> float | None:
    if not isinstance(value, str) or len(value) < 4:
        return None
    padded = value + {4: "-01-01", 7: "-01"}.get(len(value), "")  # (a year, a month: its first day)
    try:
        moment = datetime.fromisoformat(padded)
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


def _keys(pair: tuple[Record, Record], path: str) -> tuple[str | None, str | None]:
    """The content keys of two records as the reader reads them (None for one it would not)."""
    from reader.ingest.datasets import article_from_record
    from reader.state.store import content_key

    articles = (article_from_record(record, path) for record in pair)
    old, new = (content_key(article) if article is not None else None for article in articles)
    return old, new
