"""Indexing and opening speed for each kind of source: the same articles as text files, one JSON
Lines dataset, CSV, RSS feed files and an mbox.

    python tests/benchmarks/formats_bench.py CORPUS_DIR [--articles 20000] [--per-feed 500] [--json]

CORPUS_DIR is a folder of text articles (tests/benchmarks/make_corpus.py). Its first N articles
are written out in each format under a temporary folder, then for each: a cold `Index.sync()`
(articles/s, worker processes as the app uses them) and `Index.article(id)` on 20 rows spread
over the list (median and max ms: the first record opened of a file parses the whole file; the
index keeps the last few such files parsed). Uses fresh temporary caches, never the user's.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import statistics
import sys
import tempfile
import time
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.index import Index  # noqa: E402
from reader.ingest.files import load_corpus  # noqa: E402
from reader.model import Article  # noqa: E402


def iso(article: Article) -> str:
    return article.date.iso() if article.date else ""


def write_formats(articles: list[Article], out: Path, per_feed: int) -> dict[str, Path]:
    folders = {kind: out / kind for kind in ("text", "jsonl", "csv", "rss", "mbox")}
    for folder in folders.values():
        folder.mkdir(parents=True)
    for number, article in enumerate(articles):
        body = "\n\n".join(article.paragraphs)
        (folders["text"] / f"{number:06d}.txt").write_text(f"{article.title}\n\n{iso(article)}\n\n{body}\n", "utf-8")
    with (folders["jsonl"] / "news.jsonl").open("w", encoding="utf-8") as out_file:
        for number, article in enumerate(articles):
            text = "\n\n".join(article.paragraphs)
            record = {"id": number, "title": article.title, "text": text, "date": iso(article)}
            out_file.write(json.dumps(record, ensure_ascii=False) + "\n")
    with (folders["csv"] / "news.csv").open("w", encoding="utf-8", newline="") as out_file:
        writer = csv.writer(out_file)
        writer.writerow(["id", "title", "text", "date"])
        for number, article in enumerate(articles):
            writer.writerow([number, article.title, "\n\n".join(article.paragraphs), iso(article)])
    for start in range(0, len(articles), per_feed):
        items = []
        for number, article in enumerate(articles[start : start + per_feed], start):
            date = article.date
            when = ""
            if date is not None and date.day is not None and date.month is not None:
                stamp = datetime.datetime(date.year, date.month, date.day, tzinfo=datetime.UTC)
                when = f"<pubDate>{format_datetime(stamp)}</pubDate>"
            html = "".join(f"<p>{escape(p)}</p>" for p in article.paragraphs)
            items.append(
                f"<item><title>{escape(article.title)}</title><guid>{number}</guid>{when}"
                f"<description>{escape(html)}</description></item>"
            )
        channel = f"<channel><title>Bench</title>{''.join(items)}</channel>"
        feed = f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0">{channel}</rss>'
        (folders["rss"] / f"feed{start // per_feed:04d}.rss").write_text(feed, encoding="utf-8")
    with (folders["mbox"] / "news.mbox").open("w", encoding="utf-8") as out_file:
        for number, article in enumerate(articles):
            body = "\n\n".join(article.paragraphs).replace("\nFrom ", "\n>From ")
            out_file.write(
                f"From bench@example.org Mon Jun 09 07:00:00 2025\nFrom: Bench <bench@example.org>\n"
                f"Subject: {' '.join(article.title.split())}\nMessage-ID: <{number}@bench>\n\n{body}\n\n"
            )
    return folders


def measure(folder: Path) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as cache, Index.open([folder], cache_dir=Path(cache)) as index:
        started = time.perf_counter()
        index.sync()
        seconds = time.perf_counter() - started
        rows = index.articles()
        step = max(1, len(rows) // 20)
        opens = []
        for row in rows[::step][:20]:
            started = time.perf_counter()
            index.article(row.id)
            opens.append((time.perf_counter() - started) * 1000)
        return {
            "articles": len(rows),
            "build_articles_per_s": round(len(rows) / seconds),
            "open_ms_median": round(statistics.median(opens), 1),
            "open_ms_max": round(max(opens), 1),  # the first record of a file: the whole file parsed
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus")
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--per-feed", type=int, default=500)
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args(argv)
    articles = load_corpus([options.corpus]).articles[: options.articles]
    results = {}
    with tempfile.TemporaryDirectory() as out:
        for kind, folder in write_formats(articles, Path(out), options.per_feed).items():
            results[kind] = measure(folder)
            if not options.json:
                print(f"{kind:6} {results[kind]}", flush=True)
    if options.json:
        print(json.dumps(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
