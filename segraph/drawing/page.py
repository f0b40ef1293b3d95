"""Write a map as one self-contained UTF-8 HTML page that loads nothing from the network.

The page is assembled from segraph's own skeleton (``assets/map.html``), style sheet and script,
with the vis-network library shipped inside the pyvis package inlined. pyvis's own template is
not used: it loads Bootstrap from a CDN even in its ``in_line`` mode and does not escape.
"""

from __future__ import annotations

import json
import re
from html import escape
from importlib.resources import files
from pathlib import Path
from typing import Any

import pyvis
from pyvis.network import Network

from segraph._util.atomic import write_text_atomic
from segraph._util.seed import SEED
from segraph.drawing.details import term_names, used_terms
from segraph.drawing.drilldown import COMMUNITY_ID, drill_data
from segraph.drawing.style import (
    COPARTICIPATION_COLOUR,
    PARTICIPATION_COLOUR,
    PROGRAM_COLOUR,
    TIE_STYLES,
)
from segraph.drawing.view import MapView
from segraph.errors import SegraphError

_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
SCHEME_NAMES: dict[str, tuple[str, str]] = {
    "kind": ("조직 유형", "organisation kind"),
    "community": ("공동체 (Louvain)", "community (Louvain)"),
    "district": ("자치구", "district"),
    "area": ("사업 분야", "program area"),
}


def vis_library() -> tuple[str, str]:
    """Return the vis-network script and style sheet shipped inside the pyvis package.

    The newest ``vis-9.*`` folder of pyvis's templates is used.
    """
    root = Path(pyvis.__file__).parent / "templates" / "lib"
    folders = sorted(root.glob("vis-9.*"), key=lambda p: tuple(map(int, p.name[4:].split("."))))
    if not folders:
        raise SegraphError(f"{root}: pyvis ships no vis-network 9 library")
    lib = folders[-1]
    return (lib / "vis-network.min.js").read_text("utf-8"), (lib / "vis-network.css").read_text(
        "utf-8"
    )


def _asset(name: str) -> str:
    return files("segraph.drawing").joinpath("assets", name).read_text("utf-8")


def script_json(value: Any) -> str:
    """Return ``value`` as JSON that is safe inside an HTML ``<script>`` element: ``<``, ``>``
    and ``&`` are written as ``\\u`` escapes, so no string from the data can close the element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, code)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def page_data(view: MapView, net: Network, programs: list[list[Any]]) -> dict[str, Any]:
    """Return the data the page script reads: nodes, edges, legend, filters and notes, the
    table of programs (:func:`segraph.drawing.details.program_table`, which ``programs`` is),
    the names of terms and measures; at the community level, and for large maps, also the
    members and ties of every community in compact form (``drill``)."""
    network = view.network
    nodes, edges = net.nodes, net.edges
    count = network.number_of_nodes()
    compact = view.communities is not None or view.compact
    drill = drill_data(view, view.communities, programs) if compact else None
    return {
        "nodes": nodes,
        "edges": edges,
        "level": "community" if view.communities is not None else "organisation",
        "drill": drill,
        "lang": view.spec.lang,
        "title": _names(view.title),
        "physics": view.physics,
        "note": _layout_note(view, count),
        "counts": {"nodes": count, "edges": network.number_of_edges()},
        "colourBy": _names(SCHEME_NAMES[view.spec.color_by]),
        "sizeBy": _names(view.terms.measure(view.spec.size_by)),
        "legend": [
            {"key": e.key, "ko": e.name_ko, "en": e.name_en, "colour": e.colour, "count": e.count}
            for e in view.legend
        ],
        "twoMode": view.spec.network == "two-mode",
        "programColour": PROGRAM_COLOUR,
        "edgeStyles": _edge_legend(view),
        "overviewLegend": _overview_legend(view),
        "filters": _filters(view, programs),
        "programs": programs,
        "terms": term_names(view, used_terms(view)),
        "measures": [list(view.terms.measure(name)) for name in view.measures],
        "ego": str(view.ego) if view.ego is not None else None,
        "isolates": view.spec.isolates,
        "anchors": [
            {"ko": a.name_ko, "en": a.name_en, "x": a.x, "y": a.y, "r": a.radius}
            for a in view.anchors
        ],
    }


def _names(pair: tuple[str, str]) -> dict[str, str]:
    return {"ko": pair[0], "en": pair[1]}


def _layout_note(view: MapView, count: int) -> dict[str, str] | None:
    if view.communities is not None:
        groups = len(view.communities.communities)
        ko = (
            f"공동체 {groups:,}개 (조직 {count:,}개, Louvain, seed {SEED}): 공동체를 누르면 "
            "구성원과 그 연결이 보입니다."
        )
        en = (
            f"{groups:,} communities of {count:,} organisations (Louvain, seed {SEED}): click "
            "one to see its members and their ties."
        )
        if view.level_note:
            ko, en = f"{view.level_note[0]} {ko}", f"{view.level_note[1]} {en}"
        return {"ko": ko, "en": en}
    if view.spec.layout == "district":
        return {
            "ko": "자치구 배치: 조직을 서울 지도 모양으로 놓인 자치구 둘레에 배치했습니다 "
            "(위치는 개략적). 물리 시뮬레이션은 꺼져 있습니다.",
            "en": "District layout: organisations are placed around their district on a "
            "schematic map of Seoul. Physics is off.",
        }
    if not view.physics:
        return {
            "ko": f"노드가 {count:,}개로 많아 배치를 미리 계산했습니다 (Fruchterman-Reingold, "
            f"seed {SEED}). 물리 시뮬레이션은 꺼져 있습니다.",
            "en": f"{count:,} nodes: the layout was computed in Python (Fruchterman-Reingold, "
            f"seed {SEED}) and physics is off.",
        }
    return None


def _edge_legend(view: MapView) -> list[dict[str, Any]]:
    if view.spec.network == "two-mode":
        colour = PARTICIPATION_COLOUR
        return [{"ko": "사업 참여", "en": "takes part in", "colour": colour, "dashes": False}]
    edges = [attrs for _, _, attrs in view.network.edges(data=True)]
    used = {t for attrs in edges for t in str(attrs.get("ties") or "").split(";") if t}
    entries = []
    if any(float(attrs.get("weight") or 0) > 0 for attrs in edges):
        entries.append(
            {
                "ko": "함께한 사업 (굵기: 사업 수)",
                "en": "shared programs (width: how many)",
                "colour": COPARTICIPATION_COLOUR,
                "dashes": False,
            }
        )
    for tie, (colour, dashes) in TIE_STYLES.items():
        if tie in used:
            ko, en = view.terms.name("tie", tie)
            entries.append({"ko": ko, "en": en, "colour": colour, "dashes": dashes})
    return entries


def _overview_legend(view: MapView) -> list[dict[str, Any]]:
    """The legend of a community map's overview: each community's own colour and name."""
    if view.communities is None:
        return []
    return [
        {
            "key": COMMUNITY_ID + c.key,
            "ko": c.name[0],
            "en": c.name[1],
            "colour": c.colour,
            "count": len(c.members),
        }
        for c in view.communities.communities
    ]


def _filters(view: MapView, programs: list[list[Any]]) -> dict[str, list[dict[str, Any]]]:
    districts = {}
    for _, attrs in view.network.nodes(data=True):
        code = attrs.get("district")
        if code and code not in districts:
            districts[code] = {
                "value": code,
                "ko": attrs.get("district_ko") or code,
                "en": attrs.get("district_en") or attrs.get("district_ko") or code,
            }
    kinds = sorted(
        {
            str(a.get("kind"))
            for _, a in view.network.nodes(data=True)
            if a.get("kind") and a.get("type") != "program"
        }
    )
    used = {row[0] for row in programs}
    return {
        "districts": [districts[c] for c in sorted(districts)],
        "kinds": [
            {"value": k, "ko": view.terms.name("kind", k)[0], "en": view.terms.name("kind", k)[1]}
            for k in kinds
        ],
        "programs": _program_options(view, used),
    }


def _program_options(view: MapView, used: set[str]) -> list[dict[str, Any]]:
    """The programs in ``used`` as a tree: each after its parent, indented by depth."""
    children: dict[str, list[str]] = {}
    for iri in sorted(used, key=lambda i: view.programs[i]["id"]):
        parent = view.programs[iri]["parent"]
        children.setdefault(parent if parent in used else "", []).append(iri)
    options: list[dict[str, Any]] = []

    def walk(parent: str, depth: int) -> None:
        for iri in children.get(parent, []):
            attrs = view.programs[iri]
            ko = attrs["label_ko"]
            options.append({"value": iri, "ko": ko, "en": attrs["label_en"] or ko, "depth": depth})
            walk(iri, depth + 1)

    walk("", 0)
    return options


def render_page(view: MapView, net: Network, programs: list[list[Any]]) -> str:
    """Return the HTML page of ``view`` (whose nodes and edges ``net`` holds; ``programs``: the
    table their program indexes point into, :func:`~segraph.drawing.details.program_table`)."""
    vis_js, vis_css = vis_library()
    values = {
        "lang": escape(view.spec.lang),
        "title": escape(view.title[0] if view.spec.lang == "ko" else view.title[1]),
        "vis_css": vis_css,
        "map_css": _asset("map.css"),
        "data": script_json(page_data(view, net, programs)),
        "vis_js": vis_js,
        "map_js": _asset("map.js"),
    }
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], _asset("map.html"))


def write_page(path: str | Path, html: str) -> None:
    """Write ``html`` to ``path`` as UTF-8, atomically."""
    write_text_atomic(path, html)
