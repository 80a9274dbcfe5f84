"""Screens over the main screen that close once, however fast keys arrive.

Textual's ``Screen.dismiss`` pops whatever screen is on top. Keys typed fast queue a second
dismissal behind the first (Enter Enter in the command palette, Enter then Esc in the save
dialog): handled after the screen is gone, it closed the screen below, or raised
ScreenStackError when only the main screen was left.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from textual.await_complete import AwaitComplete
from textual.screen import ModalScreen, Screen

ResultType = TypeVar("ResultType")


def dismiss_if_on_top(screen: Screen[Any], dismiss: Callable[[], AwaitComplete]) -> AwaitComplete:
    """Run ``dismiss`` only while ``screen`` is the one on top; otherwise do nothing."""
    try:
        on_top = screen.app.screen is screen
    except Exception:  # noqa: BLE001 - no screen left: the app is closing
        on_top = False
    return dismiss() if on_top else AwaitComplete.nothing()  # type: ignore[no-untyped-call]


class ReaderModal(ModalScreen[ResultType]):
    """A modal screen (help, problems, save dialog) that a second, late dismissal leaves alone."""

    def dismiss(self, result: ResultType | None = None) -> AwaitComplete:
        return dismiss_if_on_top(self, lambda: super(ReaderModal, self).dismiss(result))
