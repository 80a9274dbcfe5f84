"""Collection-wide entity pass: aliases meet across articles; the pool gives the same answer."""

from reader.entities.collection import collection_entities, find_all
from reader.model import Article


def article(text: str) -> Article:
    return Article(path="x", title="t", paragraphs=(text,))


def test_spellings_of_one_person_share_a_canonical_name_across_articles():
    found = collection_entities(
        [
            article("Foreign Minister Sergey Lavrov met Iranian officials in Tehran."),
            article("Russian Foreign Minister Sergei Lavrov said on Friday that talks went well."),
        ]
    )
    names = [{e.canonical for e in ents if e.label == "PERSON"} for ents in found]
    assert names[0] == names[1] and len(names[0]) == 1


def test_process_pool_matches_single_process():
    texts = ["President Vladimir Putin met Masoud Pezeshkian in Moscow on Tuesday."] * 3
    assert find_all(texts, workers=1) == find_all(texts * 200, workers=2)[:3]
