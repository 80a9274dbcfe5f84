"""Every message of the reader's own, in one module: what the loader thread and the workers
report to the main screen. Threads hand results back one way only: ``post_message`` of one of
these (thread-safe; dropped once the screen is gone). Widgets' own messages (a row chosen, a
pane step) stay with their widgets.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from textual.message import Message

if TYPE_CHECKING:
    from reader.entities import Entity
    from reader.index import SyncReport
    from reader.model import Article
    from reader.query import Query
    from reader.session.fetching import FeedResult, FetchReport
    from reader.session.loader import LoaderEvent
    from reader.session.panel_views import MentionedWith, RelatedRow
    from reader.session.source import IndexSource
    from reader.session.sources import SourceEntry
    from reader.session.stories import StoryMap
    from reader.state.store import Marks
    from reader.stories.facets import Facet


class MessageTarget(Protocol):
    """Anything a message can be posted to (a Textual MessagePump: the screen, a widget)."""

    def post_message(self, message: Message) -> bool: ...


def hand_back(target: MessageTarget, message: Message) -> None:
    """Post ``message`` to ``target`` from any thread: the one way results come back from threads.
    Once the target is closing the message is dropped (Textual), and once the app's loop is
    gone too (a worker finishing as the app exits)."""
    try:
        target.post_message(message)
    except RuntimeError:  # the event loop is closed: the app has exited
        pass


# -- the loader thread -------------------------------------------------------------------------------


class IndexOpened(Message):
    """The index is open: its first snapshot (a warm cache has the whole list)."""

    def __init__(self, source: IndexSource) -> None:
        super().__init__()
        self.source = source


class IndexProgress(Message):
    """A batch of files was indexed: a new snapshot, and how far the sync is."""

    def __init__(self, source: IndexSource, done: int, total: int, eta: float | None) -> None:
        super().__init__()
        self.source = source
        self.done = done
        self.total = total
        self.eta = eta


class IndexSynced(Message):
    """The sync ended: the list is complete (the entity pass follows)."""

    def __init__(self, source: IndexSource) -> None:
        super().__init__()
        self.source = source


class EntityProgress(Message):
    """The collection's entity pass: ``done`` of ``total``; ``finished`` when it is complete."""

    def __init__(
        self, source: IndexSource | None, done: int, total: int, eta: float | None, finished: bool = False
    ) -> None:
        super().__init__()
        self.source = source
        self.done = done
        self.total = total
        self.eta = eta
        self.finished = finished


class LoadFailed(Message):
    """Opening, syncing or the entity pass failed (``source`` None: there is no list at all)."""

    def __init__(self, source: IndexSource | None, error: str) -> None:
        super().__init__()
        self.source = source
        self.error = error


def from_loader(event: LoaderEvent) -> Message:
    """The typed message for a loader event."""
    kind, source = event.kind, event.source
    if kind == "failed" or source is None:
        return LoadFailed(source, event.message)
    if kind == "opened":
        return IndexOpened(source)
    if kind == "progress":
        return IndexProgress(source, event.done, event.total, event.eta)
    if kind == "synced":
        return IndexSynced(source)
    return EntityProgress(source, event.done, event.total, event.eta, finished=kind == "entities-done")


# -- workers --------------------------------------------------------------------------------------


class SearchDone(Message):
    """A filter search finished (``positions`` None: it failed and ``error`` says why)."""

    def __init__(
        self,
        generation: int,
        source: IndexSource,
        query: Query,
        positions: Sequence[int] | None,
        error: str | None = None,
    ) -> None:
        super().__init__()
        self.generation = generation
        self.source = source
        self.query = query
        self.positions = positions
        self.error = error


class KeysReady(Message):
    """A snapshot's rows were keyed and their marks read."""

    def __init__(
        self,
        source: IndexSource,
        keys: dict[str, str],
        marks: dict[str, Marks],
        stamps: dict[str, tuple[int, int, str]],
    ) -> None:
        super().__init__()
        self.source = source
        self.keys = keys
        self.marks = marks
        self.stamps = stamps


class FlagsPushed(Message):
    """The index has the new read/starred flags (``rerun``: an is: filter was active)."""

    def __init__(self, rerun: bool) -> None:
        super().__init__()
        self.rerun = rerun


class ReloadDone(Message):
    """A re-scan ended: ``fresh`` is the new snapshot (None: nothing changed, or ``error``)."""

    def __init__(
        self,
        fresh: IndexSource | None,
        report: SyncReport | None,
        new_id: int | None,
        around: list[Any],
        quiet: bool,
        error: str | None = None,
    ) -> None:
        super().__init__()
        self.fresh = fresh
        self.report = report
        self.new_id = new_id
        self.around = around
        self.quiet = quiet
        self.error = error


class FoldersChanged(Message):
    """--watch saw the folders change (or took its first look): a quiet reload follows."""


class EntitiesFound(Message):
    """The entities of one article (found in a worker or a frame after it showed)."""

    def __init__(self, article: Article, found: list[Entity]) -> None:
        super().__init__()
        self.article = article
        self.found = found


class EntityFiled(Message):
    """The open article's entities were filed in the index: the entity filter ``text`` can run."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class AliasesRead(Message):
    """The entity pass is done; the person names it grouped ("Sergey Lavrov" → "Sergei Lavrov")."""

    def __init__(self, aliases: dict[str, str]) -> None:
        super().__init__()
        self.aliases = aliases


# -- feeds ------------------------------------------------------------------------------------------


class FeedFetched(Message):
    """R: one feed was fetched (or failed); more may follow."""

    def __init__(self, result: FeedResult) -> None:
        super().__init__()
        self.result = result


class FetchFinished(Message):
    """R: every feed was fetched, or the fetch could not run (``report.said`` says why)."""

    def __init__(self, report: FetchReport) -> None:
        super().__init__()
        self.report = report


class SourcesCounted(Message):
    """The sources panel's rows, counted over ``source``'s rows (dropped if a newer count started)."""

    def __init__(self, generation: int, entries: Sequence[SourceEntry]) -> None:
        super().__init__()
        self.generation = generation
        self.entries = entries


# -- same-story groups ------------------------------------------------------------------------------


class StoriesFound(Message):
    """A snapshot's same-story groups were read: by article id, and at its rows (reader.session.stories)."""

    def __init__(self, source: IndexSource, ids: dict[int, int], stories: StoryMap) -> None:
        super().__init__()
        self.source = source
        self.ids = ids
        self.stories = stories


# -- the panel's story views ------------------------------------------------------------------------


class FacetsCounted(Message):
    """The names of the articles the list shows, counted (dropped if asked again since)."""

    def __init__(self, request: int, facets: Mapping[str, Sequence[Facet]], note: str) -> None:
        super().__init__()
        self.request = request
        self.facets = facets
        self.note = note


class MentionedWithCounted(Message):
    """Who is mentioned with one name among the articles shown (dropped if asked again since)."""

    def __init__(self, request: int, mentioned: MentionedWith) -> None:
        super().__init__()
        self.request = request
        self.mentioned = mentioned


class RelatedFound(Message):
    """The open article's related articles (dropped if another article was opened since)."""

    def __init__(self, request: int, rows: Sequence[RelatedRow]) -> None:
        super().__init__()
        self.request = request
        self.rows = rows
