"""Same-story groups as the list draws them (reader.session.stories): one row per group among the
shown articles, carrying how many are shown, its other members folded or drawn right under it;
checked against a plain list built the slow way, and timed at 100,000 rows."""

from __future__ import annotations

import random
import time
from array import array
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.session.stories import (
    NO_STORIES,
    RowInGroup,
    StoryMap,
    StoryRows,
    group_rows,
    place_stories,
)


def story_map(stories: list[int | None]) -> StoryMap:
    """The groups of a snapshot whose row at each position is in a story (its id) or alone (None)."""
    return StoryMap({position: story for position, story in enumerate(stories) if story is not None})


def slow_rows(stories: list[int | None], shown: list[int], unfolded: set[int]) -> tuple[list[int], list[Any]]:
    """The rows to draw and their roles, built as a plain list."""
    members: dict[int, list[int]] = {}
    for position in shown:
        if stories[position] is not None:
            members.setdefault(stories[position], []).append(position)
    drawn: list[int] = []
    roles: list[Any] = []
    for position in shown:
        group = members.get(stories[position]) if stories[position] is not None else None
        if group is None or len(group) < 2:
            drawn.append(position)
            roles.append(None)
        elif position == group[0]:
            opened = stories[position] in unfolded
            drawn.append(position)
            roles.append(RowInGroup(len(group), opened, False, False))
            if opened:
                for number, member in enumerate(group[1:]):
                    drawn.append(member)
                    roles.append(RowInGroup(len(group), True, True, number == len(group) - 2))
    return drawn, roles


# Articles 0..7: 1, 4 and 6 tell one story (id 1), 2 and 7 another (id 2); the rest are alone.
STORIES: list[int | None] = [None, 1, 2, None, 1, None, 1, 2]


def test_a_group_is_one_row_carrying_its_count():
    rows = group_rows(story_map(STORIES), range(8))
    assert list(rows) == [0, 1, 2, 3, 5]
    assert [rows.role(row) for row in range(len(rows))] == [
        None,
        RowInGroup(3, False, False, False),
        RowInGroup(2, False, False, False),
        None,
        None,
    ]
    assert isinstance(rows, StoryRows)
    assert rows.folded(4) and rows.folded(7) and not rows.folded(1) and not rows.folded(0)
    assert rows.row_of(4) is None and rows.row_of(5) == 4
    assert rows.story_of(6) == 1 and rows.story_of(0) is None and rows.head_of(6) == 1


def test_an_unfolded_group_draws_its_members_right_under_its_first_row():
    rows = group_rows(story_map(STORIES), range(8), unfolded={1})
    assert list(rows) == [0, 1, 4, 6, 2, 3, 5]
    assert rows.role(2) == RowInGroup(3, True, True, False) and rows.role(3) == RowInGroup(3, True, True, True)
    assert rows.row_of(6) == 3 and rows.row_of(2) == 4 and rows.row_of(7) is None


def test_only_the_shown_members_count_and_the_first_shown_one_leads():
    stories = story_map(STORIES)
    rows = group_rows(stories, [0, 2, 3, 4, 6])  # 1 and 7 filtered out
    assert list(rows) == [0, 2, 3, 4]
    assert rows.role(3) == RowInGroup(2, False, False, False)  # 4 leads its story now, with 6
    assert rows.role(1) is None  # 2 is alone among the shown


def test_no_group_shown_gives_the_positions_back_untouched():
    shown = array("i", [0, 2, 3, 5])
    assert group_rows(story_map(STORIES), shown) is shown
    assert group_rows(NO_STORIES, range(8)) == range(8)


def test_the_undated_section_starts_after_an_unfolded_group_above_it():
    # 0..3 dated, 4..7 undated; article 1's group reaches into the undated ones (4, 6).
    rows = group_rows(story_map(STORIES), range(8), unfolded={1})
    assert list(rows) == [0, 1, 4, 6, 2, 3, 5]
    assert rows.rows_before(4) == 6  # the members of 1 stay under it, in the dated section
    folded = group_rows(story_map(STORIES), range(8))
    assert folded.rows_before(4) == 4  # type: ignore[attr-defined]


def test_groups_follow_their_articles_to_a_newer_snapshot():
    ids = {20: 20, 21: 20, 22: 20}  # article id → story id, as the index gives them
    where = {20: 5, 21: 0, 22: None}  # 22 is gone; 21 moved first
    placed = place_stories(ids, where.get)
    assert placed.positions == [0, 5] and placed.story_of(0) == 20
    assert not len(place_stories({20: 20, 21: 20}, {20: 3}.get))  # one left: no group


@settings(max_examples=300, deadline=None)
@given(
    stories=st.lists(st.one_of(st.none(), st.integers(0, 5)), max_size=40),
    data=st.data(),
)
def test_the_lazy_rows_are_the_plain_list(stories, data):
    shown = sorted(data.draw(st.sets(st.integers(0, max(0, len(stories) - 1)))) if stories else [])
    as_range = data.draw(st.booleans()) and len(shown) == len(stories)
    unfolded = data.draw(st.sets(st.integers(0, 5)))
    positions = range(len(stories)) if as_range else array("i", shown)
    rows = group_rows(story_map(stories), positions, unfolded)
    drawn, roles = slow_rows(stories, shown, unfolded)
    assert list(rows) == drawn and len(rows) == len(drawn)
    if not isinstance(rows, StoryRows):
        assert all(role is None for role in roles)
        return
    assert [rows.role(row) for row in range(len(rows))] == roles
    assert rows[-1] == drawn[-1] if drawn else True
    for position in range(len(stories) + 1):
        expected = drawn.index(position) if position in drawn else None
        assert rows.row_of(position) == expected
        assert rows.folded(position) == (position in shown and position not in drawn)
        first_main = next(
            (row for row, index in enumerate(drawn) if index >= position and not (roles[row] and roles[row].member)),
            len(drawn),
        )
        assert rows.rows_before(position) == first_main


# -- at 100,000 rows -------------------------------------------------------------------------------


def grouped(count: int, groups: int, size: int = 3, seed: int = 1) -> list[int | None]:
    """``count`` rows of which ``groups`` groups of ``size`` articles, anywhere in the list."""
    rng = random.Random(seed)
    stories: list[int | None] = [None] * count
    for _ in range(groups):
        members = sorted(rng.sample(range(count), size))
        for member in members:
            if stories[member] is None:
                stories[member] = members[0]
    return stories


def best_ms(work, runs: int = 5) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best * 1000


def test_regrouping_100_000_positions_costs_what_their_groups_do():
    """A keystroke regroups: with no or few groups, well within a frame (the budgets are ten
    times what an idle machine takes, so that a loaded one passes too)."""
    count = 100_000
    filtered = array("i", sorted(random.Random(2).sample(range(count), count * 7 // 10)))
    for groups, budget_ms in ((0, 2.0), (100, 5.0)):
        stories = story_map(grouped(count, groups))
        for shown in (range(count), filtered):
            rows = group_rows(stories, shown)
            assert best_ms(lambda shown=shown, stories=stories: group_rows(stories, shown, {1})) < budget_ms
            drawn = [rows[row] for row in range(0, len(rows), 997)]  # a row anywhere: a few searches
            assert drawn == sorted(drawn)
