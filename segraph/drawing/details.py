"""What the page script needs to describe an organisation and a tie: its programs (as indexes into
one table of programs), roles, years, legal form, designations and measures; the direction of
each direct tie; the names of the terms used. Tooltips, the details panel and the CSV export
are all made from this data by the page script, with ``textContent``, so names stay text."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any

from segraph.drawing.view import MapView

#: Marks after a tie type in the page's tie text: the tie runs from the edge's first end to its
#: second (``>``) or back (``<``); symmetric ties have no mark.
FORWARD, BACKWARD = ">", "<"
#: The term schemes whose names the page carries.
TERM_SCHEMES: tuple[str, ...] = ("kind", "legal", "designation", "role", "tie")


def program_table(view: MapView) -> list[list[Any]]:
    """Return ``[IRI, Korean, English, index of the parent or -1]`` of every program the map's
    organisations take part in and every program above them, sorted by IRI."""
    used: set[str] = set()
    for taken in view.participations.values():
        for participation in taken:
            used.update(view.program_path(participation.program))
    for node, attrs in view.network.nodes(data=True):  # program nodes of the two-mode view
        if attrs.get("type") == "program":
            used.update(view.program_path(str(node)))
    order = sorted(used)
    where = {iri: i for i, iri in enumerate(order)}
    rows = []
    for iri in order:
        attrs = view.programs[iri]
        ko = attrs["label_ko"]
        rows.append([iri, ko, attrs["label_en"] or ko, where.get(attrs["parent"], -1)])
    return rows


def organisation_facts(
    view: MapView, node: Hashable, program_index: dict[str, int]
) -> tuple[list[list[Any]], list[float], str, list[str]]:
    """Return what the page shows of an organisation besides its names, kind and district:
    ``[[program index, roles, years], …]`` (roles and years ``;``-joined), its measure values
    (in the order of ``view.measures``), its legal form and its designations."""
    attrs = view.network.nodes[node]
    taken = [
        [program_index[p.program], ";".join(p.roles), ";".join(p.years)]
        for p in view.participations.get(node, [])
        if p.program in program_index
    ]
    measures = [round(values[node], 6) for values in view.measures.values()]
    designations = [d for d in str(attrs.get("designations") or "").split(";") if d]
    return taken, measures, str(attrs.get("legal_form") or ""), designations


def drawn_ties(view: MapView, first: Hashable, second: Hashable, attrs: dict[str, Any]) -> str:
    """Return the direct ties of the edge ``first``–``second`` as the page reads them: the
    types, ``;``-joined and sorted, a directed one followed by :data:`FORWARD` when it runs
    from ``first`` to ``second`` and by :data:`BACKWARD` when it runs back (both when both)."""
    marked = []
    forward = set(view.directions.get((str(first), str(second)), ()))
    backward = set(view.directions.get((str(second), str(first)), ()))
    for tie in sorted(t for t in str(attrs.get("ties") or "").split(";") if t):
        if tie in forward:
            marked.append(tie + FORWARD)
        if tie in backward:
            marked.append(tie + BACKWARD)
        if tie not in forward and tie not in backward:
            marked.append(tie)
    return ";".join(marked)


def tie_types(text: str) -> list[str]:
    """The tie types of a tie text of :func:`drawn_ties`, without direction marks."""
    return [t.rstrip(FORWARD + BACKWARD) for t in text.split(";") if t]


def term_names(view: MapView, codes: Iterable[tuple[str, str]]) -> dict[str, dict[str, list[str]]]:
    """Return scheme → code → [Korean, English] for the ``(scheme, code)`` pairs given."""
    names: dict[str, dict[str, list[str]]] = {scheme: {} for scheme in TERM_SCHEMES}
    for scheme, code in sorted(set(codes)):
        names[scheme][code] = list(view.terms.name(scheme, code))
    return names


def used_terms(view: MapView) -> list[tuple[str, str]]:
    """Every ``(scheme, code)`` the map's organisations, participations and ties use."""
    used: list[tuple[str, str]] = []
    for _, attrs in view.network.nodes(data=True):
        if attrs.get("kind"):
            used.append(("kind", str(attrs["kind"])))
        if attrs.get("legal_form"):
            used.append(("legal", str(attrs["legal_form"])))
        used.extend(
            ("designation", d) for d in str(attrs.get("designations") or "").split(";") if d
        )
    for taken in view.participations.values():
        used.extend(("role", role) for p in taken for role in p.roles)
    for _, _, attrs in view.network.edges(data=True):
        used.extend(("tie", t) for t in str(attrs.get("ties") or "").split(";") if t)
        used.extend(("role", r) for r in str(attrs.get("roles") or "").split(";") if r)
    return used
