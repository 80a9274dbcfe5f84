"""The fetched items, stored offline: one JSON Lines file per feed in the data folder
(``$XDG_DATA_HOME/reader/feeds/``), read by the reader like any dataset.

An item is kept under its GUID, else its link, else a hash of its title and text: fetching again
replaces an updated item (its marks follow its words, so an unchanged one keeps them) and adds
the new ones, never a duplicate. Each file is rewritten whole, as a new file renamed over the old
one under an exclusive lock: a fetch killed at any moment leaves the old file or the new one,
and two fetches at once take turns. What the server said for conditional requests (ETag,
Last-Modified) and how long it asked us to wait is kept beside it.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from reader.subscriptions.store import Subscription


@dataclass(frozen=True)
class FeedState:
    etag: str | None = None
    last_modified: str | None = None
    retry_after: float | None = None  # a Unix time: not asked again before it


def default_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("reader"))


class ItemStore:
    """The fetched items of every feed, under ``data_dir/feeds``."""

    def __init__(self, data_dir: Path) -> None:
        self.folder = data_dir / "feeds"
        # (state and locks in a dot-folder: the reader never takes them for articles)
        self.state_folder = self.folder / ".state"

    def items_file(self, url: str) -> Path:
        return self.folder / f"{_name(url)}.jsonl"

    def state(self, url: str) -> FeedState:
        try:
            data = json.loads((self.state_folder / f"{_name(url)}.json").read_text(encoding="utf-8"))
            return FeedState(**{key: data.get(key) for key in ("etag", "last_modified", "retry_after")})
        except (OSError, ValueError, TypeError):
            return FeedState()

    def save_state(self, url: str, state: FeedState) -> None:
        self._replace(self.state_folder / f"{_name(url)}.json", json.dumps(asdict(state)) + "\n")

    def add_feed_items(self, subscription: Subscription, body: bytes) -> int:
        """Store the items of a fetched feed document; how many were new. Raises ValueError when
        the document is not a feed."""
        from reader.ingest.feeds import Feed

        articles, _ = Feed().read_bytes(body, subscription.url)
        records = [_record(article, subscription) for article in articles]
        with self._locked(subscription.url):
            path = self.items_file(subscription.url)
            stored = {record["id"]: record for record in _read(path)}
            new = sum(1 for record in records if record["id"] not in stored)
            stored.update((record["id"], record) for record in records)
            self._replace(path, "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in stored.values()))
        return new

    def moved(self, old: str, new: str) -> None:
        """A feed's URL changed (a permanent redirect): its items and state follow it."""
        with self._locked(old), self._locked(new):
            records = [dict(record, feed=new) for record in _read(self.items_file(old))]
            records += list(_read(self.items_file(new)))
            by_id = {record["id"]: record for record in records}
            self._replace(
                self.items_file(new), "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in by_id.values())
            )
            self.items_file(old).unlink(missing_ok=True)
            state = self.state_folder / f"{_name(old)}.json"
            if state.exists():
                os.replace(state, self.state_folder / f"{_name(new)}.json")

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


def _read(path: Path) -> Iterator[dict[str, Any]]:
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


def _record(article: Any, subscription: Subscription) -> dict[str, Any]:
    text = "\n\n".join(article.paragraphs)
    key = article.item if article.item and not article.item.startswith("entry ") else ""
    if not key:  # (a place in the feed is no identity: the item's words are)
        key = "sha256:" + hashlib.sha256(f"{article.title}\n{text}".encode("utf-8", "replace")).hexdigest()[:24]
    record: dict[str, Any] = {"id": key, "title": "" if article.title_derived else article.title, "text": text}
    if article.date is not None:
        record["date"] = article.date.iso()
    for name, value in (("url", article.url), ("author", article.byline), ("language", article.language)):
        if value:
            record[name] = value
    record["source"] = subscription.name or article.source or subscription.url
    record["feed"] = subscription.url
    return record
