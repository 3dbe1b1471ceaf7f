"""The pages in real headless Chromium (Debian's chromium and chromium-driver, driven by Selenium) against a
server this test starts on a free port of 127.0.0.1. Screenshots go to $WIREWATCH_ARTIFACTS, else to
pytest's temporary directory; their paths are printed (pytest -s shows them)."""
from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest

from service_fixtures import (EVIL_IMG, EVIL_SCRIPT, EVIL_SPEAKER, EVIL_TITLE, evil_record, expected,  # noqa: F401
                              live_server, speakers)
from support import SEED
from wirewatch.service import create_app
from wirewatch.service.digest import collect, parse_since, render_html
from wirewatch.service.watch import add_watch, make_watch

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver") or ("/usr/bin/chromedriver" if Path("/usr/bin/chromedriver").exists()
                                                else None)
TOKEN = "browser-test-token"

pytestmark = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER),
    reason="headless browser tests need Debian's chromium and chromium-driver (apt-get install chromium "
           "chromium-driver); not found on PATH")


@pytest.fixture(scope="module")
def browser():
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1280,1400", "--disable-extensions"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory) -> Path:
    folder = Path(os.environ["WIREWATCH_ARTIFACTS"]) if os.environ.get("WIREWATCH_ARTIFACTS") \
        else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'browser.sqlite'}"
    app = create_app(url, token=TOKEN)
    app.state.store.add(evil_record())
    with live_server(app) as base:
        yield base, app


def shoot(driver, artifacts: Path, name: str) -> None:
    path = artifacts / f"{name}.png"
    driver.save_screenshot(str(path))
    print(f"screenshot: {path}")
    assert path.stat().st_size > 1000


def ingest_seed(base: str) -> str:
    import httpx

    if not SEED.is_file():
        pytest.skip(f"the seed document is not at {SEED}")
    response = httpx.post(f"{base}/api/documents", json={"text": SEED.read_text("utf-8")},
                          headers={"Authorization": f"Bearer {TOKEN}"}, timeout=120)
    assert response.status_code == 201, response.text
    return response.json()["id"]


def follow(browser, action) -> None:
    """Run ``action`` (a submit or a click that navigates) and wait for the next page: selenium returns
    from either before the old page is gone, and the home page has result links of its own."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.wait import WebDriverWait

    old = browser.find_element(By.TAG_NAME, "html")
    action()
    WebDriverWait(browser, 30).until(expected_conditions.staleness_of(old))
    WebDriverWait(browser, 30).until(lambda driver: driver.execute_script("return document.readyState") == "complete")


def test_service_browser_search_article_entity(browser, server, artifacts, expected):
    from selenium.webdriver.common.by import By

    base, _ = server
    doc_id = ingest_seed(base)
    main = speakers(expected)[0]
    quoted = speakers(expected, "direct")
    surname = main.split()[-1]

    browser.get(f"{base}/")
    box = browser.find_element(By.ID, "q")
    box.send_keys(surname)
    follow(browser, box.submit)
    hits = browser.find_elements(By.CSS_SELECTOR, "a.result-title")
    assert [hit.get_attribute("href").rsplit("/", 1)[-1] for hit in hits] == [doc_id]
    assert browser.find_element(By.ID, "total").text == "1"
    assert browser.find_elements(By.CSS_SELECTOR, "figure.chart svg rect")
    shoot(browser, artifacts, "1-search")

    follow(browser, hits[0].click)
    assert browser.current_url.endswith(f"/documents/{doc_id}")
    for name in quoted:
        pieces = browser.find_elements(By.CSS_SELECTOR, f'.body .hl.quote[data-speaker="{name}"]')
        shown = "".join(piece.get_attribute("textContent") for piece in pieces)
        for fact in expected["quotes"]:
            if fact.get("speaker") == name and fact["kind"] == "direct":
                assert fact["contains"] in shown
        assert all(name in piece.get_attribute("title") for piece in pieces)
        speaker_marks = browser.find_elements(By.CSS_SELECTOR, f'.hl.speaker[data-speaker="{name}"]')
        assert speaker_marks and all(mark.value_of_css_property("font-weight") in ("600", "bold")
                                     for mark in speaker_marks)
    assert browser.find_elements(By.CSS_SELECTOR, ".body .hl.entity") and \
        browser.find_elements(By.CSS_SELECTOR, ".body .hl.time")
    shoot(browser, artifacts, "2-article")

    follow(browser, browser.find_element(By.CSS_SELECTOR, f'.evidence a.entity-link[data-entity="{main}"]').click)
    assert browser.find_element(By.CSS_SELECTOR, "h1.entity-name").text == main
    statements = browser.find_elements(By.CSS_SELECTOR, "ol.quotes li.quote-item")
    assert len(statements) >= sum(1 for fact in expected["quotes"] if fact.get("speaker") == main) // 2
    assert browser.find_elements(By.CSS_SELECTOR, "figure.chart svg rect")
    shoot(browser, artifacts, "3-entity")


def _assert_inert(browser) -> None:
    from selenium.webdriver.common.by import By

    assert browser.execute_script("return window.__pwned === undefined")
    assert browser.execute_script("return document.querySelectorAll('img').length") == 0
    scripts = browser.execute_script("return Array.from(document.scripts).map(s => s.src + '|' + s.text)")
    assert all(item.endswith("/static/app.js|") for item in scripts), scripts
    assert "window.__pwned" in browser.find_element(By.TAG_NAME, "body").text


def test_service_browser_markup_stays_text(browser, server, artifacts, tmp_path):
    from selenium.webdriver.common.by import By

    base, app = server
    pages = {"search": "/?q=council", "article": "/documents/evil-1",
             "speaker": f"/entities/{quote(EVIL_SPEAKER)}", "events": "/events"}
    for name, path in pages.items():
        browser.get(base + path)
        _assert_inert(browser)
        shoot(browser, artifacts, f"evil-{name}")
    browser.get(base + "/documents/evil-1")
    assert browser.find_element(By.CSS_SELECTOR, "h1.headline").text == EVIL_TITLE
    assert EVIL_SCRIPT in browser.find_element(By.ID, "body").text

    engine = app.state.store.engine
    watch = add_watch(engine, make_watch("evil-browser", entities=[EVIL_SPEAKER]))
    page = tmp_path / "digest.html"
    page.write_text(render_html(collect(engine, watch, parse_since("1d")), base_url=base), "utf-8")
    browser.get(page.as_uri())
    assert browser.execute_script("return window.__pwned === undefined")
    assert browser.execute_script("return document.scripts.length + document.images.length") == 0
    body = browser.find_element(By.TAG_NAME, "body").text
    assert EVIL_SCRIPT in body and EVIL_IMG in body
    shoot(browser, artifacts, "evil-digest")
