"""Tests of the written HTML page in a real headless Chromium, driven by playwright.

Skipped (with the reason) only when /usr/bin/chromium or the playwright package is missing.
A screenshot is kept in test-artifacts/ at the repository root.
"""
from __future__ import annotations

import importlib.util
import os
import tempfile
from pathlib import Path
from urllib.parse import urlparse

import pytest

from kg.prefixes import PREFIXES
from kg.view import ViewOptions, write_html


def _sibling(name: str):
    """Import a test module beside this one (pytest runs with --import-mode=importlib)."""
    spec = importlib.util.spec_from_file_location(f"_kg_{name}", Path(__file__).with_name(f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# the hand-made graph of the unit tests; it would move to conftest.py as a fixture
_graphs = _sibling("test_view")
EVIL_NAME, EVIL_SENTENCE = _graphs.EVIL_NAME, _graphs.EVIL_SENTENCE
small_graph, small_ontology = _graphs.small_graph, _graphs.small_ontology

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ALLOWED_SCHEMES = {"file", "data", "about"}
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
ID = PREFIXES["kgid"]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser_context():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is missing (apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright package is missing (pip install playwright)")
    with tempfile.TemporaryDirectory(prefix="kg-chromium-") as profile, sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, args=ARGS,
            viewport={"width": 1280, "height": 860})
        yield context
        context.close()


class Visit:
    """A loaded page with every request, console error and page error it produced."""

    def __init__(self, context, path: Path) -> None:
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.page = context.new_page()
        self.page.route("**/*", self._route)
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("body[data-ready=true]", state="attached", timeout=60_000)

    def _route(self, route) -> None:
        url = route.request.url
        self.requests.append(url)
        if urlparse(url).scheme in ALLOWED_SCHEMES:
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def visible(self) -> set[str]:
        return set(self.js("kgView.visibleNodeIds()"))


@pytest.fixture()
def visit(browser_context, tmp_path):
    opened = []

    def open_page(options: ViewOptions = ViewOptions()) -> Visit:
        path = tmp_path / "view.html"
        write_html(small_graph(), path, ontology=small_ontology(), options=options)
        opened.append(Visit(browser_context, path))
        return opened[-1]

    yield open_page
    for page in opened:
        page.page.close()


def test_page_loads_offline_without_errors_and_draws(visit):
    v = visit()
    assert v.errors == []
    assert v.blocked == []
    assert all(urlparse(u).scheme in ALLOWED_SCHEMES for u in v.requests)
    assert len(v.visible()) == 15
    colours = v.js("""() => {
        const canvas = document.querySelector('#kg-network canvas');
        const ctx = canvas.getContext('2d');
        const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        const seen = new Set();
        for (let i = 0; i < pixels.length; i += 4 * 97) {
            seen.add(pixels[i] + ',' + pixels[i + 1] + ',' + pixels[i + 2] + ',' + pixels[i + 3]);
        }
        return seen.size;
    }""")
    assert colours > 5, "the canvas is blank"
    ARTIFACTS.mkdir(exist_ok=True)
    v.page.screenshot(path=str(ARTIFACTS / "view.png"))
    shot = v.page.locator("#kg-network").screenshot()
    assert len(set(shot[200:])) > 50  # a uniform PNG compresses to a handful of byte values


def test_search_lists_actors_and_selects(visit):
    v = visit()
    v.page.fill("#kg-search", "putin")
    assert v.page.locator("#kg-results li").all_inner_texts() == ["Vladimir Putin (person)"]
    v.page.click("#kg-results li button")
    assert v.js("kgView.network.getSelectedNodes()") == [ID + "actor/putin"]
    link = v.page.locator("#kg-details a")
    assert link.get_attribute("href") == "https://www.wikidata.org/wiki/Q7747"
    v.page.fill("#kg-search", "dprk")  # alternative names are searched too
    assert v.page.locator("#kg-results li").all_inner_texts() == ["North Korea (country)"]


def test_type_quad_and_date_filters_change_what_is_shown(visit):
    v = visit()
    v.page.uncheck(".kg-type[value=MissileTest]")
    assert ID + "event/test" not in v.visible()
    assert len(v.visible()) == 13  # with a filter on, Moscow (in no event) goes too
    v.js("kgView.setTypes(['Visit', 'Summit'])")
    assert v.visible() == {ID + e for e in ("event/visit", "event/summit", "actor/putin", "actor/kim",
                                          "actor/nk", "actor/pyongyang")}
    v.js("kgView.setTypes([])")
    assert v.visible() == set()
    v.page.check(".kg-type[value=Sanction]")
    v.page.check(".kg-type[value=Criticism]")
    assert {i for i in v.visible() if "/event/" in i} == {ID + "event/sanction", ID + "event/criticism"}
    v.js("kgView.setTypes(Array.from(document.querySelectorAll('.kg-type')).map(b => b.value))")
    v.page.uncheck(".kg-quad[value=MaterialConflict]")
    events = {i for i in v.visible() if "/event/" in i}
    assert ID + "event/test" not in events and ID + "event/sanction" not in events
    v.js("kgView.setQuads(['VerbalCooperation','MaterialCooperation','VerbalConflict','MaterialConflict','other'])")
    v.page.fill("#kg-since", "2024-09-02")
    v.page.dispatch_event("#kg-since", "change")
    events = {i for i in v.visible() if "/event/" in i}
    assert events == {ID + "event/" + k for k in ("test", "sanction", "criticism", "odd")}
    v.js("kgView.setDates('', '')")
    assert len(v.visible()) == 15
    assert v.errors == []


def test_actor_network_and_focus(visit):
    v = visit()
    v.page.check("input[name=kg-mode][value=actors]")
    shown = v.visible()
    assert shown and not any("/event/" in i for i in shown)
    assert ID + "actor/pyongyang" not in shown  # places are not actors
    ties = v.js("kgView.visibleEdgeIds().map(id => kgView.edges.get(id))")
    assert len(ties) == 5 and all(t["value"] >= 1 for t in ties)
    v.js("kgView.setMode('events')")
    v.js(f"kgView.select('{ID}actor/putin')")
    v.page.fill("#kg-hops", "1")
    v.page.click("#kg-focus")
    assert v.visible() == {ID + e for e in ("actor/putin", "event/visit", "event/summit", "actor/kim",
                                          "actor/nk", "actor/pyongyang")}
    v.page.click("#kg-unfocus")
    assert len(v.visible()) == 15
    assert v.errors == []


def test_injected_names_show_as_text_and_run_nothing(visit):
    v = visit()
    assert v.js("window.__pwned") is None
    assert v.js("document.querySelectorAll('img').length") == 0
    v.page.fill("#kg-search", "onerror")
    assert v.page.locator("#kg-results li").all_inner_texts() == [f"{EVIL_NAME} (group)"]
    # hover the statement event: its tooltip shows the hostile sentence as text
    event = ID + "event/evil"
    point = v.js("""(id) => {
        const net = kgView.network;
        net.moveTo({position: net.getPositions([id])[id], scale: 1.0, animation: false});
        const dom = net.canvasToDOM(net.getPositions([id])[id]);
        const box = document.getElementById('kg-network').getBoundingClientRect();
        return {x: box.left + dom.x, y: box.top + dom.y};
    }""", event)
    v.page.mouse.move(point["x"], point["y"])
    v.page.wait_for_selector("#kg-tooltip:not([hidden])", timeout=5_000)
    tooltip = v.page.inner_text("#kg-tooltip")
    assert EVIL_SENTENCE in tooltip
    assert EVIL_NAME in tooltip  # the agent's name
    assert v.js("document.querySelectorAll('#kg-tooltip *:not(div,h3,dl,dt,dd,blockquote)').length") == 0
    v.js(f"kgView.select('{ID}actor/evil')")
    assert EVIL_NAME in v.page.inner_text("#kg-details")
    assert v.js("window.__pwned") is None
    assert v.errors == []


def test_truncated_page_says_so(visit):
    v = visit(ViewOptions(max_nodes=6, title="<script>window.__pwned=3</script>"))
    assert "Showing 6 of 15 nodes" in v.page.inner_text("#kg-notice")
    assert v.page.inner_text("#kg-title") == "<script>window.__pwned=3</script>"
    assert len(v.visible()) == 6
    assert v.js("window.__pwned") is None
