"""A map of more than 1,500 organisations in a real browser (Debian's chromium, offline).

Above 1,500 nodes the page draws nodes and ties itself (vis-network keeps placement,
hit-testing and the camera): the pixels on the canvas must still be the nodes and ties of the
graph, filters must remove them, and a click must still find the organisation under the mouse.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import networkx as nx
import pytest

from segraph.dataset.synthetic import SynthConfig, write_synthetic
from segraph.drawing import MapPage, MapSpec, write_map
from segraph.rdf.build import build_graph
from tests.test_map_browser import OfflinePage, browser  # noqa: F401

ORGANISATIONS = 1_600  # above the page's 1,500-node threshold

NEXT_FRAME = "() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)))"

# the colour of the canvas pixel at a point of the map (CSS px of the network frame), or none
PIXEL = """([x, y]) => {
  const canvas = document.querySelector("#network canvas");
  const ratio = canvas.width / canvas.clientWidth;
  const at = [Math.round(x * ratio), Math.round(y * ratio)];
  const [r, g, b, a] = canvas.getContext("2d").getImageData(at[0], at[1], 1, 1).data;
  if (a === 0) return "none"; // nothing drawn there
  return "#" + [r, g, b].map((v) => v.toString(16).padStart(2, "0")).join("").toUpperCase();
}"""

BLANK = ("none", "#FFFFFF")

# the screen point of every node shown, its radius there, and the label boxes drawn
SCREEN = """() => {
  const net = segraphMap.network, scale = net.getScale();
  const nodes = {}, hidden = {}, shown = new Set(segraphMap.shown());
  for (const n of segraphMap.nodes.get()) {
    const p = net.canvasToDOM(net.getPositions([n.id])[n.id]);
    (shown.has(n.id) ? nodes : hidden)[n.id] = [p.x, p.y, n.size * scale, n.color];
  }
  return { nodes, hidden, labels: segraphMap.labels().map((l) => l.box) };
}"""


@pytest.fixture(scope="module")
def large(
    browser: Any,  # noqa: F811
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[OfflinePage, MapPage]]:
    folder = tmp_path_factory.mktemp("large")
    write_synthetic(SynthConfig(orgs=ORGANISATIONS, seed=3), folder / "data")
    graph = build_graph(data=[folder / "data"])
    page = write_map(graph, folder / "large.html", MapSpec(level="organisation"))
    tab = OfflinePage(browser, folder / "large.html")
    yield tab, page
    tab.page.close()


def free_points(
    screen: dict[str, Any], frame: tuple[float, float], count: int
) -> list[tuple[str, float, float]]:
    """Up to ``count`` nodes whose centre is on screen, 2 px from any label and any other node."""
    nodes, labels = screen["nodes"], screen["labels"]
    width, height = frame
    found = []
    for node, (x, y, r, _) in sorted(nodes.items()):
        if not (r < x < width - r and r < y < height - r) or r < 2:
            continue
        if any(a - 2 <= x <= c + 2 and b - 2 <= y <= d + 2 for a, b, c, d in labels):
            continue
        if any(
            o != node and (x - ox) ** 2 + (y - oy) ** 2 <= (r + orr + 2) ** 2
            for o, (ox, oy, orr, _) in nodes.items()
        ):
            continue
        found.append((node, x, y))
        if len(found) == count:
            break
    return found


def covered_at(x: float, y: float, screen: dict[str, Any]) -> bool:
    """Whether a shown node or a label is within 3 px of the point."""
    return any(
        (x - cx) ** 2 + (y - cy) ** 2 <= (r + 3) ** 2 for cx, cy, r, _ in screen["nodes"].values()
    ) or any(a - 3 <= x <= c + 3 and b - 3 <= y <= d + 3 for a, b, c, d in screen["labels"])


def near_segment(
    x: float, y: float, segments: list[tuple[list[float], list[float]]], margin: float
) -> bool:
    """Whether the point is within ``margin`` px of one of the segments."""
    for (ax, ay), (bx, by) in segments:
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / ((dx * dx + dy * dy) or 1.0)))
        if (x - ax - t * dx) ** 2 + (y - ay - t * dy) ** 2 <= margin**2:
            return True
    return False


def zoom_in(tab: OfflinePage) -> None:
    """Reset the map, then centre it on its most central organisation at scale 1.5."""
    tab.page.click("#reset")
    tab.js(
        """() => { const net = segraphMap.network, top = segraphMap.labels()[0].id;
        net.moveTo({ position: net.getPositions([top])[top], scale: 1.5, animation: false }); }"""
    )
    tab.js(NEXT_FRAME)


def frame_size(tab: OfflinePage) -> tuple[float, float]:
    box = tab.page.locator("#network").bounding_box()
    return box["width"], box["height"]


def test_the_page_draws_every_node_itself_in_its_colour(
    large: tuple[OfflinePage, MapPage],
) -> None:
    tab, page = large
    zoom_in(tab)
    assert page.nodes == ORGANISATIONS and tab.js("segraphMap.nodes.length") == ORGANISATIONS
    assert tab.js("segraphMap.edges.length") == 0  # vis-network holds no ties: the page draws them
    screen = tab.js(SCREEN)
    points = free_points(screen, frame_size(tab), 12)
    assert len(points) >= 5
    for node, x, y in points:
        assert tab.js(PIXEL, [x, y]) == screen["nodes"][node][3].upper(), node
    tab.assert_clean()


def test_ties_are_drawn_between_shown_nodes_and_filtered_away(
    large: tuple[OfflinePage, MapPage],
) -> None:
    tab, page = large
    network: nx.Graph = page.view.network
    districts = sorted(
        {d for _, d in network.nodes(data="district") if d},
        key=lambda d: sum(1 for _, x in network.nodes(data="district") if x == d),
    )
    district = next(
        d
        for d in districts
        if network.subgraph([n for n, x in network.nodes(data="district") if x == d]).size() >= 3
    )
    tab.page.select_option("#filter-district", district)
    tab.js(NEXT_FRAME)
    kept = {n for n, x in network.nodes(data="district") if x == district}
    screen = tab.js(SCREEN)
    assert set(screen["nodes"]) == kept
    # the middle of a tie between two shown organisations is drawn, unless something covers it
    drawn = 0
    for a, b in network.subgraph(kept).edges():
        (ax, ay, _, _), (bx, by, _, _) = screen["nodes"][a], screen["nodes"][b]
        x, y = (ax + bx) / 2, (ay + by) / 2
        inside = 0 < x < frame_size(tab)[0] and 0 < y < frame_size(tab)[1]
        if inside and not covered_at(x, y, screen):
            assert tab.js(PIXEL, [x, y]) not in BLANK, (a, b)
            drawn += 1
    assert drawn >= 1
    # nothing outside the district is drawn: where a hidden organisation sits, away from the
    # shown nodes, labels and ties, the canvas is white
    segments = [
        (screen["nodes"][a][:2], screen["nodes"][b][:2]) for a, b in network.subgraph(kept).edges()
    ]
    blank = 0
    for x, y, _, _ in screen["hidden"].values():
        inside = 0 < x < frame_size(tab)[0] and 0 < y < frame_size(tab)[1]
        if not inside or covered_at(x, y, screen) or near_segment(x, y, segments, 3):
            continue
        assert tab.js(PIXEL, [x, y]) in BLANK
        blank += 1
        if blank == 1:  # and a filtered-out organisation neither answers a click nor a hover
            top = tab.page.locator("#network").bounding_box()["y"]
            tab.page.mouse.move(x, y + top)
            tab.page.wait_for_timeout(600)
            assert not tab.page.locator(".vis-tooltip").is_visible()
            tab.page.mouse.click(x, y + top)
            assert tab.js("segraphMap.highlighted()") == []
            assert tab.page.is_hidden("#details")
    assert blank >= 5
    tab.page.click("#reset")
    tab.assert_clean()


def test_a_click_finds_the_organisation_under_the_mouse(
    large: tuple[OfflinePage, MapPage],
) -> None:
    tab, _ = large
    zoom_in(tab)
    node, x, y = free_points(tab.js(SCREEN), frame_size(tab), 1)[0]
    top = tab.page.locator("#network").bounding_box()["y"]
    tab.page.mouse.click(x, y + top)
    assert tab.js("segraphMap.highlighted()[0]") == node
    assert tab.page.locator("#details").is_visible()
    assert tab.js("document.querySelector('#details h2').textContent") == tab.js(
        "(id) => segraphMap.labelOf(id)", node
    )
    tab.page.click("#reset")
    tab.assert_clean()


def test_hovering_shows_the_organisations_own_tooltip(
    large: tuple[OfflinePage, MapPage],
) -> None:
    tab, _ = large
    zoom_in(tab)
    top = tab.page.locator("#network").bounding_box()["y"]
    for node, x, y in free_points(tab.js(SCREEN), frame_size(tab), 3):
        tab.page.mouse.move(x, y + top)
        expected = tab.js("(id) => segraphMap.labelOf(id)", node)
        tab.page.wait_for_function(
            """(name) => { const tip = document.querySelector(".vis-tooltip .tip-title");
            return tip !== null && tip.offsetParent !== null && tip.textContent === name; }""",
            arg=expected,
            timeout=5_000,
        )
    tab.assert_clean()


def test_a_hubs_details_list_its_most_central_neighbours_and_count_the_rest(
    large: tuple[OfflinePage, MapPage],
) -> None:
    tab, page = large
    network: nx.Graph = page.view.network
    hub = max(sorted(network), key=network.degree)
    shared = {m for m in network[hub] if network[hub][m]["shared_programs"]}
    assert len(shared) > 100
    tab.js("(id) => segraphMap.select(id)", hub)
    rows = tab.js(
        """() => [...document.querySelectorAll("#details .detail-row")].map((row) => [
          row.querySelector(".detail-key").textContent,
          [...row.querySelectorAll("button.link")].map((b) => b.dataset.id),
          (row.querySelector(".more") || {}).textContent || ""])"""
    )
    caption, listed, more = next(r for r in rows if "함께한 사업" in r[0])
    assert caption.endswith(f"({len(shared)})")
    assert len(listed) == 100 and set(listed) <= shared
    assert more == f"… 외 {len(shared) - 100}개"
    degree = page.view.measures["degree"]
    assert min(degree[m] for m in listed) >= max(degree[m] for m in shared - set(listed))
    # the selected hub is labelled however crowded its neighbourhood
    labelled = {label["id"] for label in tab.js("segraphMap.labels()")}
    assert hub in labelled
    tab.page.click("#reset")
    tab.assert_clean()
