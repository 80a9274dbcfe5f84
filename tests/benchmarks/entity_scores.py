"""Precision, recall and F1 of find_entities against hand-made gold (exact span + label).

    python tests/benchmarks/entity_scores.py            # seeds, then the extra held-out-style set
    python tests/benchmarks/entity_scores.py --errors   # also list every miss and false alarm

Gold lives in tests/entities/gold/<seed>.json (texts in seeds/) and tests/entities/gold_extra/<name>.json
(texts beside them). "PERSON/ORG/PLACE" is the score the held-out check uses.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from reader.entities import LABELS, find_entities  # noqa: E402

GOLD_SETS = {
    "seeds": (ROOT / "tests/entities/gold", ROOT / "seeds"),
    "extra": (ROOT / "tests/entities/gold_extra", ROOT / "tests/entities/gold_extra"),
}
HELD_OUT_LABELS = ("PERSON", "ORG", "PLACE")


def load_documents(name: str) -> list[tuple[str, str, set[tuple[int, int, str]]]]:
    gold_dir, text_dir = GOLD_SETS[name]
    documents = []
    for gold_file in sorted(gold_dir.glob("*.json")):
        text = (text_dir / (gold_file.stem + ".txt")).read_text(encoding="utf-8")
        gold = {(g["start"], g["end"], g["label"]) for g in json.loads(gold_file.read_text(encoding="utf-8"))}
        documents.append((gold_file.stem, text, gold))
    return documents


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def score(name: str, errors: list[str] | None = None) -> dict[str, tuple[float, float, float, int]]:
    """Per label and overall: (precision, recall, f1, gold count)."""
    counts = {label: [0, 0, 0] for label in LABELS}
    for stem, text, gold in load_documents(name):
        found = {(e.start, e.end, e.label) for e in find_entities(text)}
        for span in found | gold:
            tally = counts[span[2]]
            if span in found and span in gold:
                tally[0] += 1
            elif span in found:
                tally[1] += 1
            else:
                tally[2] += 1
            if errors is not None and not (span in found and span in gold):
                kind = "false alarm" if span in found else "missed"
                errors.append(f"{stem}: {kind:11} {span[2]:6} {text[span[0] : span[1]]!r} @{span[0]}")
    result = {}
    for label, (tp, fp, fn) in counts.items():
        result[label] = (*_prf(tp, fp, fn), tp + fn)
    for group, labels in (("PERSON/ORG/PLACE", HELD_OUT_LABELS), ("overall", LABELS)):
        tp, fp, fn = (sum(counts[label][i] for label in labels) for i in range(3))
        result[group] = (*_prf(tp, fp, fn), tp + fn)
    return result


def main() -> None:
    show_errors = "--errors" in sys.argv
    for name in GOLD_SETS:
        errors: list[str] = []
        result = score(name, errors)
        print(f"\n{name}: {'label':17} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5}")
        for label, (p, r, f, n) in result.items():
            print(f"{'':{len(name) + 2}}{label:17} {p:6.3f} {r:6.3f} {f:6.3f} {n:5d}")
        if show_errors:
            print("\n".join(sorted(errors)))


if __name__ == "__main__":
    main()
