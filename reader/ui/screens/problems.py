"""The problems screen: every skipped file with its reason."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from reader.model import Problem
from reader.ui import PROBLEM_LABELS, problems_summary, visible, visible_name
from reader.ui.screens.modal import ReaderModal


class ProblemsScreen(ReaderModal[None]):
    """A table of the files that were skipped (errors) or used with a caveat (warnings), and of
    the feeds the last fetch could not get."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,exclamation_mark", "dismiss", "Close", key_display="esc", id="problems.close"),
    ]

    DEFAULT_CSS = """
    ProblemsScreen {
        align: center middle;
        & > Vertical {
            width: 90%;
            height: 80%;
            background: $panel;
            border: round $primary;
            border-title-color: $text-primary;
            border-subtitle-color: $text-muted;
        }
        & #problems-empty { padding: 1 2; color: $text-muted; }
        & DataTable { height: 1fr; background: $panel; }
    }
    """

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__()
        self.problems = list(problems)

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = f"Problems: {problems_summary(self.problems, always=True)}"
            box.border_subtitle = "esc to close"
            if not self.problems:
                yield Static("Every file was read without a problem.", id="problems-empty", markup=False)
            else:
                yield DataTable(cursor_type="row", zebra_stripes=True, id="problems-table")

    def on_mount(self) -> None:
        if not self.problems:
            return
        table = self.query_one(DataTable)
        table.add_column("", key="severity")
        table.add_column("File or feed" if any(p.severity == "failed" for p in self.problems) else "File", key="file")
        table.add_column("Reason", key="reason")
        # Text objects, never str: DataTable would read a str as markup. Control characters in a
        # file name (a newline, ESC, a bidi override) are shown as visible symbols.
        table.add_rows(
            (
                Text(PROBLEM_LABELS[problem.severity], style="italic" if problem.severity == "warning" else "bold"),
                Text(visible_name(problem.path)),
                Text(visible(problem.reason)),
            )
            for problem in self.problems
        )
        table.focus()
