"""Sharing the article or the list, on the main screen: save as Markdown (e, E), copy the text
(y), open the file in $PAGER (o) or $EDITOR (O). The save dialog, Markdown export and the
external-program helpers load on first use."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reader.ui import visible_name

if TYPE_CHECKING:
    from reader.ui.features.host import FeatureHost


class Sharing:
    """e, E, y, o and O."""

    def __init__(self, screen: FeatureHost) -> None:
        self.screen = screen

    def export(self) -> None:
        from reader.export.markdown import article_filename, article_to_markdown
        from reader.ui.screens.save_dialog import SaveDialog

        article = self.screen.target_article()
        if article is None:
            self.screen.notify("Open an article first.", title="Nothing to save", severity="warning", markup=False)
            return
        default = Path.cwd() / article_filename(article)
        self.screen.app.push_screen(SaveDialog(lambda: article_to_markdown(article), default), self._saved)

    def export_all(self) -> None:
        from reader.export.markdown import articles_to_markdown, selection_filename
        from reader.ui.screens.save_dialog import SaveDialog

        screen = self.screen
        source, positions = screen.source, list(screen.sidebar.positions)
        if source is None or not positions:
            screen.notify("No articles are shown.", title="Nothing to save", severity="warning", markup=False)
            return

        def content() -> str:
            articles = (source.article(position) for position in positions)
            return articles_to_markdown(article for article in articles if article is not None)

        default = Path.cwd() / selection_filename(screen.filtering.text)
        count = len(positions)
        title = f"Save {count:,} article{'s' if count != 1 else ''} as Markdown"
        screen.app.push_screen(SaveDialog(content, default, title=title), self._saved)

    def _saved(self, path: Path | None) -> None:
        if path is not None:
            self.screen.notify(visible_name(path), title="Saved", markup=False)

    def copy_text(self) -> None:
        from reader.ui.external import copy_article_text

        copy_article_text(self.screen.app, self.screen.target_article())

    def open_external(self, kind: str) -> None:
        """o / O: the open article's file in the pager or the editor (then a quiet reload: it may have changed)."""
        from reader.ui.external import open_in_editor, open_in_pager

        screen = self.screen
        article = screen.target_article()
        if article is None:
            screen.notify(
                "Open an article first.", title=f"Nothing to open in the {kind}", severity="warning", markup=False
            )
            return
        runner = getattr(screen.app, "external_runner", None)
        (open_in_pager if kind == "pager" else open_in_editor)(screen.app, article.path, runner=runner)
        if kind == "editor":
            screen.action_reload(quiet=True)
