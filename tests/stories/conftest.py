"""One collection with rewritten copies, indexed once (sync and entity pass) for the module."""

import pytest

from reader.index import Index
from tests.stories.story_corpus import write_collection


@pytest.fixture(scope="module")
def story_collection(tmp_path_factory):
    """(folder, original file name → its copy's, an index synced with its entities done)."""
    folder = tmp_path_factory.mktemp("stories")
    pairs = write_collection(folder / "articles")
    index = Index.open([folder / "articles"], cache_dir=folder / "cache")
    index.sync(workers=1)
    index.sync_entities(workers=1)
    yield folder / "articles", pairs, index
    index.close()
