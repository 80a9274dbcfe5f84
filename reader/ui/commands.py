"""Command palette providers: open an article by title.

App commands (focus filter, toggle sidebar, problems, help, theme…) are system
commands of `ReaderApp`; this module only loads when the palette opens.

Titles are shown as `rich.text.Text` or `Content` built from plain strings: the
palette would read a plain ``str`` prompt or help as markup.
"""

from __future__ import annotations

import asyncio

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from reader.ui.sidebar import one_line, row_date

MAX_HITS = 40


class ArticleCommands(Provider):
    """Titles of the articles the sidebar shows; choosing one opens it."""

    def _candidates(self):
        app = self.app
        articles = getattr(app, "articles", [])
        sidebar = app.screen_stack[0].query_one("#article-list")
        return articles, sidebar.positions

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
            title = one_line(article.title)
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
            title = one_line(article.title)
            yield DiscoveryHit(self._display(article, title), self._opener(index), text=title)

    def _display(self, article, title: str, matcher=None) -> Content:
        date = row_date(article) or "undated"
        shown = matcher.highlight(title) if matcher is not None else Content(title)
        return Content.assemble((f"{date:<10}  ", "dim"), shown)

    def _opener(self, index: int):
        def open_article() -> None:
            self.app.open_article(index)

        return open_article


def open_article_palette(app) -> None:
    """The "Open article…" command: a palette listing only articles."""
    from textual.command import CommandPalette

    app.push_screen(CommandPalette(providers=[ArticleCommands], placeholder="Open article… (type part of a title)"))
