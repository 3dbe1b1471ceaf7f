"""The quotes evaluation on a tiny PolNeAR-style corpus written here: brat reading (discontinuous spans,
no-source attributions, one annotator per article), Citron's exact and overlap measures, the Gender
Gap Tracker's matching, and the whole run with a stand-in reader (no parsing needed)."""
from __future__ import annotations

from pathlib import Path

import pytest

from wirewatch.evaluation.quotes import (Predicted, evaluate_quotes, format_report, iter_polnear,
                                         predicted_from_record, read_brat, score_citron, score_ggt)
from wirewatch.record import Quote, Record, Span, Speaker

TEXT = ("“The dam will hold,” said engineer Rosa Vidal. “We checked it twice.”\n"
        "The council said the road would reopen in May.\n"
        "Repairs are expected to cost millions, according to the county.\n")


def _span(needle: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(needle, start + 1)
    return start, start + len(needle)


def _brat(spans: dict[str, tuple[str, list[tuple[int, int]]]], events: list[str]) -> str:
    lines = []
    for name, (label, parts) in spans.items():
        offsets = ";".join(f"{a} {b}" for a, b in parts)
        lines.append(f"{name}\t{label} {offsets}\t" + " ".join(TEXT[a:b] for a, b in parts))
    return "\n".join(lines + events) + "\n"


GOLD_ANN = _brat({
    "T1": ("Content", [_span("“The dam will hold,”"), _span("“We checked it twice.”")]),
    "T2": ("Cue", [_span("said")]),
    "T3": ("Source", [_span("engineer Rosa Vidal")]),
    "T4": ("Attribution", [_span("said")]),
    "T5": ("Source", [_span("The council")]),
    "T6": ("Cue", [_span("said", 1)]),
    "T7": ("Content", [_span("the road would reopen in May")]),
    "T8": ("Attribution", [_span("said", 1)]),
    "T9": ("Cue", [_span("according to")]),
    "T10": ("Content", [_span("Repairs are expected to cost millions")]),
    "T11": ("Attribution-no-source", [_span("according to")]),
}, ["E1\tAttribution:T4 Content:T1 Cue:T2 Source:T3",
    "E2\tAttribution:T8 Source:T5 Cue:T6 Content:T7",
    "E3\tAttribution-no-source:T11 Cue:T9 Content:T10",
    "#1\tAnnotatorNotes T1\ta note brat keeps"])


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "story.txt").write_text(TEXT, "utf-8")
    (tmp_path / "attributions" / "story_4e07.ann").write_text(GOLD_ANN, "utf-8")
    # a second annotator's file for the same article: the lowest id (4e07) is the one scored
    (tmp_path / "attributions" / "story_6b86.ann").write_text("", "utf-8")
    return tmp_path


def test_brat_reader_joins_events_spans_and_derives_kinds():
    gold = read_brat(GOLD_ANN, TEXT)
    assert len(gold) == 3
    direct, reported, according = gold
    assert direct.kind == "direct" and len(direct.content) == 2
    assert TEXT[slice(*direct.source[0])] == "engineer Rosa Vidal"
    assert reported.kind == "indirect" and TEXT[slice(*reported.cue[0])] == "said"
    assert according.source == [] and TEXT[slice(*according.content[0])] == "Repairs are expected to cost millions"


def test_one_annotation_per_article_the_lowest_annotator(corpus):
    (article,) = list(iter_polnear(corpus))
    assert article.annotator == "4e07" and len(article.attributions) == 3


def _predicted(content, cue, source, kind="indirect"):
    return Predicted(kind, [_span(*cue) if isinstance(cue, tuple) else _span(cue)],
                     [_span(source)] if source else [], [_span(c) for c in content])


def test_citron_exact_ignores_marks_and_edges_overlap_counts_shared_characters():
    gold = read_brat(GOLD_ANN, TEXT)
    predicted = [
        _predicted(["The dam will hold", "We checked it twice."], "said", "engineer Rosa Vidal", "direct"),
        _predicted(["the road would reopen"], ("said", 1), "council"),          # content too short, source too
    ]
    counts = score_citron(TEXT, gold, predicted)
    assert counts["cue_exact_tp_pred"] == 2 and counts["cue_exact_tp_gold"] == 2
    assert counts["content_exact_tp_pred"] == 1          # the marks of the direct quote do not count
    assert counts["source_exact_tp_pred"] == 1            # "council" is not "The council"
    assert counts["content_overlap"] == len("Thedamwillhold" "Wecheckedittwice" "theroadwouldreopen")
    assert counts["content_gold_len"] > counts["content_overlap"]


def test_ggt_matching_thresholds_and_speaker_overlap():
    gold = read_brat(GOLD_ANN, TEXT)
    predicted = [
        _predicted(["The dam will hold"], "said", "Rosa Vidal", "direct"),     # 14 of 30 gold letters: 0.47
        _predicted(["the road would reopen in May"], ("said", 1), "engineer"),  # wrong speaker
        _predicted(["The council said"], ("said", 1), "council"),               # shares nothing: spurious
    ]
    low = score_ggt(TEXT, gold, predicted, 0.3)
    assert (low["tp"], low["fp"], low["fn"]) == (2, 1, 1)
    assert low["speaker"] == 1
    high = score_ggt(TEXT, gold, predicted, 0.8)
    assert (high["tp"], high["fp"], high["fn"]) == (1, 2, 2)


def test_record_quotes_of_one_cue_and_floating_quotes_join_one_attribution():
    speaker = Speaker("e1", "Rosa Vidal", *_span("Rosa Vidal"), "Rosa Vidal")
    cue = Span(*_span("said"), "said")
    quotes = [Quote(*_span("The dam will hold"), "The dam will hold", kind="direct", cue=cue, speaker=speaker),
              Quote(*_span("We checked it twice."), "We checked it twice.", kind="direct", cue=cue, speaker=speaker)]
    record = Record(id="x", text=TEXT, quotes=quotes)
    (joined,) = predicted_from_record(record)
    assert len(joined.content) == 2 and joined.kind == "direct"


def test_whole_run_with_a_stand_in_reader(corpus):
    def reader(article):
        speaker = Speaker(None, "Rosa Vidal", *_span("Rosa Vidal"), "Rosa Vidal")
        cue = Span(*_span("said"), "said")
        quotes = [Quote(*_span("The dam will hold"), "The dam will hold", kind="direct", cue=cue, speaker=speaker),
                  Quote(*_span("We checked it twice."), "We checked it twice.", kind="direct", cue=cue,
                        speaker=speaker)]
        return Record(id=article.id, text=article.text, quotes=quotes)

    result = evaluate_quotes(corpus, reader=reader)
    direct = result["ggt"]["direct"]["at30"]
    assert (direct["tp"], direct["fp"], direct["fn"]) == (1, 0, 0) and direct["speaker_accuracy"] == 1.0
    everything = result["ggt"]["all"]["at30"]
    assert (everything["tp"], everything["fn"]) == (1, 2) and everything["recall_by_kind"]["direct"] == 1.0
    assert result["citron"]["direct"]["content"]["exact"]["f1"] == 1.0
    report = format_report(result)
    assert "Gender Gap Tracker" in report and "Citron" in report
