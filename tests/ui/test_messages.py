"""Loader and worker results reach the main screen as typed messages (reader.ui.messages), and
one Worker.StateChanged handler turns a failing worker into a notification."""

from __future__ import annotations

from ui_helpers import small_folder, wait_for, wait_loaded

from reader.config import Config
from reader.ui import messages
from reader.ui.app import ReaderApp


async def test_the_loader_reports_with_typed_messages(tmp_path):
    seen: list[str] = []
    app = ReaderApp([str(small_folder(tmp_path))], no_cache=True, config=Config())

    def hook(message) -> None:
        if type(message).__module__ == messages.__name__:
            seen.append(type(message).__name__)

    async with app.run_test(size=(100, 30), message_hook=hook) as pilot:
        await wait_loaded(pilot)
        await wait_for(pilot, lambda: app.entity_pass_done, what="the entity pass")
        assert "IndexSynced" in seen and "KeysReady" in seen and "AliasesRead" in seen
        assert seen.index("IndexSynced") < seen.index("AliasesRead")
        assert all(name != "LoadFailed" for name in seen)


def test_every_loader_event_has_its_message():
    from reader.session.loader import LoaderEvent

    source = object()
    kinds = {
        "opened": messages.IndexOpened,
        "progress": messages.IndexProgress,
        "synced": messages.IndexSynced,
        "entities": messages.EntityProgress,
        "entities-done": messages.EntityProgress,
        "failed": messages.LoadFailed,
    }
    for kind, expected in kinds.items():
        message = messages.from_loader(LoaderEvent(kind, source, 1, 2, None, "why"))
        assert type(message) is expected
    done = messages.from_loader(LoaderEvent("entities-done", source))
    assert isinstance(done, messages.EntityProgress) and done.finished
    failed = messages.from_loader(LoaderEvent("failed", message="OSError: gone"))
    assert isinstance(failed, messages.LoadFailed) and failed.source is None and failed.error == "OSError: gone"


async def test_a_failing_worker_is_shown_and_the_app_carries_on(tmp_path, monkeypatch):
    import reader.ui.features.marks as marks_feature

    def broken(source, known):
        raise RuntimeError("keys on fire")

    monkeypatch.setattr(marks_feature, "key_rows", broken)
    app = ReaderApp([str(small_folder(tmp_path))], no_cache=True, config=Config())
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        await wait_for(
            pilot,
            lambda: any("keys on fire" in note.message for note in app._notifications),
            what="the worker's error notified",
        )
        assert app.is_running
        await pilot.press("j")
        assert app.is_running
