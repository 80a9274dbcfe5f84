"""SVG snapshot of same-story groups in the list: a folder holding rewritten copies of some
articles (tests/stories/story_corpus.py), each story one row with its count, one of them unfolded.
Regenerate with ``--snapshot-update`` and look.

19 rows: below the height the timeline above the list needs, so the picture is the list's alone.
"""

from __future__ import annotations

from snapshot_app import private_folders, settle
from textual.app import App

from reader.session.stories import StoryRows
from reader.ui.app import ReaderApp
from reader.ui.features import marks as marks_feature
from tests.stories.story_corpus import write_collection


def stories_app(root, monkeypatch) -> App[None]:
    """The app on ``news``: six articles, copies of three, and the seeds with a copy each."""
    private_folders(root, monkeypatch)
    write_collection(root / "news", articles=6, copies=3)
    monkeypatch.chdir(root)
    monkeypatch.setattr(marks_feature, "READ_DELAY", 3600)  # (opening marks read: not while the shot is taken)
    return ReaderApp(["news"])


def grouped(app) -> bool:
    return isinstance(app.sidebar.rows, StoryRows)


def test_stories_grouped_one_unfolded(snap_compare, tmp_path, monkeypatch):
    """Each story one row ending in its count (▸ folded); the first group unfolded (▾), its copy under it."""

    async def run_before(pilot):
        await settle(pilot, grouped, "the entity pass's groups")
        rows = pilot.app.sidebar.rows
        first_group = next(row for row in range(len(rows)) if rows.role(row) is not None)
        await pilot.press(*["j"] * first_group, "space")
        await settle(pilot, lambda app: grouped(app) and app.sidebar.rows.role(first_group + 1).member, "unfolded")

    assert snap_compare(stories_app(tmp_path, monkeypatch), terminal_size=(100, 19), run_before=run_before)
