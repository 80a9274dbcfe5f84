"""The loader thread without a UI (reader.session.loader): it opens the index, waits for the
first frame (`go`) before syncing a warm cache, reports to one callback, and stops cleanly."""

from __future__ import annotations

import threading

from reader.session.loader import Loader, LoaderEvent
from reader.session.source import first_undated


def write(folder, name: str, text: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def run(loader: Loader) -> list[LoaderEvent]:
    events: list[LoaderEvent] = []
    done = threading.Event()

    def listener(event: LoaderEvent) -> None:
        events.append(event)
        if event.kind in ("entities-done", "failed"):
            done.set()

    loader.start()
    loader.listen(listener)
    loader.go()
    assert done.wait(30), [event.kind for event in events]
    loader.stop()
    return events


def test_a_folder_is_opened_synced_and_its_entities_found(tmp_path):
    folder = tmp_path / "news"
    write(folder, "a.txt", "Talks in Moscow\n\n1 May 2024\n\nSergei Lavrov met reporters in Moscow.\n")
    write(folder, "b.txt", "Undated notes\n\nNothing dated here.\n")
    events = run(Loader([str(folder)], no_cache=True))
    kinds = [event.kind for event in events]
    assert kinds[0] == "opened" and "synced" in kinds and kinds[-1] == "entities-done"
    synced = next(event for event in events if event.kind == "synced")
    source = synced.source
    assert source is not None and len(source) == 2
    assert [row.title for row in source.rows] == ["Talks in Moscow", "Undated notes"]
    assert source.first_undated == first_undated(source.rows) == 1


def test_the_entity_pass_says_how_many_it_stored_and_the_index_then_has_the_groups(tmp_path):
    """Same-story groups are made at the end of the entity pass, which says how many articles it
    stored (the screen then reads the groups); the rows are not read again for them."""
    from pathlib import Path

    from tests.stories.story_corpus import write_collection

    folder = tmp_path / "news"
    pairs = write_collection(folder, articles=4, copies=1)
    events = run(Loader([str(folder)], cache_dir=str(tmp_path / "cache")))
    synced = next(event for event in events if event.kind == "synced")
    done = events[-1]
    assert done.kind == "entities-done" and done.done == len(synced.source)
    assert done.source is synced.source  # (the rows are as they were: the groups are read apart)
    story_of = done.source.index.story_ids()
    stories = {Path(row.path).name: story_of.get(row.id) for row in done.source.rows}
    assert stories["a000.txt"] == stories[pairs["a000.txt"]] is not None
    # A warm start: the pass has nothing to do, and the snapshot stays the one opened.
    again = run(Loader([str(folder)], cache_dir=str(tmp_path / "cache")))
    assert again[-1].done == 0 and again[-1].source is again[0].source


def test_events_before_anyone_listens_are_kept_and_replayed(tmp_path):
    folder = tmp_path / "news"
    write(folder, "a.txt", "One\n\nBody.\n")
    loader = Loader([str(folder)], no_cache=True).start()
    assert loader.opened.wait(10)
    seen: list[str] = []
    loader.listen(lambda event: seen.append(event.kind))
    assert seen[:1] == ["opened"]
    loader.stop(timeout=0)
    loader.go()


def test_a_folder_that_cannot_be_opened_is_reported_not_raised(tmp_path, monkeypatch):
    import reader.index

    def broken(*args, **kwargs):
        raise OSError("disk on fire")

    monkeypatch.setattr(reader.index.Index, "open", broken)
    events = run(Loader([str(tmp_path)], no_cache=True))
    assert [event.kind for event in events] == ["failed"]
    assert events[0].source is None and events[0].message == "OSError: disk on fire"


def test_first_undated_is_a_binary_search_over_dated_first_rows():
    class Row:
        def __init__(self, date):
            self.date = date

    assert first_undated([]) == 0
    assert first_undated([Row(1), Row(2), Row(None)]) == 2
    assert first_undated([Row(None)]) == 0
    assert first_undated([Row(1)] * 5) == 5
