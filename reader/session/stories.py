"""Same-story groups as the article list shows them, without Textual.

The entity pass puts near copies (the same story from several outlets, a rewritten wire copy) in
groups: an article in one has a story, the id of its group's first article
(reader.index.story_store). With grouping on, the list draws one row per group among the shown
articles: its first shown member (the newest, as positions are in sidebar order) with how many
members are shown, the others folded under it, or drawn right below it, indented, once the group
is unfolded. Articles alone are drawn as they are. The counts of the filter bar and the footer
stay counts of articles: a folded copy is shown (E saves it), only not drawn.

A keystroke in the filter regroups, so the work follows the grouped articles, not the shown
ones: `StoryMap` lists the grouped rows of a snapshot (few, in most collections), `group_rows`
finds which of them the filter let through with a binary search each, and `StoryRows` is a lazy
view of the rows to draw over the shown positions. Nothing is built per shown article: regrouping
100,000 positions costs what their groups do (see tests/session/test_stories.py).

Finding the grouped rows is one indexed read of the index (`read_story_ids`), which the screen does
in a worker, only when the groups may have changed (reader.ui.features.stories), and carries the
groups it knows over to a newer snapshot by article id (`place_stories`): rows move when articles
arrive, ids do not.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple, overload

if TYPE_CHECKING:
    from reader.index.protocol import CollectionIndex


class StoryMap:
    """The rows of one snapshot that are in a same-story group: position → story id."""

    __slots__ = ("_story_of", "positions", "stories")

    def __init__(self, story_of: Mapping[int, int]) -> None:
        self._story_of = dict(story_of)
        #: The grouped rows' positions, ascending (`group_rows` walks them in sidebar order), and their stories.
        self.positions = sorted(self._story_of)
        self.stories = [self._story_of[position] for position in self.positions]

    def __len__(self) -> int:
        return len(self.positions)

    def story_of(self, position: int) -> int | None:
        return self._story_of.get(position)


NO_STORIES = StoryMap({})


def read_story_ids(index: CollectionIndex) -> dict[int, int]:
    """Article id → story id of the articles in a group, as the index stores them (one indexed read)."""
    return index.story_ids()


def place_stories(ids: Mapping[int, int], find: Callable[[int], int | None]) -> StoryMap:
    """The groups of ``ids`` (article id → story id) at the rows ``find`` gives a snapshot's
    articles (None: gone); a group left with one article is no group."""
    placed = {position: story for article_id, story in ids.items() if (position := find(article_id)) is not None}
    members: dict[int, int] = {}
    for story in placed.values():
        members[story] = members.get(story, 0) + 1
    return StoryMap({position: story for position, story in placed.items() if members[story] > 1})


class RowInGroup(NamedTuple):
    """How a drawn row stands in its group: a group's first row (``member`` False) carries the
    ``size`` of the group (its shown articles) and whether it is ``unfolded``; a member drawn under
    it knows whether it is the ``last`` one (the tree's corner)."""

    size: int
    unfolded: bool
    member: bool
    last: bool


class StoryRows(Sequence[int]):
    """The rows to draw, as article indices: the shown positions with each group's members folded
    under its first row, or drawn right after it when unfolded. Lazy: a row is found with a binary
    search over the folded members and the unfolded groups, so its size costs nothing.

    The *main line* is the shown positions without the members (ascending); an unfolded group adds
    a *block* of its members after its first row.
    """

    def __init__(
        self,
        shown: Sequence[int],
        member_ranks: list[int],
        groups: dict[int, tuple[int, ...]],
        stories: dict[int, int],
        unfolded: Collection[int],
    ) -> None:
        self.shown = shown
        self._member_ranks = member_ranks  # ranks in ``shown`` of every member, ascending (off the main line)
        # The k-th main-line row is shown[k + bisect_right(_skips, k)]: the j-th member's rank less j.
        self._skips = [rank - number for number, rank in enumerate(member_ranks)]
        self._groups = groups  # first article → the other shown members, ascending
        self._stories = stories  # first article → its story id
        self._head_of = {member: head for head, members in groups.items() for member in members}
        self._main_length = len(shown) - len(member_ranks)
        # Unfolded groups in list order: their first article's main-line row, and where their block starts.
        self._block_heads: list[int] = []
        self._block_members: list[tuple[int, ...]] = []
        self._block_starts: list[int] = []
        self._drawn_before: list[int] = [0]  # members drawn in the blocks before the k-th
        for head in sorted(head for head in groups if stories[head] in unfolded):
            main_row = self._main_row(head)
            members = groups[head]
            self._block_heads.append(main_row)
            self._block_starts.append(main_row + 1 + self._drawn_before[-1])
            self._block_members.append(members)
            self._drawn_before.append(self._drawn_before[-1] + len(members))
        self._unfolded = {self._stories[head] for head in groups if stories[head] in unfolded}

    # -- the sequence ------------------------------------------------------------------------------

    def __len__(self) -> int:
        return self._main_length + self._drawn_before[-1]

    @overload
    def __getitem__(self, row: int) -> int: ...

    @overload
    def __getitem__(self, row: slice) -> list[int]: ...

    def __getitem__(self, row: int | slice) -> int | list[int]:
        if isinstance(row, slice):
            return [self[at] for at in range(*row.indices(len(self)))]
        if row < 0:
            row += len(self)
        if not 0 <= row < len(self):
            raise IndexError(row)
        block = bisect_right(self._block_starts, row) - 1
        if block >= 0:
            offset = row - self._block_starts[block]
            if offset < len(self._block_members[block]):
                return self._block_members[block][offset]
        main_row = row - self._drawn_before[block + 1]
        return self.shown[main_row + bisect_right(self._skips, main_row)]

    def __iter__(self) -> Iterator[int]:
        for row in range(len(self)):
            yield self[row]

    # -- rows and articles ---------------------------------------------------------------------------

    def row_of(self, index: int) -> int | None:
        """The row drawing article ``index``; None when it is not shown or folded away."""
        head = self._head_of.get(index)
        if head is not None:
            story = self._stories[head]
            if story not in self._unfolded:
                return None
            block = bisect_left(self._block_heads, self._main_row(head))
            return self._block_starts[block] + self._block_members[block].index(index)
        rank = bisect_left(self.shown, index)
        if rank == len(self.shown) or self.shown[rank] != index:
            return None
        main_row = rank - bisect_left(self._member_ranks, rank)
        return main_row + self._drawn_before[bisect_left(self._block_heads, main_row)]

    def folded(self, index: int) -> bool:
        """Whether article ``index`` is shown but folded under its group's first row."""
        head = self._head_of.get(index)
        return head is not None and self._stories[head] not in self._unfolded

    def story_of(self, index: int) -> int | None:
        """The story id of a shown article whose group has other shown members, else None."""
        head = self._head_of.get(index, index)
        return self._stories.get(head)

    def head_of(self, index: int) -> int:
        """The first shown article of article ``index``'s group (itself when it is first or alone)."""
        return self._head_of.get(index, index)

    def rows_before(self, index: int) -> int:
        """How many rows are drawn before the first main-line article at or after ``index`` (the
        list's undated section starts there: an unfolded group stays under its first row)."""
        rank = bisect_left(self.shown, index)
        main_row = rank - bisect_left(self._member_ranks, rank)
        return main_row + self._drawn_before[bisect_left(self._block_heads, main_row)]

    def role(self, row: int) -> RowInGroup | None:
        """How row ``row`` stands in its group; None for an article alone."""
        block = bisect_right(self._block_starts, row) - 1
        if block >= 0:
            offset = row - self._block_starts[block]
            members = self._block_members[block]
            if offset < len(members):
                return RowInGroup(len(members) + 1, True, True, offset == len(members) - 1)
        index = self[row]
        others = self._groups.get(index)
        if others is None:
            return None
        return RowInGroup(len(others) + 1, self._stories[index] in self._unfolded, False, False)

    def _main_row(self, head: int) -> int:
        """The main-line row of a shown article that is not a member."""
        rank = bisect_left(self.shown, head)
        return rank - bisect_left(self._member_ranks, rank)


def group_rows(stories: StoryMap, shown: Sequence[int], unfolded: Collection[int] = ()) -> Sequence[int]:
    """The rows to draw for the ``shown`` positions (ascending), their groups folded unless their
    story id is in ``unfolded``: ``shown`` itself when no two shown articles share a group.

    Goes over the grouped rows or the shown positions, whichever are fewer: a binary search in the
    shown positions for each grouped row, or a look-up for each shown position.
    """
    if not len(stories) or not len(shown):
        return shown
    found: dict[int, list[tuple[int, int]]] = {}  # story → its shown (rank, position), ascending
    if isinstance(shown, range) and shown.step == 1:  # no filter: a row's rank is known without a search
        for position, story in zip(stories.positions, stories.stories, strict=True):
            if position >= shown.stop:
                break
            if position >= shown.start:
                found.setdefault(story, []).append((position - shown.start, position))
    elif len(stories) <= len(shown):
        rank = 0
        count = len(shown)
        for position, story in zip(stories.positions, stories.stories, strict=True):
            rank = bisect_left(shown, position, rank)
            if rank == count:
                break
            if shown[rank] == position:
                found.setdefault(story, []).append((rank, position))
    else:
        story_of = stories.story_of
        for rank, position in enumerate(shown):
            grouped_in = story_of(position)
            if grouped_in is not None:
                found.setdefault(grouped_in, []).append((rank, position))
    groups: dict[int, tuple[int, ...]] = {}
    heads: dict[int, int] = {}
    member_ranks: list[int] = []
    for story, members in found.items():
        if len(members) < 2:
            continue
        head = members[0][1]
        groups[head] = tuple(position for _, position in members[1:])
        heads[head] = story
        member_ranks.extend(rank for rank, _ in members[1:])
    if not groups:
        return shown
    member_ranks.sort()
    return StoryRows(shown, member_ranks, groups, heads, unfolded)
