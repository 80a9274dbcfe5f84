"""Helpers shared by the app's tests (imported as a top-level module: tests/ui has no __init__)."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:  # the e2e test and snapshot apps import from the checkout
    sys.path.insert(0, str(REPO))

from reader.article import Article, ArticleDate, Problem  # noqa: E402
from reader.loading import Corpus  # noqa: E402


def article(path: str, title: str, body: str = "Body text.", date: tuple | None = None, **fields) -> Article:
    paragraphs = tuple(p for p in body.split("\n\n") if p)
    article_date = None
    if date is not None:
        parts = dict(zip(("year", "month", "day", "hour", "minute"), date))
        written = fields.pop("written", "-".join(str(v) for v in date[:3]))
        article_date = ArticleDate(**parts, written=written)
    words = sum(len(p.split()) for p in paragraphs)
    return Article(path=path, title=title, paragraphs=paragraphs, date=article_date, words=words, **fields)


def small_corpus() -> Corpus:
    """Five articles in sidebar order: three dated (newest first), then two undated."""
    articles = [
        article("a.txt", "Alpha summit opens", "Leaders meet in Vienna.\n\nThe talks on energy continue.",
                (2025, 5, 13), dateline="VIENNA"),
        article("b.txt", "Beta trade deal", "Ministers signed a trade deal on energy.", (2024, 12, 5)),
        article("c.txt", "Gamma report", "A report about fishing quotas.", (2024, 3), written="March 2024"),
        article("d.txt", "Delta undated note", "Nothing about energy here? Wrong: energy."),
        article("e.txt", "Epsilon undated", "Plain words only."),
    ]
    problems = [Problem("bad/one.txt", "binary file, not text"), Problem("bad/two.txt", "empty file")]
    return Corpus(articles=articles, problems=problems)


def sidebar_rows(app) -> list[str]:
    """The sidebar's visible rows as plain text."""
    sidebar = app.sidebar
    return [
        "".join(segment.text for segment in sidebar.render_line(y)).rstrip()
        for y in range(sidebar.scrollable_content_region.height)
    ]


def pane_lines(app, count: int = 12) -> list[str]:
    pane = app.pane
    top = round(pane.scroll_offset.y)
    return [pane.line_text(top + y) for y in range(count)]


async def wait_loaded(pilot, timeout: float = 10.0) -> None:
    """Wait until the loading worker has delivered the articles."""
    import asyncio

    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not pilot.app.loaded:
        assert loop.time() < deadline, "articles never loaded"
        await pilot.pause(0.02)
    await pilot.pause()


async def wait_opened(app, timeout: float = 5.0) -> None:
    """Wait for the first article, which opens the frame after the list (without waiting for idle,
    so that work going on between frames, such as wrapping a huge text, is still going on)."""
    import asyncio

    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while app.pane.article is None:
        assert loop.time() < deadline, "no article opened"
        await asyncio.sleep(0.001)
