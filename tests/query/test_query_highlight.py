"""match_spans: offsets into the original text, whatever folding did to lengths."""

from reader.query import match_spans, parse_query


def highlighted(text, query, prefix_last=False):
    return [text[start:end] for start, end in match_spans(text, parse_query(query, prefix_last=prefix_last))]


def test_words_case_insensitive_whole_words():
    assert highlighted("Iran and iranian IRAN.", "iran") == ["Iran", "IRAN"]


def test_last_word_prefix_highlights_the_whole_word():
    assert highlighted("Iran and iranian IRAN.", "iran", prefix_last=True) == ["Iran", "iranian", "IRAN"]


def test_accents_precomposed_and_decomposed():
    assert highlighted("Le Résumé du Café", "resume cafe") == ["Résumé", "Café"]
    decomposed = "Le Re\u0301sume\u0301 du cafe\u0301!"
    assert highlighted(decomposed, "résumé café") == ["Re\u0301sume\u0301", "cafe\u0301"]


def test_length_changing_folds_map_back():
    text = "Die Straße und die STRASSE; ﬁnance"
    assert highlighted(text, "strasse") == ["Straße", "STRASSE"]
    assert highlighted(text, "finance") == ["ﬁnance"]


def test_phrases_span_from_first_to_last_word():
    text = "the Joint  Economic — Cooperation committee"
    assert highlighted(text, '"joint economic cooperation"') == ["Joint  Economic — Cooperation"]


def test_excluded_and_entity_terms_are_not_highlighted():
    assert highlighted("Iran Russia Putin", "iran -russia person:putin") == ["Iran"]


def test_overlaps_merge_and_spans_sort():
    text = "oil and gas, gas and oil"
    assert match_spans(text, parse_query('"oil and" "and gas" oil', prefix_last=False)) == [(0, 11), (21, 24)]


def test_no_query_no_spans():
    assert match_spans("anything", parse_query("")) == []
    assert match_spans("", parse_query("x")) == []
