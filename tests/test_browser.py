"""The dashboard in a real headless Chromium (Debian's ``chromium``, driven by
Playwright for Python; no browser is ever downloaded).

These tests fail, never skip, when Playwright or Chromium is missing:
``apt-get install -y chromium`` and ``pip install playwright``.
Screenshots go to ``build/screenshots/`` (test artifacts, to look at).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from test_server import ro_server, seeds_db, story_id  # noqa: F401 (fixtures)
from util import ROOT

pytestmark = [pytest.mark.network, pytest.mark.slow]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
SHOTS = ROOT / "build" / "screenshots"


@pytest.fixture(scope="module")
def browser():
    assert os.path.exists(CHROMIUM), (f"{CHROMIUM} is missing: apt-get install -y chromium "
                                      "(the browser tests need it)")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    pg = ctx.new_page()
    pg.console_messages = []
    pg.on("console", lambda m: pg.console_messages.append(f"{m.type}: {m.text}"))
    pg.on("pageerror", lambda e: pg.console_messages.append(f"pageerror: {e}"))
    yield pg
    ctx.close()


def _shot(pg, name: str) -> Path:
    """``NAME.png``: what the window shows; ``NAME_full.png``: the whole page."""
    path = SHOTS / f"{name}.png"
    pg.screenshot(path=str(path))
    pg.screenshot(path=str(SHOTS / f"{name}_full.png"), full_page=True)
    return path


def _no_console_errors(pg) -> None:
    bad = [m for m in pg.console_messages if m.startswith(("error", "pageerror"))
           or "Content Security Policy" in m]
    assert not bad, bad


def test_story_page_timeline_rtl_and_citation(page, ro_server, story_id):  # noqa: F811
    page.goto(f"{ro_server.url}/stories/{story_id}")
    expect(page.locator("h1")).to_be_visible()

    # The timeline of fused events, with the phone call between the two ministers.
    rows = page.locator("#timeline table.timeline tbody tr")
    assert rows.count() > 0
    call = rows.filter(has_text="CONSULT").filter(has_text="Wang Yi").filter(has_text="Sergey Lavrov")
    assert call.count() >= 1
    expect(call.first).to_contain_text("phone")

    # Arabic blocks are laid out right to left inside the English interface.
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == "ltr"
    arabic = page.locator('#summary [lang="ar"], h1 [lang="ar"], #articles [lang="ar"]')
    assert arabic.count() >= 3
    for i in range(arabic.count()):
        assert arabic.nth(i).evaluate("el => getComputedStyle(el).direction") == "rtl"
    summary_item = page.locator("#summary li").first
    assert summary_item.evaluate("el => getComputedStyle(el).textAlign") in ("start", "right")
    _shot(page, "story")

    # Click the first citation of the summary: the article opens with the sentence marked.
    cite = page.locator("#summary a.cite").first
    href = cite.get_attribute("href")
    m = re.match(r"^/articles/([0-9a-f]+)\?s=(\d+)#s(\d+)$", href)
    assert m and m.group(2) == m.group(3), href
    with page.expect_navigation():
        cite.click()
    assert f"/articles/{m.group(1)}" in page.url
    marked = page.locator(".sent.hl")
    expect(marked).to_have_count(1)
    assert marked.get_attribute("id") == f"s{m.group(2)}"
    expect(marked).to_be_in_viewport()
    bg = marked.evaluate("el => getComputedStyle(el).backgroundColor")
    assert bg not in ("rgba(0, 0, 0, 0)", "transparent"), bg
    assert marked.evaluate("el => getComputedStyle(el).direction") == "rtl"
    # The highlighted text is the sentence the summary quoted.
    assert marked.inner_text().strip() in page.context.request.get(
        f"{ro_server.url}/api/stories/{story_id}").json()["summary"]["sentences"][0]["text"]
    _shot(page, "article_cited")
    _no_console_errors(page)


def test_anchor_alone_marks_the_sentence(page, ro_server, story_id):  # noqa: F811
    st = page.context.request.get(f"{ro_server.url}/api/stories/{story_id}").json()
    art = st["story"]["members"][0]["id"]
    page.goto(f"{ro_server.url}/articles/{art}#s2")
    expect(page.locator("#s2")).to_have_class(re.compile(r"\bhl\b"))
    expect(page.locator(".sent.hl")).to_have_count(1)
    page.locator("#s3").click()  # clicking a sentence makes it the cited one
    assert page.url.endswith(f"/articles/{art}?s=3#s3")
    expect(page.locator(".sent.hl")).to_have_count(1)
    _no_console_errors(page)


def test_home_toggle_and_search(page, ro_server):  # noqa: F811
    page.goto(ro_server.url + "/")
    expect(page.locator("table.stories tbody tr").first).to_be_visible()
    first_newest = page.locator("table.stories tbody tr td a").first.inner_text()
    page.locator("#sort-biggest").click()
    page.wait_for_url(re.compile(r"sort=biggest"))
    expect(page.locator("#sort-biggest")).to_have_class(re.compile(r"\bon\b"))
    counts = [int(t) for t in page.locator("table.stories tbody tr td:nth-child(3)").all_inner_texts()]
    assert counts == sorted(counts, reverse=True) and first_newest
    _shot(page, "home")
    page.fill('form.search input[name="q"]', "لافروف")
    page.press('form.search input[name="q"]', "Enter")
    page.wait_for_url(re.compile(r"/search\?q="))
    hit = page.locator("ol.results li").first
    expect(hit).to_contain_text("لافروف")
    assert hit.locator("p.match [lang='ar']").evaluate("el => getComputedStyle(el).direction") == "rtl"
    _shot(page, "search")
    _no_console_errors(page)


def test_entity_page(page, ro_server):  # noqa: F811
    page.goto(ro_server.url + "/entities/per:wang-yi")
    expect(page.locator("h1")).to_have_text("Wang Yi")
    assert page.locator("#mentions svg.chart rect.bar").count() >= 1
    assert page.locator("#co-actors svg.graph a").count() >= 3
    arabic = page.locator("#spellings .spelling").first
    assert arabic.evaluate("el => getComputedStyle(el).direction") == "rtl"
    _shot(page, "entity")
    page.locator("#co-actors svg.graph a").first.click()
    page.wait_for_url(re.compile(r"/entities/"))
    assert "/entities/per%3Awang-yi" not in page.url and "/entities/per:wang-yi" not in page.url
    _no_console_errors(page)
