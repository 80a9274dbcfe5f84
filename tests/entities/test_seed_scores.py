"""Regression floors for quality on the annotated seeds and the extra held-out-style paragraphs."""

from __future__ import annotations

import importlib.util
from pathlib import Path

_SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "entity_scores.py"
_spec = importlib.util.spec_from_file_location("entity_scores", _SCRIPT)
entity_scores = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(entity_scores)


def test_seed_scores_stay_high():
    result = entity_scores.score("seeds")
    assert result["overall"][2] >= 0.93
    assert result["PERSON/ORG/PLACE"][2] >= 0.93


def test_extra_scores_stay_reasonable():
    result = entity_scores.score("extra")
    assert result["PERSON/ORG/PLACE"][3] > 100  # the extra set is really there
    assert result["PERSON/ORG/PLACE"][2] >= 0.80


def test_gold_spans_match_their_texts():
    for name in ("seeds", "extra"):
        for stem, text, gold in entity_scores.load_documents(name):
            for start, end, _label in gold:
                assert 0 <= start < end <= len(text), stem
