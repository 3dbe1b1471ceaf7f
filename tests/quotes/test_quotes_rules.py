"""The `quotes` stage on sentences of our own: direct quotes before and after their cue, "according to",
reported speech with a clausal complement, mixed quotes, speakers resolved through the entities stage,
continuing quotes, sign-offs, scare quotes that are not quotes, and offsets that slice the text.

All sentences are invented for these tests.
"""
from __future__ import annotations

import pytest

import wirewatch
import wirewatch.quotes.stage  # noqa: F401  (registers the quotes stage)
from wirewatch.quotes import find_quoted

PIPELINE = ["decode", "clean", "provenance", "parse", "times", "entities", "quotes"]
WEDNESDAY = "2021-03-10"


def read(text: str, date: str = WEDNESDAY):
    record = wirewatch.read(text, date=date, clean=False, format="text", pipeline=PIPELINE)
    for quote in record.quotes:             # every span slices the text exactly
        assert text[quote.start:quote.end] == quote.text
        if quote.cue:
            assert text[quote.cue.start:quote.cue.end] == quote.cue.text
        if quote.speaker and quote.speaker.start is not None:
            assert text[quote.speaker.start:quote.speaker.end] == quote.speaker.text
    return record


def only(record, kind=None, contains=None):
    found = [q for q in record.quotes if (kind is None or q.kind == kind) and (contains is None or contains in q.text)]
    assert len(found) == 1, f"expected one {kind} quote with {contains!r}: " + repr(
        [(q.kind, q.text, q.cue.text if q.cue else None) for q in record.quotes])
    return found[0]


# ------------------------------------------------------------------------------------------ marks alone
def test_quotation_marks_pair_in_every_style_and_apostrophes_stay_inside():
    text = ("“Curly,” she said. \"Straight,\" he said. «Guillemets» ``Treebank'' ''NYT style'' "
            "‘single don’t split’ „German“\n“An open quote runs on\n“and goes on here.”")
    found = [text[q.start:q.end] for q in find_quoted(text)]
    assert found[:8] == ["Curly,", "Straight,", "Guillemets", "Treebank", "NYT style", "single don’t split",
                         "German", "An open quote runs on"]
    pieces = find_quoted(text)
    assert not pieces[7].closed and pieces[7].chain is not None and pieces[8].chain == pieces[7].chain


def test_a_quotation_nested_in_the_same_marks_stays_inside_the_outer_one():
    text = "“I would rather live in what he calls “hell” than stay silent,” the student wrote."
    (quoted,) = find_quoted(text)
    assert text[quoted.start:quoted.end].startswith("I would rather") and "“hell”" in text[quoted.start:quoted.end]


# ------------------------------------------------------------------------------------------ direct
def test_direct_quote_before_its_cue_with_the_speaker_named_by_surname():
    text = ("Mayor Helen Marsh of Eastbrook toured the flooded district on Tuesday.\n\n"
            "\"We will rebuild the bridge before winter,\" Marsh said.")
    quote = only(read(text), "direct")
    assert quote.text == "We will rebuild the bridge before winter"
    assert quote.cue.text == "said"
    assert quote.speaker.name == "Helen Marsh" and quote.speaker.text == "Marsh"
    assert quote.date == "2021-03-09"          # the time in force: Tuesday


def test_direct_quote_after_a_colon_lead_in_on_the_same_line():
    quote = only(read("Marsh told the council: \"The money is already in the budget.\""), "direct")
    assert quote.text == "The money is already in the budget."
    assert quote.cue.text == "told" and quote.speaker.text == "Marsh"


def test_inverted_cue_and_a_quote_split_around_its_cue():
    record = read("“Nobody was hurt,” said Fire Chief Tom Reyes, “but the roof is gone.”")
    direct = [q for q in record.quotes if q.kind == "direct"]
    assert [q.text for q in direct] == ["Nobody was hurt", "but the roof is gone."]
    assert {q.cue.text for q in direct} == {"said"}
    assert all(q.speaker.name and "Reyes" in q.speaker.name for q in direct)


def test_sign_off_after_a_quotation():
    quote = only(read("“Voting is the only way to be heard.” ― Ana Ruiz"), "direct")
    assert quote.speaker.text == "Ana Ruiz" and quote.cue.text == "―"


# ------------------------------------------------------------------------------------------ reported
def test_according_to_gives_the_source_and_the_rest_of_the_clause():
    quote = only(read("According to the port authority, exports fell by a third in March."), "indirect")
    assert quote.cue.text == "According to"
    assert quote.text == "exports fell by a third in March"
    assert "port authority" in quote.speaker.text


def test_indirect_speech_is_the_clausal_complement_of_the_cue():
    quote = only(read("Fire Chief Tom Reyes said the fire started in a kitchen on the second floor."), "indirect")
    assert quote.text == "the fire started in a kitchen on the second floor"
    assert quote.cue.text == "said" and "Reyes" in quote.speaker.name


def test_the_date_is_a_time_of_the_cues_own_clause():
    record = read("Reyes said on Friday that the building had passed its last inspection.")
    quote = only(record, "indirect")
    friday = next(t for t in record.times if t.text == "Friday")
    assert quote.date == friday.value and quote.text.startswith("that the building")


def test_present_tense_cue_is_dated_by_the_document():
    quote = only(read("The ministry says the border crossing will reopen."), "indirect")
    assert quote.date == WEDNESDAY


def test_mixed_quote_is_a_reported_clause_holding_quoted_words():
    quote = only(read("Marsh said the repairs would take \"a matter of weeks, not months.\""), "mixed")
    assert quote.text.startswith("the repairs would take") and "a matter of weeks, not months." in quote.text
    assert quote.speaker.text == "Marsh"


# ------------------------------------------------------------------------------------------ speakers
def test_a_pronoun_speaker_is_resolved_to_the_named_entity():
    text = "Helen Marsh visited the site on Monday. She said the crews had worked through the night."
    quote = only(read(text), "indirect")
    assert quote.speaker.text == "She" and quote.speaker.name == "Helen Marsh"
    assert quote.speaker.entity_id is not None


def test_a_continuing_quote_paragraph_goes_to_the_speaker_before_it():
    text = ("\"We have the money,\" Mayor Helen Marsh said.\n\n"
            "\"We also have the engineers, and we have the will.\"")
    record = read(text)
    first = only(record, "direct", "money")
    floating = only(record, "direct", "engineers")
    assert first.cue.text == "said"
    assert floating.cue is None and floating.speaker.start is None      # no cue, no mention: it goes on
    assert floating.speaker.name == first.speaker.name == "Helen Marsh"


def test_scare_quotes_without_a_cue_are_not_a_quote():
    record = read("The so-called \"peace dividend\" never reached the valley, and the mills closed.")
    assert record.quotes == []


def test_a_relative_pronoun_is_the_speaker_mention_named_by_its_noun():
    quote = only(read("The plan was backed by Mayor Helen Marsh, who said the bridge would open in May."),
                 "indirect")
    assert quote.speaker.text == "who" and quote.speaker.name == "Helen Marsh"


def test_a_transcript_line_is_what_the_name_before_the_colon_said():
    quote = only(read("HARLOW: We are not going to close the library this year."))
    assert quote.kind == "direct" and quote.cue.text == ":" and quote.speaker.text == "HARLOW"
    assert quote.text.startswith("We are not going to close the library this year")


def test_a_quoted_title_in_the_cues_own_clause_is_no_quote():
    record = read("Marsh said on \"Morning Roundup\" that the budget was balanced.")
    assert [q.kind for q in record.quotes] == ["indirect"]
    assert record.quotes[0].text == "that the budget was balanced"


def test_a_cue_ending_its_paragraph_with_a_colon_leads_in_the_next_paragraphs_quotation():
    record = read("The mayor answered the question.\n\nShe wrote:\n\n"
                  "\"The budget is balanced. Nobody will lose a job this year.\"\n\nThe council adjourned.")
    quote = only(record, "direct")
    assert quote.text == "The budget is balanced. Nobody will lose a job this year."
    assert quote.cue.text == "wrote" and quote.speaker.text == "She"


def test_a_curly_opening_mark_closed_by_a_straight_one_still_ends_the_quotation():
    record = read("“The bridge will not close,\" Transport Minister Ruth Amadi said on Monday.")
    quote = only(record, "direct")
    assert quote.text == "The bridge will not close"
    assert quote.speaker.name and "Amadi" in quote.speaker.name


def test_naming_verbs_keep_the_quoted_description_with_its_object():
    record = read("The union leader is calling the offer “deeply insulting.”")
    quote = only(record, "mixed")
    assert quote.text.startswith("the offer") and "deeply insulting" in quote.text
    assert quote.cue.text == "calling"


def test_a_second_that_clause_after_and_is_part_of_what_was_said():
    record = read("Okafor said the figures were \"preliminary\" and that the final count would come on Friday.")
    quote = only(record, "mixed")
    assert quote.text.endswith("the final count would come on Friday")
    assert quote.speaker.text == "Okafor"


def test_encourage_takes_its_infinitive_as_what_was_urged():
    record = read("The governor encouraged residents to \"stay off the roads\" until the storm passes.")
    quote = only(record, "mixed")
    assert "stay off the roads" in quote.text and quote.cue.text == "encouraged"


def _title_quotes(title: str, body: str):
    record = wirewatch.read(body, title=title, date=WEDNESDAY, clean=False, format="text", pipeline=PIPELINE)
    found = [q for q in record.quotes if q.in_title]
    for quote in found:                      # a headline's quote slices the title, not the text
        assert record.title[quote.start:quote.end] == quote.text
        assert record.title[quote.speaker.start:quote.speaker.end] == quote.speaker.text
    return found


def test_a_headline_with_its_source_after_the_colon_is_a_quote_of_that_source():
    body = "Transport Minister Ruth Amadi spoke on Monday. Amadi said the bridge was safe."
    [quote] = _title_quotes("“The bridge is safe”: Amadi", body)
    assert (quote.kind, quote.text, quote.speaker.name) == ("direct", "The bridge is safe", "Ruth Amadi")
    [quote] = _title_quotes("Bridge is safe and will stay open: minister", "Minister Ruth Amadi spoke.")
    assert quote.kind == "indirect" and quote.text == "Bridge is safe and will stay open"
    assert quote.speaker.text == "minister"


def test_a_headline_with_a_verb_of_saying_and_a_topic_label_headline():
    [quote] = _title_quotes("Amadi says the bridge will reopen in May", "Minister Ruth Amadi spoke.")
    assert quote.text == "the bridge will reopen in May" and quote.speaker.name == "Ruth Amadi"
    assert _title_quotes("Budget 2021: the details", "The budget was published.") == []
    assert _title_quotes("Storm floods the coast", "The storm came.") == []


@pytest.mark.parametrize("sentence, cue, content", [
    ("The minister insisted that the talks would go on.", "insisted", "the talks would go on"),
    ("Okafor warned that prices could rise again.", "warned", "prices could rise again"),
    ("The company claimed it had followed every rule.", "claimed", "it had followed every rule"),
    ("Okafor denied that he had met the contractor.", "denied", "he had met the contractor"),
    ("The council announced that the school would close.", "announced", "the school would close"),
    ("Okafor stressed that nobody had been hurt.", "stressed", "nobody had been hurt"),
    ("Okafor told reporters the vote would be held in June.", "told", "the vote would be held in June"),
    ("The mayor urged residents to stay indoors.", "urged", "to stay indoors"),
])
def test_reported_speech_verbs_take_their_clause(sentence, cue, content):
    quote = only(read(sentence), "indirect")
    assert quote.cue.text == cue and quote.text.removeprefix("that ").startswith(content)


def test_expressed_readiness_and_an_organisations_statement_are_reported_speech():
    quote = only(read("The ministry expressed its readiness to reopen the border crossing."), "indirect")
    assert "readiness to reopen the border crossing" in quote.text and quote.speaker.text.endswith("ministry")
    quote = only(read("The Finance Ministry says the deficit has narrowed."), "indirect")
    assert quote.text == "the deficit has narrowed" and "Ministry" in quote.speaker.name


def test_a_quote_running_over_paragraphs_with_no_closing_mark_until_its_last():
    text = ("\"We built this bridge in two years. It carries forty thousand cars a day,\" Amadi said.\n\n"
            "\"Nobody expected that.\n\n"
            "\"It is the busiest bridge in the region.\"")
    record = read(text)
    texts = [q.text for q in record.quotes if q.kind == "direct"]
    assert any("Nobody expected that." in t for t in texts)
    assert any("busiest bridge" in t for t in texts)
    assert all(q.speaker.name == "Amadi" or (q.speaker.name or "").endswith("Amadi")
               for q in record.quotes if q.kind == "direct")


def test_an_unbalanced_mark_at_the_end_of_a_paragraph_does_not_swallow_the_next_one():
    record = read("Okafor called the plan \"reckless.\n\nThe council meets on Friday to vote on it.")
    assert not any("council meets" in q.text for q in record.quotes)


def test_a_light_verb_and_a_noun_of_saying_before_a_colon_lead_in_a_quotation():
    record = read("On Monday, Okafor made the following comment:\n\n\"The figures are preliminary.\"\n\nNobody replied.")
    quote = only(record, "direct")
    assert quote.text == "The figures are preliminary." and quote.speaker.text == "Okafor"
    assert not [q for q in record.quotes if q.kind == "indirect" and "following comment" in q.text]


def test_a_document_that_reads_a_quotation_is_its_source():
    quote = only(read("The council's letter reads: “We will not close the library.”"), "direct")
    assert quote.text == "We will not close the library." and quote.cue.text == "reads"
