"""`segraph map` pages in a real browser (Debian's chromium through playwright), offline:
every request that is not the page's own file is blocked and recorded."""

from __future__ import annotations

import math
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright import sync_api
from rdflib import Graph

import segraph
from segraph.drawing import MapPage, MapSpec, write_map
from segraph.drawing.seoul import SEOUL_DISTRICTS
from segraph.network.communities import detect_communities
from segraph.network.views import collaboration_network
from tests.conftest import FIXTURES

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(
        "browser tests need Debian's chromium at /usr/bin/chromium (apt-get install chromium)",
        allow_module_level=True,
    )

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ORG = "https://w3id.org/segraph/id/org/"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class OfflinePage:
    """A browser tab that opens a map with the network cut off and records what went wrong."""

    def __init__(
        self, browser: Any, path: Path, hash: str = "", viewport: dict[str, int] | None = None
    ) -> None:
        self.blocked: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport=viewport or {"width": 1400, "height": 900})
        self.page.route("**/*", self._route)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else 0)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("requestfailed", lambda request: self.failed.append(request.url))
        self.page.on("dialog", self._dialog)
        self.page.goto(path.resolve().as_uri() + (f"#{hash}" if hash else ""))
        self.page.wait_for_selector("body[data-ready=true]", timeout=60_000)

    def _route(self, route: Any) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)

    def shown(self) -> set[str]:
        return set(self.js("segraphMap.shown()"))

    def assert_clean(self) -> None:
        assert self.blocked == [] and self.failed == []
        assert self.errors == []
        assert self.dialogs == []


@pytest.fixture(scope="module")
def seoul_page(
    browser: Any, seoul_graph: Graph, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[OfflinePage, MapPage]]:
    path = tmp_path_factory.mktemp("map") / "seoul.html"
    page = write_map(seoul_graph, path)
    tab = OfflinePage(browser, path)
    yield tab, page
    tab.page.close()


def test_the_bundled_map_opens_offline_with_every_node(
    seoul_page: tuple[OfflinePage, MapPage], tmp_path_factory: pytest.TempPathFactory
) -> None:
    tab, page = seoul_page
    tab.assert_clean()
    assert tab.js("segraphMap.network.body.data.nodes.length") == page.nodes
    assert tab.js("Object.keys(segraphMap.network.getPositions()).length") == page.nodes
    assert tab.js("segraphMap.edges.length") == page.edges
    assert page.nodes == page.view.network.number_of_nodes() > 100
    shot = tmp_path_factory.mktemp("screenshots") / "seoul-map.png"
    tab.page.screenshot(path=str(shot))
    assert shot.stat().st_size > 50_000


def test_search_by_part_of_a_korean_name_selects_and_centres(
    seoul_page: tuple[OfflinePage, MapPage],
) -> None:
    tab, page = seoul_page
    network = page.view.network
    # a fragment of one organisation's Korean name that no other name contains
    names = {n: str(a["label_ko"]).replace(" ", "") for n, a in network.nodes(data=True)}
    target, fragment = next(
        (node, name[1:4])
        for node, name in sorted(names.items())
        if len(name) > 5 and sum(name[1:4] in other for other in names.values()) == 1
    )
    tab.page.fill("#search", fragment)
    tab.page.press("#search", "Enter")
    assert tab.js("segraphMap.network.getSelectedNodes()") == [target]
    # the view glides to the node (an animation): wait until it is centred on it
    tab.page.wait_for_function(
        """id => { const n = segraphMap.network, p = n.getPositions([id])[id],
                   c = n.getViewPosition(); return Math.hypot(p.x - c.x, p.y - c.y) < 5; }""",
        arg=target,
        timeout=10_000,
    )
    tab.page.click("#reset")
    tab.assert_clean()


def test_a_district_filter_hides_the_others(seoul_page: tuple[OfflinePage, MapPage]) -> None:
    tab, page = seoul_page
    network = page.view.network
    in_district = {n for n, a in network.nodes(data=True) if a["district"] == "11440"}
    assert in_district
    tab.page.select_option("#filter-district", "11440")
    assert tab.shown() == in_district
    enterprises = {n for n in in_district if network.nodes[n]["kind"] == "enterprise"}
    tab.page.select_option("#filter-kind", "enterprise")
    assert tab.shown() == enterprises
    tab.page.click("#reset")
    assert len(tab.shown()) == page.nodes
    # a click on a legend colour hides that group, a second click shows it again
    teams = {n for n, a in network.nodes(data=True) if a["kind"] == "team"}
    tab.page.click('#legend li[data-group="team"]')
    assert tab.shown() == set(network) - teams
    tab.page.click('#legend li[data-group="team"]')
    assert len(tab.shown()) == page.nodes


def test_the_language_switch_changes_labels(seoul_page: tuple[OfflinePage, MapPage]) -> None:
    tab, page = seoul_page
    node, attrs = next(
        (n, a) for n, a in sorted(page.view.network.nodes(data=True)) if a["label_en"]
    )
    label = "id => segraphMap.labelOf(id)"
    assert tab.js(label, node) == attrs["label_ko"]
    tab.page.click("#lang")
    assert tab.js(label, node) == attrs["label_en"]
    assert tab.page.inner_text("#lang") == "한국어"
    assert tab.page.inner_text("#title") == tab.page.title() == page.view.title[1]
    assert tab.page.get_attribute("#search", "placeholder").startswith("Find by name")
    tab.page.click("#lang")
    assert tab.js(label, node) == attrs["label_ko"]


def test_clicking_a_node_highlights_its_neighbourhood(
    seoul_page: tuple[OfflinePage, MapPage],
) -> None:
    tab, page = seoul_page
    network = page.view.network
    node = max(sorted(network), key=network.degree)
    click_node(tab, node)
    assert set(tab.js("segraphMap.highlighted()")) == {node, *network[node]}
    # the neighbourhood is labelled, and only it
    labelled = {label["id"] for label in tab.js("segraphMap.labels()")}
    assert node in labelled and labelled <= {node, *network[node]}
    tab.page.click("#reset")


@pytest.fixture(scope="module")
def xss_tab(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[OfflinePage]:
    path = tmp_path_factory.mktemp("xss") / "xss.html"
    write_map(segraph.build_graph(data=[FIXTURES / "xss"]), path, MapSpec(title="<b>t</b>"))
    tab = OfflinePage(browser, path)
    yield tab
    tab.page.close()


def test_markup_in_names_stays_text(xss_tab: OfflinePage) -> None:
    tab = xss_tab
    label = tab.js("id => segraphMap.labelOf(id)", ORG + "img")
    assert label == "<img src=x onerror=alert(1)>"
    # hover every node so that its tooltip is shown; keep what each tooltip says
    tooltips = []
    for node in tab.js("segraphMap.nodes.getIds()"):
        position = tab.js(
            "id => segraphMap.network.canvasToDOM(segraphMap.network.getPositions([id])[id])", node
        )
        box = tab.page.locator("#network").bounding_box()
        tab.page.mouse.move(box["x"] + position["x"], box["y"] + position["y"])
        tab.page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
        tooltips.append(tab.page.inner_text("div.vis-tooltip"))
        tab.page.mouse.move(1, 1)
    tab.page.fill("#search", "img")  # the search list shows names too
    tab.page.wait_for_timeout(100)
    assert "<img src=x onerror=alert(1)>" in tab.page.inner_text("#search-results")
    assert tab.js("document.querySelectorAll('img, svg:not(#legend svg), b').length") == 0
    assert tab.page.title() == "<b>t</b>"
    assert tab.page.inner_text("#title") == "<b>t</b>"
    assert any("<img src=x onerror=alert(1)>" in text for text in tooltips)
    tab.assert_clean()


def test_the_district_layout_places_nodes_at_their_district(
    browser: Any, seoul_graph: Graph, tmp_path: Path
) -> None:
    path = tmp_path / "district.html"
    page = write_map(seoul_graph, path, MapSpec(layout="district", color_by="district"))
    tab = OfflinePage(browser, path)
    tab.assert_clean()
    assert tab.js("segraphMap.network.physics.physicsEnabled") is False
    positions = tab.js("segraphMap.network.getPositions()")
    checked = 0
    for node, attrs in page.view.network.nodes(data=True):
        if attrs["district"] not in SEOUL_DISTRICTS:
            continue
        here = (positions[node]["x"], positions[node]["y"])
        nearest = min(SEOUL_DISTRICTS.values(), key=lambda d: math.dist(here, d.anchor))
        assert nearest.code == attrs["district"]
        checked += 1
    assert checked >= 25
    note = tab.page.inner_text("#note")
    assert re.search("자치구 배치", note)
    shutil.copy(path, tmp_path / "kept.html")
    tab.page.close()


@pytest.fixture(scope="module")
def community_page(
    browser: Any, seoul_graph: Graph, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[OfflinePage, MapPage]]:
    path = tmp_path_factory.mktemp("community") / "communities.html"
    page = write_map(seoul_graph, path, MapSpec(level="community"))
    tab = OfflinePage(browser, path)
    yield tab, page
    tab.page.close()


def click_node(tab: OfflinePage, node: str) -> None:
    """Click ``node`` where vis-network draws it."""
    x, y = tab.js(
        "id => { const n = segraphMap.network; n.moveTo({position: n.getPositions([id])[id],"
        " scale: 1, animation: false}); return n.canvasToDOM(n.getPositions([id])[id]); }",
        node,
    ).values()
    tab.page.mouse.click(x, y + tab.page.locator("#network").bounding_box()["y"])


def test_clicking_a_community_shows_its_members_and_back(
    community_page: tuple[OfflinePage, MapPage], tmp_path_factory: pytest.TempPathFactory
) -> None:
    tab, page = community_page
    network = collaboration_network(segraph.build_graph())
    communities = detect_communities(network).communities
    assert tab.js("segraphMap.nodes.length") == page.nodes
    assert page.nodes == sum(len(c) > 1 for c in communities) + any(
        len(c) == 1 for c in communities
    )
    legend_size = "document.querySelectorAll('#legend h2')[1].textContent"
    assert tab.js(legend_size) == "크기: 구성원 수"  # a community's size is its members
    click_node(tab, "community:2")
    tab.page.wait_for_selector("body[data-view='2']")
    assert tab.js(legend_size) == "크기: 연결 중심성(연결 수)"  # an organisation's, its degree
    assert tab.shown() == set(communities[1])
    assert tab.js("segraphMap.edges.length") == network.subgraph(communities[1]).number_of_edges()
    assert tab.page.is_visible("#back")
    shot = tmp_path_factory.mktemp("screenshots") / "community-2.png"
    tab.page.screenshot(path=str(shot))
    tab.page.click("#back")
    tab.page.wait_for_selector("body[data-view=overview]")
    assert tab.js("segraphMap.nodes.length") == page.nodes
    assert not tab.page.is_visible("#back")
    tab.assert_clean()


def test_search_opens_the_community_of_an_organisation(
    community_page: tuple[OfflinePage, MapPage],
) -> None:
    tab, page = community_page
    network = page.view.network
    communities = detect_communities(collaboration_network(segraph.build_graph())).communities
    names = {n: str(a["label_ko"]).replace(" ", "") for n, a in network.nodes(data=True)}
    target, fragment = next(
        (node, names[node][1:4])
        for node in communities[2]
        if len(names[node]) > 5 and sum(names[node][1:4] in other for other in names.values()) == 1
    )
    tab.page.fill("#search", fragment)
    tab.page.press("#search", "Enter")
    tab.page.wait_for_selector("body[data-view='3']")
    assert tab.js("segraphMap.network.getSelectedNodes()") == [target]
    assert tab.shown() == set(communities[2])
    tab.page.click("#lang")  # the language switch works inside a community
    english = network.nodes[target]["label_en"] or page.view.romanised.get(target)
    assert tab.js("id => segraphMap.labelOf(id)", target) == english
    tab.page.click("#lang")
    tab.page.click("#reset")
    tab.page.wait_for_selector("body[data-view=overview]")
    tab.assert_clean()


def test_markup_in_names_stays_text_in_a_community(
    browser: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("xss-community") / "xss.html"
    write_map(segraph.build_graph(data=[FIXTURES / "xss"]), path, MapSpec(level="community"))
    tab = OfflinePage(browser, path)
    tab.page.fill("#search", "img")
    tab.page.press("#search", "Enter")
    tab.page.wait_for_selector("body[data-view]:not([data-view=overview])")
    assert tab.js("id => segraphMap.labelOf(id)", ORG + "img") == ("<img src=x onerror=alert(1)>")
    tab.page.wait_for_function(  # the view glides to the organisation found
        """id => { const n = segraphMap.network, p = n.getPositions([id])[id],
                   c = n.getViewPosition(); return Math.hypot(p.x - c.x, p.y - c.y) < 5; }""",
        arg=ORG + "img",
        timeout=10_000,
    )
    position = tab.js(
        "id => segraphMap.network.canvasToDOM(segraphMap.network.getPositions([id])[id])",
        ORG + "img",
    )
    box = tab.page.locator("#network").bounding_box()
    tab.page.mouse.move(box["x"] + position["x"], box["y"] + position["y"])
    tab.page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
    assert "<img src=x onerror=alert(1)>" in tab.page.inner_text("div.vis-tooltip")
    assert tab.js("document.querySelectorAll('img, svg:not(#legend svg), b').length") == 0
    tab.assert_clean()
    tab.page.close()
