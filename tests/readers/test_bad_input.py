"""Each bad input yields a record with a clear error, and the run goes on (issue #2, "Bad input")."""
import gzip
import json
import subprocess
import sys

import pytest

from support import article_html, warc_record, write_warc
from wirewatch import read_many

GOOD = "The harbour reopened on Monday after a storm that closed it for three days, officials said."


def run(paths, **options):
    return list(read_many(paths, **options))


def only(paths):
    (record,) = run(paths)
    return record


def test_bad_input_empty_file(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    record = only([tmp_path / "empty.txt"])
    assert record.text == "" and "empty input" in record.errors[0].message


def test_bad_input_png(tmp_path):
    (tmp_path / "photo.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    record = only([tmp_path / "photo.html"])
    assert record.text == "" and "PNG image" in record.errors[0].message


def test_bad_input_invalid_utf8(tmp_path):
    (tmp_path / "bad.txt").write_bytes(GOOD.encode() + b" \xff\xfe\xfa broken bytes \xc3\x28 end.")
    record = only([tmp_path / "bad.txt"])
    assert "harbour reopened" in record.text
    assert any(e.stage == "decode" and "not valid UTF-8" in e.message for e in record.errors)


def test_bad_input_huge_html(tmp_path):
    filler = "<div><p>Filler paragraph of a very long page that goes on and on.</p></div>\n" * 280_000
    path = tmp_path / "huge.html"
    path.write_text(article_html().replace("</article>", "</article>" + filler))
    assert path.stat().st_size > 20_000_000
    record = only([path])
    assert any("over the" in e.message and "MB limit" in e.message for e in record.errors)
    assert any("max_html_chars" in e.message for e in record.errors)
    assert "regional council" in record.text


def test_bad_input_truncated_gzip(tmp_path):
    data = gzip.compress(article_html().encode())
    (tmp_path / "cut.html.gz").write_bytes(data[: len(data) // 2])
    record = only([tmp_path / "cut.html.gz"])
    assert any("truncated or corrupt" in e.message for e in record.errors)


def test_bad_input_malformed_jsonl_line(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text(json.dumps({"id": "a", "text": GOOD}) + "\n{not json\n" + json.dumps({"id": "c", "text": GOOD}) + "\n")
    first, broken, last = run([path], clean=False)
    assert first.text == GOOD and last.id == "c"
    assert broken.text == "" and "line 2" in broken.errors[0].message and "not a JSON object" in broken.errors[0].message


def test_bad_input_html_with_no_text(tmp_path):
    (tmp_path / "blank.html").write_text("<html><head><title></title><style>p{color:red}</style></head>"
                                              "<body><div><img src='a.png'></div><script>var x = 1;</script></body></html>")
    record = only([tmp_path / "blank.html"])
    assert record.text == "" and any(e.stage == "clean" for e in record.errors)


def test_bad_input_feed_not_xml(tmp_path):
    (tmp_path / "news.rss").write_text("this is not xml at all { ] <<")
    record = only([tmp_path / "news.rss"])
    assert record.text == "" and "feed could not be parsed" in record.errors[0].message


@pytest.mark.parametrize("broken", [
    b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999999\r\n\r\n<html>truncated",
    b"this is not a WARC record at all\r\n\r\n",
    b"WARC/1.0\r\nWARC-Type response, a header line with no colon\r\n\r\n",
], ids=["truncated", "garbage", "bad-header"])
def test_bad_input_warc_broken_record(tmp_path, broken):
    good = warc_record("https://lakeside.example/a", article_html().encode())
    path = write_warc(tmp_path / "broken.warc", [good, broken])
    first, failure = run([path])
    assert "regional council" in first.text and not first.errors
    assert failure.text == "" and "WARC record 2 is broken" in failure.errors[0].message


def test_bad_input_missing_path_goes_on(tmp_path):
    (tmp_path / "ok.txt").write_text(GOOD)
    missing, ok = run([tmp_path / "missing.txt", tmp_path / "ok.txt"])
    assert "no such file" in missing.errors[0].message and ok.text


def cli(*args):
    return subprocess.run([sys.executable, "-m", "wirewatch.cli", *map(str, args)], capture_output=True, text=True)


def test_bad_input_exit_status_nonzero_only_when_nothing_read(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "ok.txt").write_text(GOOD)
    mixed = cli("read", tmp_path / "empty.txt", tmp_path / "ok.txt")
    assert mixed.returncode == 0, mixed.stderr
    assert len(mixed.stdout.strip().splitlines()) == 2
    nothing = cli("read", tmp_path / "empty.txt")
    assert nothing.returncode == 1
    assert json.loads(nothing.stdout)["errors"][0]["message"].startswith("empty input")
