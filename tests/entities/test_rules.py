"""The recogniser's conventions and the traps named in the issue."""

from __future__ import annotations

import threading

import pytest

from reader.entities import Entity, canonical_key, find_entities, resolve_aliases


def spans(text: str) -> list[tuple[str, str]]:
    return [(e.text, e.label) for e in find_entities(text)]


def test_entity_is_a_frozen_slotted_value():
    entity = find_entities("Vladimir Putin spoke.")[0]
    assert entity == Entity(0, 14, "Vladimir Putin", "PERSON", "Vladimir Putin")
    with pytest.raises(AttributeError):
        entity.label = "ORG"  # type: ignore[misc]
    assert not hasattr(entity, "__dict__")


def test_titles_stay_out_of_person_spans():
    assert spans("Russian President Vladimir Putin met Chinese Vice Premier Zhang Guoqing.") == [
        ("Russian", "MISC"),
        ("Vladimir Putin", "PERSON"),
        ("Chinese", "MISC"),
        ("Zhang Guoqing", "PERSON"),
    ]
    assert ("Seyyed Ali Khamenei", "PERSON") in spans(
        "a message from Leader of the Islamic Revolution Ayatollah Seyyed Ali Khamenei to Moscow"
    )
    assert spans("a deal that Supreme Leader Ali Khamenei rejected") == [("Ali Khamenei", "PERSON")]
    assert spans("In my meeting with Mr. Xi Jinping, we agreed.") == [("Xi Jinping", "PERSON")]


def test_surname_after_full_name_shares_its_canonical():
    entities = find_entities("Kremlin spokesman Dmitry Peskov spoke. Later, Peskov said more.")
    people = [(e.text, e.canonical) for e in entities if e.label == "PERSON"]
    assert people == [("Dmitry Peskov", "Dmitry Peskov"), ("Peskov", "Dmitry Peskov")]


def test_sentence_initial_words_are_not_names():
    text = "Despite sanctions, Iran grew. Meanwhile, trade rose. Describing ties, Peskov said no. However, it ended."
    assert spans(text) == [("Iran", "PLACE"), ("Peskov", "PERSON")]


def test_possessives_and_curly_apostrophes():
    assert spans("Iran’s stance and Russia's support and Putin’s trip") == [
        ("Iran", "PLACE"),
        ("Russia", "PLACE"),
        ("Putin", "PERSON"),
    ]


def test_trump_administration_tags_trump_as_person():
    assert spans("a message from the Trump administration") == [("Trump", "PERSON")]


def test_photo_credit():
    assert spans("(credit: Sputnik/Sergei Savostyanov/Pool via REUTERS)") == [
        ("Sputnik", "ORG"),
        ("Sergei Savostyanov", "PERSON"),
        ("REUTERS", "ORG"),
    ]


def test_all_caps_dateline_and_headline():
    assert spans("TEHRAN – Kremlin spokesman") == [("TEHRAN", "PLACE"), ("Kremlin", "ORG")]
    assert spans("IRAN, RUSSIA PUSH STRATEGIC TIES\n") == [("IRAN", "PLACE"), ("RUSSIA", "PLACE")]


def test_organisation_and_place_heads():
    assert spans("the Iran-Russia Joint Economic Cooperation Committee met") == [
        ("Iran-Russia Joint Economic Cooperation Committee", "ORG")
    ]
    assert spans("ships in the Caspian Sea and the Gulf of Oman") == [
        ("Caspian Sea", "PLACE"),
        ("Gulf of Oman", "PLACE"),
    ]
    assert spans("He met the Ministry of Foreign Affairs.") == [("Ministry of Foreign Affairs", "ORG")]


def test_connectors_split_unrelated_names():
    assert spans("talks between Iran and Russia") == [("Iran", "PLACE"), ("Russia", "PLACE")]
    assert spans("ties with Bosnia and Herzegovina") == [("Bosnia and Herzegovina", "PLACE")]
    assert spans("the President of Iran spoke") == [("Iran", "PLACE")]


def test_hyphenated_place_pairs_are_two_places():
    assert spans("strong Iran-Russia relations") == [("Iran", "PLACE"), ("Russia", "PLACE")]


def test_misc_treaties_projects_and_nationalities():
    assert spans("the Comprehensive Strategic Agreement and the North-South Corridor, Iranian media said") == [
        ("Comprehensive Strategic Agreement", "MISC"),
        ("North-South Corridor", "MISC"),
        ("Iranian", "MISC"),
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("on January 17, 2022 - 22:49", ["January 17, 2022", "22:49"]),
        ("date 2025-05-13 TEHRAN", ["2025-05-13"]),
        ("in Tehran on February 25, according", ["February 25"]),
        ("said on Tuesday that", ["Tuesday"]),
        ("rose 13 percent last year and 8 percent this year", ["last year", "this year"]),
        ("In April, the deal", ["April"]),
        ("signed in 2022 for 20-year terms", ["2022"]),
        ("5 May 2024 and the 1990s", ["5 May 2024", "1990s"]),
    ],
)
def test_dates_as_written(text, expected):
    assert [e.text for e in find_entities(text) if e.label == "DATE"] == expected


def test_may_alone_is_not_a_date():
    assert spans("Theresa May spoke. It may rain in May 2024.") == [("Theresa May", "PERSON"), ("May 2024", "DATE")]


def test_speech_verb_makes_an_unknown_name_a_person():
    assert spans("Kowalczyk said the plan was sound.") == [("Kowalczyk", "PERSON")]


def test_place_cue_after_in():
    assert spans("The forum in Samarkhand ended.") == [("Samarkhand", "PLACE")]


def test_canonical_key_merges_transliterations():
    assert canonical_key("Sergey Lavrov") == canonical_key("Sergei Lavrov")
    assert canonical_key("Mohammed bin Salman") == canonical_key("Muhammad bin Salman")
    assert canonical_key("U.S.") == canonical_key("United States")
    assert canonical_key("Iran") != canonical_key("Iraq")


def test_canonical_spelling_is_preferred_within_a_document():
    [lavrov] = [e for e in find_entities("his counterpart, Sergey Lavrov, said") if e.label == "PERSON"]
    assert lavrov.canonical == "Sergei Lavrov"
    assert find_entities("ties with the U.S. grew")[0].canonical == "United States"


def test_resolve_aliases_across_a_collection():
    merged = resolve_aliases(["Sergei Lavrov", "Sergey Lavrov", "Lavrov", "Vladimir Putin", "Putin"])
    assert merged["Sergey Lavrov"] == merged["Sergei Lavrov"] == merged["Lavrov"]
    assert merged["Putin"] == "Vladimir Putin"


@pytest.mark.parametrize(
    "prefix",
    ["", "Москва — ", "تهران – ", "e\u0301te\u0301 — ", "🇮🇷🙂 ", "\x00\ud800 ", "x" * 3 + " "],
)
def test_offsets_survive_non_ascii_text(prefix):
    text = prefix + "Russian President Vladimir Putin visited Tehran on Friday. Лавров 👍 Putin’s trip."
    entities = find_entities(text)
    assert [e.text for e in entities] == ["Russian", "Vladimir Putin", "Tehran", "Friday", "Putin"]
    for entity in entities:
        assert text[entity.start : entity.end] == entity.text


def test_accented_latin_names():
    text = "Président Emmanuel Macron met Recep Tayyip Erdoğan in Zürich and São Paulo."
    found = spans(text)
    assert ("Recep Tayyip Erdoğan", "PERSON") in found
    assert ("Zürich", "PLACE") in found and ("São Paulo", "PLACE") in found


@pytest.mark.parametrize("text", ["", " ", "\n\n", "\x00", "\ud800", "A", "’s", "Mr.", "of the", "U.S.", "-" * 10])
def test_odd_text_never_raises(text):
    for entity in find_entities(text):
        assert text[entity.start : entity.end] == entity.text


def test_non_string_input_gives_nothing():
    assert find_entities(None) == []  # type: ignore[arg-type]


def test_deterministic_and_thread_safe():
    text = " ".join(p.read_text(encoding="utf-8") for p in __import__("pathlib").Path("seeds").glob("*.txt"))
    expected = find_entities(text)
    results: list[list[Entity]] = []

    def work() -> None:
        results.append(find_entities(text))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(result == expected for result in results)


def test_importing_the_package_does_not_import_textual():
    import subprocess
    import sys

    code = "import sys, reader.entities; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
