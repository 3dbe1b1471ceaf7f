"""The extraction evaluation, on a two-page corpus built here (and a few real pages when present)."""

import gzip
import json
from pathlib import Path

import pytest

from wirewatch.evaluation.extract import evaluate_extract, format_report, score_segments

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "trafilatura-eval"

ARTICLE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta property="article:published_time" content="{date}T09:30:00Z"><meta name="author" content="{author}">
</head><body><nav><ul><li><a href="/">Home</a></li><li><a href="/about">About us</a></li></ul></nav>
<article><h1>{title}</h1>{paragraphs}</article>
<aside><h3>Related stories</h3><ul><li><a href="/a">Another story entirely</a></li></ul></aside>
<footer><p>Subscribe to our newsletter</p><p>&copy; 2021 Example Media. All rights reserved.</p></footer>
</body></html>"""

PAGES = {
    "https://news.example/harbour": {
        "title": "Harbour pier to close for repairs",
        "date": "2021-05-03",
        "author": "Jane Doe",
        "paragraphs": [
            "The harbour authority said on Monday that the old pier would close for repairs next month, and that "
            "ferries would use the new terminal on the east side of the bay until the work is finished.",
            "Ferry operators said they expected delays in the first weeks, but welcomed the repairs, which had "
            "been postponed twice because of a lack of money.",
        ],
        "with": ["the old pier would close for repairs", "postponed twice because of a lack of money"],
        "without": ["Subscribe to our newsletter", "All rights reserved", "Another story entirely"],
    },
    "https://news.example/library": {
        "title": "Town library extends its opening hours",
        "date": "2021-06-10",
        "author": "John Roe",
        "paragraphs": [
            "The town library will open on Sunday afternoons from next month, after a survey found that most "
            "readers could not visit during the week because of work and school.",
            "The extra hours will be covered by volunteers for the first year, the library's director said, "
            "while the council looks for money to hire two more staff.",
        ],
        "with": ["open on Sunday afternoons from next month", "hire two more staff"],
        "without": ["About us", "All rights reserved"],
    },
}


@pytest.fixture
def corpus(tmp_path):
    gold = {}
    (tmp_path / "html").mkdir()
    for n, (url, page) in enumerate(PAGES.items()):
        name = f"page{n}.html"
        html = ARTICLE.format(title=page["title"], date=page["date"], author=page["author"],
                              paragraphs="".join(f"<p>{p}</p>" for p in page["paragraphs"]))
        (tmp_path / "html" / f"{name}.gz").write_bytes(gzip.compress(html.encode("utf-8")))
        gold[url] = {"file": name, "with": page["with"], "without": page["without"],
                     "date": page["date"], "author": page["author"], "title": page["title"]}
    (tmp_path / "evaldata.json").write_text(json.dumps(gold), encoding="utf-8")
    return tmp_path


def test_extract_score_segments_counts_keep_and_drop():
    text = "The  pier would\nclose. Subscribe now."
    assert score_segments(text, ["pier would close", "missing"], ["Subscribe now", "absent"]) == (1, 1, 1, 1)
    assert score_segments(None, ["a"], ["b"]) == (0, 0, 1, 1)
    assert score_segments("body", ["Headline"], [], also_kept="The Headline") == (1, 0, 0, 0)


def test_extract_evaluate_small_corpus(corpus):
    seen = []
    result = evaluate_extract(corpus, workers=1, progress=lambda done, total: seen.append((done, total)))
    assert result["pages"] == 2 and result["limit"] is None
    assert seen == [(1, 2), (2, 2)]
    for system in ("wirewatch_html", "trafilatura", "plaintext"):
        metrics = result[system]
        assert metrics["tp"] + metrics["fn"] == 4 and metrics["fp"] + metrics["tn"] == 5
        assert 0.0 <= metrics["f1"] <= 1.0
    assert result["wirewatch_html"]["recall"] == 1.0
    assert result["wirewatch_html"]["precision"] == 1.0
    assert result["plaintext"]["keep_rate"] == 1.0 and result["plaintext"]["drop_rate"] == 1.0
    assert set(result["plaintext"]["trafilatura"]) == {"keep_rate", "drop_rate"}
    assert result["wirewatch_html"]["date_accuracy"] == 1.0
    assert result["wirewatch_html"]["author_accuracy"] == 1.0
    assert [page["file"] for page in result["per_page"]] == ["page0.html", "page1.html"]
    assert result["errors"] == []


def test_extract_limit_and_parallel_workers_agree(corpus):
    inline = evaluate_extract(corpus, workers=1, limit=1)
    pooled = evaluate_extract(corpus, workers=2, limit=1)
    assert inline["pages"] == pooled["pages"] == 1 and inline["limit"] == 1
    for system in ("wirewatch_html", "trafilatura", "plaintext"):
        assert inline[system]["tp"] == pooled[system]["tp"] and inline[system]["fp"] == pooled[system]["fp"]


def test_extract_missing_page_counts_as_full_miss(corpus):
    gold = json.loads((corpus / "evaldata.json").read_text())
    gold["https://news.example/gone"] = {"file": "gone.html", "with": ["x"], "without": ["y"]}
    (corpus / "evaldata.json").write_text(json.dumps(gold))
    result = evaluate_extract(corpus, workers=1)
    assert result["pages"] == 3
    assert result["per_page"][-1]["wirewatch_html"] == [0, 0, 1, 1]
    assert any("gone.html" in error for error in result["errors"])


def test_extract_missing_data_dir_says_where_to_point(tmp_path):
    with pytest.raises(FileNotFoundError, match="trafilatura-eval"):
        evaluate_extract(tmp_path)


def test_extract_format_report_is_a_table(corpus):
    report = format_report(evaluate_extract(corpus, workers=1))
    for word in ("wirewatch_html", "trafilatura", "plaintext", "precision", "F1", "date"):
        assert word in report


def test_extract_real_pages_when_present():
    if not (DATA / "evaldata.json").is_file():
        pytest.skip(f"trafilatura-eval is not at {DATA}")
    result = evaluate_extract(DATA, limit=12, workers=1)
    assert result["pages"] == 12 and not result["errors"]
    assert result["wirewatch_html"]["f1"] > 0.7
    assert result["plaintext"]["keep_rate"] > 0.7
