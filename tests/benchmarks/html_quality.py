"""How well web pages are read, on held-out pages with a gold body text: body shingle F1 as the
ScrapingHub article-extraction benchmark scores it, how many pages get a title (and how many
titles still carry the site's name), and pages/s.

    python tests/benchmarks/html_quality.py GOLD_DIR [--json]

GOLD_DIR holds ``ground-truth.json`` ({id: {"articleBody": ..., "url": ...}}) and ``html/ID.html.gz``
(or ``.html``), as github.com/scrapinghub/article-extraction-benchmark lays them out. Each page goes
through the reader's own web-page format, exactly as a saved ``.html`` file would.

The score: each text becomes its word 4-grams (shingles); per page, true positives, false
positives and false negatives of the shingle multisets, normalised to sum to 1; precision and
recall are averaged over pages, F1 is their harmonic mean.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.ingest.web_pages import WebPage  # noqa: E402

WORD = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    words = WORD.findall(text)
    return Counter(tuple(words[i : i + n]) for i in range(max(1, len(words) - n + 1)) if words[i : i + n])


def overlap(gold: str, found: str) -> tuple[float, float, float]:
    """(tp, fp, fn) of the two texts' shingles, normalised to sum to 1 (all 0 when both are empty)."""
    want, got = shingles(gold), shingles(found)
    tp = sum((want & got).values())
    fp = sum((got - want).values())
    fn = sum((want - got).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def precision(tp: float, fp: float, fn: float) -> float:
    return 1.0 if fp == fn == 0 else (0.0 if tp == fp == 0 else tp / (tp + fp))


def recall(tp: float, fp: float, fn: float) -> float:
    return 1.0 if fp == fn == 0 else (0.0 if tp == fn == 0 else tp / (tp + fn))


def page_bytes(folder: Path, key: str) -> bytes:
    packed = folder / "html" / f"{key}.html.gz"
    return gzip.decompress(packed.read_bytes()) if packed.exists() else (folder / "html" / f"{key}.html").read_bytes()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    gold = json.loads((args.gold / "ground-truth.json").read_text(encoding="utf-8"))
    pages = {key: page_bytes(args.gold, key) for key in gold}
    web_page = WebPage()
    scores, titled, site_glued, failed = [], 0, 0, []
    started = time.perf_counter()
    for key, data in pages.items():
        try:
            articles, _ = web_page.read_bytes(data, f"{key}.html")
        except ValueError as error:
            failed.append(f"{key}: {error}")
            articles = []
        article = articles[0] if articles else None
        body = article.text if article else ""
        scores.append(overlap(gold[key].get("articleBody", ""), body))
        if article is not None and not article.title_derived and article.title.strip():
            titled += 1
            if article.source and article.source.casefold() in article.title.casefold():
                site_glued += 1
    elapsed = time.perf_counter() - started
    p = statistics.mean(precision(*s) for s in scores if s[0] + s[1] > 0)
    r = statistics.mean(recall(*s) for s in scores if s[0] + s[2] > 0)
    figures = {
        "pages": len(pages),
        "body_f1": round(2 * p * r / (p + r), 3),
        "precision": round(p, 3),
        "recall": round(r, 3),
        "titled_share": round(titled / len(pages), 3),
        "titles_with_site_name": site_glued,
        "pages_per_s_one_core": round(len(pages) / elapsed, 1),
        "failed": failed,
    }
    if args.json:
        print(json.dumps(figures))
        return
    for name, value in figures.items():
        print(f"{name:>24}: {value}")


if __name__ == "__main__":
    main()
