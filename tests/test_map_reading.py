"""Reading a `segraph map` page in a real browser (Debian's chromium, offline): labels at the
opening view, the details panel, arrows, the URL hash, exports, isolates, narrow screens and
the keyboard. Expected values come from the networkx view the page is drawn from."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph

from segraph.drawing import MapPage, write_map
from segraph.network.read import formal_tie_rows
from tests.test_map_browser import OfflinePage, browser, click_node  # noqa: F401

TOP = 20


@pytest.fixture(scope="module")
def seoul(
    browser: Any,  # noqa: F811
    seoul_graph: Graph,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[OfflinePage, MapPage, Path]]:
    path = tmp_path_factory.mktemp("reading") / "seoul.html"
    page = write_map(seoul_graph, path)
    tab = OfflinePage(browser, path)
    yield tab, page, path
    tab.page.close()


@pytest.fixture
def fresh(seoul: tuple[OfflinePage, MapPage, Path]) -> tuple[OfflinePage, MapPage, Path]:
    """The Seoul map as it opens: in Korean, no filter, nothing selected."""
    tab = seoul[0]
    tab.page.click("#reset")
    if tab.js("document.documentElement.lang") != "ko":
        tab.page.click("#lang")
    return seoul


def most_central(page: MapPage, count: int) -> tuple[set[str], int]:
    """The organisations whose degree is above the ``count``-th largest (all must be labelled)
    and that degree (ties with it may or may not be among the first ``count``)."""
    degree = page.view.measures["degree"]
    cut = sorted(degree.values(), reverse=True)[count - 1]
    return {n for n, d in degree.items() if d > cut}, int(cut)


def assert_readable(tab: OfflinePage, page: MapPage) -> list[dict[str, Any]]:
    labels = tab.js("segraphMap.labels()")
    above, cut = most_central(page, TOP)
    labelled = {label["id"] for label in labels}
    assert above <= labelled
    degree = page.view.measures["degree"]
    assert sum(degree[i] >= cut for i in labelled) >= TOP
    box = tab.page.locator("#network").bounding_box()
    for label in labels:
        assert label["px"] >= 12  # CSS pixels on the screen, whatever the zoom
        x0, y0, x1, y1 = label["box"]
        if label["id"] in above:
            assert x0 >= 0 and x1 <= box["width"] and y0 >= 0 and y1 <= box["height"]
    for i, a in enumerate(labels):  # no two labels overlap
        for b in labels[i + 1 :]:
            apart = a["box"][2] <= b["box"][0] or b["box"][2] <= a["box"][0]
            assert apart or a["box"][3] <= b["box"][1] or b["box"][3] <= a["box"][1]
    return labels


def test_the_most_central_organisations_are_labelled_at_the_opening_view(
    fresh: tuple[OfflinePage, MapPage, Path],
) -> None:
    tab, page, _ = fresh
    assert tab.page.is_hidden("#loading")  # the loading indicator went once the map was drawn
    labels = assert_readable(tab, page)
    names = {n: a["label_ko"] for n, a in page.view.network.nodes(data=True)}
    assert all(label["text"] == names[label["id"]] for label in labels)
    tab.page.click("#lang")  # in English too
    english = assert_readable(tab, page)
    network = page.view.network
    for label in english:
        attrs = network.nodes[label["id"]]
        assert label["text"] == (attrs["label_en"] or page.view.romanised.get(label["id"]))
    tab.page.click("#lang")
    # zoomed in, more names find room
    tab.js("segraphMap.network.moveTo({scale: segraphMap.network.getScale() * 3})")
    tab.js("segraphMap.network.redraw()")
    zoomed = tab.js("segraphMap.labels()")
    assert all(label["px"] >= 12 for label in zoomed)
    tab.page.click("#reset")
    tab.assert_clean()


def test_a_filter_refits_the_view_and_lists_what_is_shown(
    fresh: tuple[OfflinePage, MapPage, Path],
) -> None:
    tab, page, _ = fresh
    network = page.view.network
    shown = {n for n, a in network.nodes(data=True) if a["district"] == "11380"}  # 은평구
    tab.page.select_option("#filter-district", "11380")
    box = tab.page.locator("#network").bounding_box()
    for node in shown:
        p = tab.js(
            "id => segraphMap.network.canvasToDOM(segraphMap.network.getPositions([id])[id])", node
        )
        assert 0 <= p["x"] <= box["width"] and 0 <= p["y"] <= box["height"]
    listed = tab.js("[...document.querySelectorAll('#visible-list button')].map(b => b.dataset.id)")
    assert set(listed) == shown
    degrees = [page.view.measures["degree"][n] for n in listed]
    assert degrees == sorted(degrees, reverse=True)  # by the size measure
    tab.page.select_option("#sort", "name")
    names = tab.js("[...document.querySelectorAll('#visible-list button')].map(b => b.textContent)")
    assert names == sorted(names, key=lambda n: n) or len(names) == len(shown)
    tab.page.click("#reset")
    tab.assert_clean()


def test_a_click_opens_the_details_panel(fresh: tuple[OfflinePage, MapPage, Path]) -> None:
    tab, page, _ = fresh
    network = page.view.network
    node = max(  # the organisation with the most to show
        sorted(n for n, a in network.nodes(data=True) if a["district"]),
        key=lambda n: (
            any(network[n][m]["ties"] for m in network[n]),
            bool(network.nodes[n]["designations"]),
            len(page.view.participations.get(n, [])),
        ),
    )
    attrs = network.nodes[node]
    click_node(tab, node)
    tab.page.wait_for_selector("#details:not([hidden])")
    details = tab.page.inner_text("#details")
    assert attrs["label_ko"] in details and attrs["district_ko"] in details
    kind = page.view.terms.name("kind", attrs["kind"])[0]
    assert kind in details
    for code in filter(None, attrs["designations"].split(";")):
        assert page.view.terms.name("designation", code)[0] in details
    for taken in page.view.participations[node]:
        assert page.view.programs[taken.program]["label_ko"] in details
        for role in taken.roles:
            assert page.view.terms.name("role", role)[0] in details
        for year in taken.years:
            assert year in details
    assert "연결 중심성" in details  # the measures
    ids = tab.js("[...document.querySelectorAll('#details button.link')].map(b => b.dataset.id)")
    assert set(ids) == set(network[node])  # every neighbour, grouped by tie type
    formal = next(m for m in sorted(network[node]) if network[node][m]["ties"])
    tie = network[node][formal]["ties"].split(";")[0]
    assert page.view.terms.name("tie", tie)[0] in details
    tab.page.click(f'#details button.link[data-id="{formal}"]')  # a neighbour is clickable
    assert tab.js("segraphMap.highlighted()[0]") == formal
    assert network.nodes[formal]["label_ko"] in tab.page.inner_text("#details")
    tab.page.click("#details .close")
    assert tab.page.is_hidden("#details")
    tab.assert_clean()


def test_directed_ties_have_arrows_and_edge_tooltips_name_both_ends(
    fresh: tuple[OfflinePage, MapPage, Path], seoul_graph: Graph
) -> None:
    tab, page, _ = fresh
    network = page.view.network
    checked = 0
    for a, b, tie in formal_tie_rows(seoul_graph):
        if tie not in ("supports", "operates", "funds", "member") or not network.has_edge(a, b):
            continue
        edge = tab.js(
            """([a, b]) => { const e = segraphMap.edges.get({filter: e =>
                 (e.from === a && e.to === b) || (e.from === b && e.to === a)})[0];
               return {from: e.from, to: e.to, arrows: e.arrows, tip: e.title.textContent}; }""",
            [a, b],
        )
        forward = edge["from"] == a
        assert edge["arrows"]["to" if forward else "from"]["enabled"] is True
        assert network.nodes[a]["label_ko"] in edge["tip"]
        assert network.nodes[b]["label_ko"] in edge["tip"]
        checked += 1
    assert checked >= 10
    undirected = tab.js(
        "segraphMap.edges.get({filter: e => !e.ties}).filter(e => e.arrows.to.enabled"
        " || e.arrows.from.enabled).length"
    )
    assert undirected == 0  # shared programs only: no arrow


def test_the_view_lives_in_the_url_hash_and_back_steps_through_it(
    fresh: tuple[OfflinePage, MapPage, Path],
    browser: Any,  # noqa: F811
) -> None:
    tab, page, path = fresh
    network = page.view.network
    node = max(sorted(n for n, a in network.nodes(data=True) if a["district"] == "11380"),
               key=network.degree)  # fmt: skip
    tab.page.select_option("#filter-district", "11380")
    tab.page.click("#lang")
    tab.js("id => segraphMap.select(id)", node)
    tab.page.wait_for_function(  # the camera is saved once it has come to rest
        "location.hash.includes('zoom=' + segraphMap.network.getScale().toFixed(3))"
    )
    url = tab.page.url
    assert "district=11380" in url and "lang=en" in url and "node=" in url
    scale = tab.js("segraphMap.network.getScale()")
    other = OfflinePage(browser, path, hash=url.split("#", 1)[1])
    assert other.page.input_value("#filter-district") == "11380"
    assert other.page.inner_text("#lang") == "한국어"
    assert other.js("segraphMap.highlighted()[0]") == node
    assert other.page.is_visible("#details")
    assert abs(other.js("segraphMap.network.getScale()") - scale) < 0.01
    other.assert_clean()
    other.page.close()
    tab.page.go_back()  # the selection goes, language and filter stay
    tab.page.wait_for_function("segraphMap.highlighted().length === 0")
    assert tab.page.input_value("#filter-district") == "11380"
    tab.page.go_back()  # then the language
    tab.page.wait_for_function("document.documentElement.lang === 'ko'")
    tab.page.click("#reset")
    tab.assert_clean()


def test_the_view_exports_as_png_and_csv(
    fresh: tuple[OfflinePage, MapPage, Path], tmp_path: Path
) -> None:
    tab, page, _ = fresh
    network = page.view.network
    tab.page.select_option("#filter-kind", "network")
    shown = {n for n, a in network.nodes(data=True) if a["kind"] == "network"}
    files = {}
    for button in ("#export-png", "#export-nodes", "#export-edges"):
        with tab.page.expect_download() as download:
            tab.page.click(button)
        target = tmp_path / download.value.suggested_filename
        download.value.save_as(target)
        files[button] = target
    assert files["#export-png"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert files["#export-png"].stat().st_size > 10_000
    rows = list(csv.DictReader(io.StringIO(files["#export-nodes"].read_text("utf-8-sig"))))
    assert {row["id"] for row in rows} == shown
    assert all(row["name_ko"] == network.nodes[row["id"]]["label_ko"] for row in rows)
    ties = list(csv.DictReader(io.StringIO(files["#export-edges"].read_text("utf-8-sig"))))
    expected = {frozenset(e) for e in network.subgraph(shown).edges}
    assert {frozenset((row["source"], row["target"])) for row in ties} == expected
    tab.page.click("#reset")
    tab.assert_clean()


def test_isolated_organisations_sit_apart_and_can_be_hidden(
    fresh: tuple[OfflinePage, MapPage, Path],
) -> None:
    tab, page, _ = fresh
    network = page.view.network
    alone = {n for n in network if network.degree(n) == 0}
    assert alone
    positions = tab.js("segraphMap.network.getPositions()")
    right = max(positions[n]["x"] for n in network if n not in alone)
    assert all(positions[n]["x"] > right for n in alone)  # a block beside the others
    tab.page.check("#isolates")
    assert tab.shown() == set(network) - alone
    tab.page.click("#reset")
    assert len(tab.shown()) == len(network)


def test_the_keyboard_reaches_search_results_and_the_legend(
    fresh: tuple[OfflinePage, MapPage, Path],
) -> None:
    tab, page, _ = fresh
    tab.page.fill("#search", "협동조합")
    tab.page.wait_for_selector("#search-results li.active")
    options = tab.js(
        "[...document.querySelectorAll('#search-results li')].map(li => li.firstChild.textContent)"
    )
    tab.page.press("#search", "ArrowDown")
    tab.page.press("#search", "Enter")
    chosen = tab.js("segraphMap.highlighted()[0]")
    assert tab.js("id => segraphMap.labelOf(id)", chosen) == options[1]
    tab.page.focus('#legend li[data-group="team"]')
    tab.page.keyboard.press("Enter")
    teams = {n for n, a in page.view.network.nodes(data=True) if a["kind"] == "team"}
    assert not (tab.shown() & teams)
    assert tab.page.get_attribute('#legend li[data-group="team"]', "aria-pressed") == "false"
    for control in ("#search", "#filter-district", "#filter-kind", "#filter-program"):
        assert tab.page.get_attribute(control, "aria-label")
    tab.page.click("#reset")
    tab.assert_clean()


def test_a_narrow_screen_puts_the_panel_below_the_map(
    browser: Any,  # noqa: F811
    fresh: tuple[OfflinePage, MapPage, Path],
) -> None:
    _, _, path = fresh
    tab = OfflinePage(browser, path, viewport={"width": 390, "height": 844})
    network = tab.page.locator("#network").bounding_box()
    panel = tab.page.locator("#panel").bounding_box()
    assert network["width"] >= 370 and network["height"] >= 300
    assert panel["y"] >= network["y"] + network["height"] - 1
    tab.page.click("#panel-toggle")
    assert tab.page.is_hidden("#panel")
    assert tab.page.get_attribute("#panel-toggle", "aria-expanded") == "false"
    assert len(tab.js("segraphMap.labels()")) >= 10
    tab.assert_clean()
    tab.page.close()
