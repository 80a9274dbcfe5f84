"""Helpers shared by the app's tests (imported as a top-level module: tests/ui has no __init__)."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:  # the e2e test and snapshot apps import from the checkout
    sys.path.insert(0, str(REPO))

from reader.ingest.files import Corpus  # noqa: E402
from reader.model import Article, ArticleDate, Problem  # noqa: E402


def article(path: str, title: str, body: str = "Body text.", date: tuple | None = None, **fields) -> Article:
    paragraphs = tuple(p for p in body.split("\n\n") if p)
    article_date = None
    if date is not None:
        parts = dict(zip(("year", "month", "day", "hour", "minute"), date, strict=False))
        written = fields.pop("written", "-".join(f"{v:02d}" for v in date[:3]))
        article_date = ArticleDate(**parts, written=written)
    words = sum(len(p.split()) for p in paragraphs)
    return Article(path=path, title=title, paragraphs=paragraphs, date=article_date, words=words, **fields)


def article_file_text(spec: Article) -> str:
    """The text of a file that `reader.ingest.parse` reads back as ``spec``: the title, the date line,
    then the body (the dateline opening its first paragraph)."""
    parts = [spec.title]
    if spec.subtitle:
        parts.append(spec.subtitle)
    if spec.date is not None:
        parts.append(spec.date.written)
    paragraphs = list(spec.paragraphs)
    if spec.dateline and paragraphs:
        paragraphs[0] = f"{spec.dateline} — {paragraphs[0]}"
    return "\n\n".join(parts + paragraphs) + "\n"


#: What each problem in a spec is made of on disk: a real file that the loader skips for that reason.
BAD_FILE_BYTES = {"binary file, not text": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01", "empty file": b""}


def write_articles(folder: Path, articles: list[Article], problems: list[Problem] = ()) -> Path:
    """Write real files into ``folder`` whose parsing gives ``articles`` (same titles, dates,
    datelines and paragraphs: checked here) and files skipped for ``problems`` (binary, empty)."""
    from reader.ingest.files import load_file

    folder.mkdir(parents=True, exist_ok=True)
    for spec in articles:
        path = folder / spec.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(article_file_text(spec), encoding="utf-8")
        parsed, _ = load_file(path)
        got = (parsed.title, parsed.subtitle, parsed.date, parsed.dateline, parsed.paragraphs)
        want = (spec.title, spec.subtitle, spec.date, spec.dateline, spec.paragraphs)
        assert got == want, f"{spec.path} parses as {got!r:.300}, not {want!r:.300}"
    for problem in problems:
        path = folder / problem.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(BAD_FILE_BYTES[problem.reason])
    return folder


def small_corpus() -> Corpus:
    """Five articles in sidebar order: three dated (newest first), then two undated; and two
    files that cannot be read."""
    articles = [
        article(
            "a.txt",
            "Alpha summit opens",
            "Leaders meet in Vienna.\n\nThe talks on energy continue.",
            (2025, 5, 13),
            dateline="VIENNA",
        ),
        article("b.txt", "Beta trade deal", "Ministers signed a trade deal on energy.", (2024, 12, 5)),
        article("c.txt", "Gamma report", "A report about fishing quotas.", (2024, 3), written="March 2024"),
        article("d.txt", "Delta undated note", "Nothing about energy here? Wrong: energy."),
        article("e.txt", "Epsilon undated", "Plain words only."),
    ]
    problems = [Problem("bad/one.txt", "binary file, not text"), Problem("bad/two.txt", "empty file")]
    return Corpus(articles=articles, problems=problems)


def small_folder(tmp_path: Path) -> Path:
    """`small_corpus` as real files in ``tmp_path``/news."""
    corpus = small_corpus()
    return write_articles(tmp_path / "news", corpus.articles, corpus.problems)


def shown_path(folder: Path, name: str) -> str:
    """How the app names a file of ``folder``: its full path."""
    return str(folder / name)


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


async def wait_for(pilot, condition, timeout: float = 10.0, what: str = "") -> None:
    """Poll ``condition()`` between frames until it holds; fail after ``timeout`` seconds (a
    generous deadline, never a fixed sleep that decides the test)."""
    import asyncio

    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, f"timed out waiting for {what or condition}"
        await pilot.pause(0.01)


async def wait_loaded(pilot, timeout: float = 10.0) -> None:
    """Wait until the index is synced, its entity pass is done and the first article is open."""
    app = pilot.app
    await wait_for(pilot, lambda: app.loaded, timeout, "the articles to load")
    await wait_for(pilot, lambda: app.entity_pass_done or not app.articles, timeout, "the entity pass")
    await wait_for(pilot, lambda: app.pane.article is not None or not app.articles, timeout, "an open article")
    await pilot.pause()


async def wait_filtered(pilot, timeout: float = 10.0) -> None:
    """Wait until the filter's newest query has been applied (searches run in a worker)."""
    app = pilot.app
    await wait_for(pilot, lambda: not app.searching, timeout, "the filter's results")
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


def palette_choice(app) -> str:
    """The command palette's highlighted result, as plain text ("" while it has none)."""
    from textual.command import CommandList

    lists = app.screen.query(CommandList)
    if not lists or lists.first().highlighted is None:
        return ""
    results = lists.first()
    return str(results.get_option_at_index(results.highlighted).prompt)


async def wait_palette_offers(pilot, text: str, timeout: float = 10.0) -> None:
    """Wait until the palette's highlighted result mentions ``text`` (results come from a worker)."""
    await wait_for(
        pilot, lambda: text.lower() in palette_choice(pilot.app).lower(), timeout, f"the palette to offer {text!r}"
    )
