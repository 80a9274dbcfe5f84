"""Fixtures for the app's tests."""

from __future__ import annotations

import pytest
from ui_helpers import small_corpus

from reader.loading import Corpus


@pytest.fixture
def corpus() -> Corpus:
    return small_corpus()
