"""Terms added to typed filter text narrow all of it and change nothing else it means."""

import itertools

import pytest

from reader.query import SearchDoc, parse_query
from reader.query.editing import ends_in_prefix, has_top_level_or, narrowed, split_terms
from reader.session.entity_view import with_term

TYPED = [
    "energ",
    "oil energ",
    "oil OR energ",
    "(oil OR gas)",
    "(oil) OR (energ)",
    "(oil OR gas) energ",
    '"oil OR gas" energ',
    "oil -gas",
    "oil AND energ",
    'oil org:"Kremlin" energ',
    'oil -org:"Kremlin"',
]
TERMS = ['org:"Kremlin"', '-org:"Kremlin"', 'place:"Oslo"', '-place:"Oslo"']
WORDS = ["oil", "gas", "energy", "energ", "oil or gas"]


def docs() -> list[SearchDoc]:
    found = []
    for size in (1, 2):
        for words in itertools.combinations(WORDS, size):
            for org, place in itertools.product(((), ("Kremlin",)), ((), ("Oslo",))):
                entities = {"ORG": tuple(f" {name.lower()} " for name in org)}
                entities["GPE"] = tuple(f" {name.lower()} " for name in place)
                found.append(SearchDoc(body=f" {' '.join(words)} ", entities=entities))
    return found


def matching(text: str) -> list[bool]:
    query = parse_query(text)  # as the filter bar parses it: the word typed last is a prefix
    return [query.matches(doc) for doc in docs()]


@pytest.mark.parametrize(("typed", "term"), itertools.product(TYPED, TERMS))
def test_an_added_term_narrows_the_whole_typed_text(typed, term):
    built = narrowed(typed, term, typed)
    assert [a and b for a, b in zip(matching(typed), matching(term), strict=True)] == matching(built), built


@pytest.mark.parametrize(("typed", "term"), itertools.product(TYPED, TERMS))
def test_a_facet_term_replaces_itself_and_its_opposite(typed, term):
    opposite = term[1:] if term.startswith("-") else f"-{term}"
    rest = " ".join(t for t in split_terms(typed) if t not in (term, opposite))
    rest_meaning = matching(narrowed(rest, '(place:"Nowhere" OR -place:"Nowhere")', typed))  # prefix kept
    built = with_term(typed, term)
    assert [a and b for a, b in zip(rest_meaning, matching(term), strict=True)] == matching(built), built
    assert with_term(built, term) == built  # once only


def test_the_terms_are_the_parsers_tokens():
    """On any text the parser takes, the terms are its tokens (an exclusion's '-' kept on its term,
    not on a parenthesis)."""
    import random

    from reader.query import QueryError
    from reader.query.parser import _lex

    rng = random.Random(5)
    pieces = ["a", "energ", "OR", "AND", "(", ")", '"', "-", "date:2024", 'person:"A B"', 'title:"x', "é", '"a OR b"']
    checked = 0
    for _ in range(5000):
        text = "".join(rng.choice(pieces) + rng.choice(["", " ", "\t"]) for _ in range(rng.randint(0, 8)))
        try:
            parse_query(text)
        except QueryError:
            continue
        lexed = _lex(text)
        tokens, glued = [], False
        for token in lexed:
            piece = text[token.start : token.end]
            tokens.append(tokens.pop() + piece if glued and token.kind in ("term", "-") else piece)
            glued = token.kind == "-"
        assert split_terms(text) == tokens, text
        checked += 1
    assert checked > 1000


def test_the_splitting_follows_the_parser():
    assert split_terms('a "b c" (d OR e:"f g") -h:i "unclosed') == [
        "a",
        '"b c"',
        "(",
        "d",
        "OR",
        'e:"f g"',
        ")",
        "-h:i",
        '"unclosed',
    ]
    assert split_terms('OR"a b" date:"2024"') == ["OR", '"a b"', 'date:"2024"']
    assert has_top_level_or(split_terms("(a) OR (b)"))
    assert not has_top_level_or(split_terms('(a OR b) "c OR d"'))
    assert ends_in_prefix(split_terms("a (b OR energ)"))
    for exact in ("energ date:2024", 'person:"Ann"', "-energ", '"energ"', "a OR", "is:starred"):
        assert not ends_in_prefix(split_terms(exact)), exact
