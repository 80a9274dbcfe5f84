"""Command palette providers: open an article by title.

App commands (focus filter, toggle sidebar, problems, help, theme…) are system
commands of `ReaderApp`; this module only loads when the palette opens.

Titles are shown as `Content` built from plain strings, never parsed: the palette reads a
plain ``str`` prompt or help as markup, and so does Textual's ``Matcher.highlight`` (a title
like ``[@click=app.quit]x[/]`` would keep its action, ``[/bold`` would stop the search). Control
and bidi characters are made visible (reader.ingest.safe_text).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Any

from textual.app import App
from textual.await_complete import AwaitComplete
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from reader.ingest.safe_text import make_safe
from reader.ui.screens.main import MainScreen
from reader.ui.screens.modal import dismiss_if_on_top
from reader.ui.widgets.sidebar import one_line, row_date

MAX_HITS = 40


class ArticleCommands(Provider):
    """Titles of the articles the sidebar shows; choosing one opens it."""

    def _main(self) -> MainScreen:
        screen = self.app.screen_stack[0]
        assert isinstance(screen, MainScreen)
        return screen

    def _candidates(self) -> tuple[Sequence[Any], Sequence[int]]:
        main = self._main()
        return main.articles, main.sidebar.positions

    async def search(self, query: str) -> Hits:
        articles, visible = self._candidates()
        folded = query.casefold().strip()
        if not folded:
            return
        matcher = self.matcher(query)
        found = 0
        for count, index in enumerate(visible):
            if count % 2000 == 1999:
                await asyncio.sleep(0)
            article = articles[index]
            title = make_safe(one_line(article.title))
            if folded in title.casefold():
                score = 0.5 + 0.5 * len(folded) / max(1, len(title))
            elif count < 2000 and (score := matcher.match(title)) > 0:
                score *= 0.5
            else:
                continue
            yield Hit(score, self._display(article, title, matcher), self._opener(index), text=title)
            found += 1
            if found >= MAX_HITS:
                return

    async def discover(self) -> Hits:
        articles, visible = self._candidates()
        for index in list(visible)[:MAX_HITS]:
            article = articles[index]
            title = make_safe(one_line(article.title))
            yield DiscoveryHit(self._display(article, title), self._opener(index), text=title)

    def _display(self, article: Any, title: str, matcher: Matcher | None = None) -> Content:
        date = row_date(article) or "undated"
        shown = highlight(matcher, title) if matcher is not None else Content(title)
        return Content.assemble((f"{date:<10}  ", "dim"), shown)

    def _opener(self, index: int) -> Callable[[], None]:
        def open_article() -> None:
            self._main().open_article(index)

        return open_article


class ArticleSearch(ArticleCommands):
    """Articles in the full palette: found by typing only. Listed before anything is typed,
    they came before or after the app's commands as the two providers happened to answer."""

    async def discover(self) -> Hits:
        hits: tuple[DiscoveryHit, ...] = ()
        for hit in hits:
            yield hit


def highlight(matcher: Matcher, title: str) -> Content:
    """``title`` as plain text with the matched letters styled (``Matcher.highlight`` would
    parse the title as markup first)."""
    content = Content(title)
    score, offsets = matcher.fuzzy_search.match(matcher.query, title)
    if not score:
        return content
    for offset in offsets:
        if not title[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class ReaderCommandPalette(CommandPalette):
    """Textual's palette, with page up/down ignored until its list has been laid out.

    Pressed in the moment after the palette opens (fast typing, a paste), PgUp/PgDn reached the
    list before it had a size, and OptionList's page move looked up a line it had not built yet
    (``KeyError: 0``). Dismissed only while on top (`dismiss_if_on_top`): Enter Enter typed
    fast selected twice, and the second dismissal closed the screen below.
    """

    def dismiss(self, result: Any = None) -> AwaitComplete:
        return dismiss_if_on_top(self, lambda: super(ReaderCommandPalette, self).dismiss(result))

    def _action_command_list(self, action: str) -> None:
        if action in ("page_up", "page_down"):
            command_list = self.query_one_optional(CommandList)
            if command_list is None or not command_list.scrollable_content_region:
                return
        super()._action_command_list(action)


def open_article_palette(app: App[Any]) -> None:
    """The "Open article…" command: a palette listing only articles."""
    if ReaderCommandPalette.is_open(app):
        return
    app.push_screen(
        ReaderCommandPalette(
            providers=[ArticleCommands], id="--command-palette", placeholder="Open article… (type part of a title)"
        )
    )
