"""Turn the names a user types (districts, kinds, programs, organisations) into the codes and
IRIs of the graph, with an error that lists close matches when a name matches nothing."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Hashable, Iterable, Mapping
from typing import Any

import networkx as nx
from rdflib import Graph

from segraph.errors import UsageError
from segraph.network import program_attributes
from segraph.sparql import select
from segraph.vocab import KIND_CLASSES

DISTRICTS = """
SELECT ?code ?ko ?en WHERE {
  ?d a seg:District ; skos:notation ?code .
  OPTIONAL { ?d rdfs:label ?ko FILTER(LANG(?ko) = "ko") }
  OPTIONAL { ?d rdfs:label ?en FILTER(LANG(?en) = "en") }
} ORDER BY ?code ?ko ?en
"""

KIND_LABELS = """
SELECT ?concept ?label WHERE {
  ?concept skos:inScheme seg:OrganisationKinds ; skos:prefLabel ?label .
} ORDER BY ?concept ?label
"""


def normalise(text: str) -> str:
    """Fold a name for matching: Unicode NFC, case-folded, without spaces."""
    return "".join(unicodedata.normalize("NFC", text).casefold().split())


def _resolve(value: str, pairs: list[tuple[str, str]], what: str, option: str) -> str:
    """Return the canonical value of the first ``(alias, canonical)`` pair whose alias matches
    ``value`` once both are normalised."""
    table: dict[str, str] = {}
    for alias, canonical in pairs:
        if alias:
            table.setdefault(normalise(alias), canonical)
    found = table.get(normalise(value))
    if found is not None:
        return found
    names = sorted({alias for alias, _ in pairs if alias})
    raise UsageError(f"{option} {value}: no {what} of that name{_suggest(value, names)}")


def _suggest(value: str, names: list[str]) -> str:
    """Return "; close matches: …" naming up to five names that contain ``value`` or resemble
    it (difflib), or "" when none does."""
    wanted = normalise(value)
    containing = [name for name in names if wanted and wanted in normalise(name)]
    close = containing[:5] or difflib.get_close_matches(value, names, n=5, cutoff=0.5)
    return f"; close matches: {', '.join(close)}" if close else ""


def district_codes(graph: Graph, names: Iterable[str]) -> frozenset[str]:
    """Return the codes of the districts named by code, Korean name (마포구 or 마포) or English
    name (Mapo-gu or Mapo).

    Raises
    ------
    UsageError
        for a name that matches no district of the graph (listing close matches).
    """
    pairs = []
    for row in select(graph, DISTRICTS):
        code, ko, en = str(row["code"]), row["ko"] or "", row["en"] or ""
        pairs += [(code, code), (ko, code), (en, code)]
        pairs += [(ko.removesuffix("구"), code), (en.removesuffix("-gu"), code)]
    return frozenset(_resolve(name, pairs, "district", "--district") for name in names)


def kind_codes(graph: Graph, names: Iterable[str]) -> frozenset[str]:
    """Return the organisation kind codes named by code (``enterprise``) or label
    (사회적경제기업, social economy enterprise)."""
    pairs = [(code, code) for code in KIND_CLASSES]
    for row in select(graph, KIND_LABELS):
        code = row["concept"].rsplit("#kind-", 1)[-1]
        pairs.append((row["label"], code))
    return frozenset(_resolve(name, pairs, "organisation kind", "--kind") for name in names)


def program_iris(graph: Graph, names: Iterable[str]) -> frozenset[str]:
    """Return the IRIs of the programs named by id, Korean or English name, or IRI."""
    pairs = []
    for iri, attrs in program_attributes(graph).items():
        pairs += [(attrs["id"], iri), (attrs["label_ko"], iri), (attrs["label_en"], iri)]
        pairs.append((iri, iri))
    return frozenset(_resolve(name, pairs, "program", "--program") for name in names)


def find_node(network: nx.Graph, name: str, option: str = "--ego") -> Hashable:
    """Return the node of ``network`` whose id, Korean or English name is ``name``.

    An exact (normalised) match wins; otherwise a name contained in exactly one node's name.

    Raises
    ------
    UsageError
        when nothing matches (listing close matches) or several nodes contain the name.
    """
    wanted = normalise(name)
    names: dict[Hashable, list[str]] = {
        node: [str(node), *(str(attrs.get(k) or "") for k in ("id", "label_ko", "label_en"))]
        for node, attrs in network.nodes(data=True)
    }
    exact = [node for node, texts in names.items() if wanted in map(normalise, texts)]
    if exact:
        return exact[0]
    partial = [n for n, texts in names.items() if any(wanted in normalise(t) for t in texts)]
    if len(partial) == 1:
        return partial[0]
    if partial:
        shown = sorted(_label(network.nodes[n]) for n in partial)
        more = f" and {len(shown) - 8} more" if len(shown) > 8 else ""
        raise UsageError(f"{option} {name}: matches {len(shown)}: {', '.join(shown[:8])}{more}")
    labels = sorted({_label(attrs) for _, attrs in network.nodes(data=True)})
    hint = _suggest(name, labels)
    raise UsageError(f"{option} {name}: no organisation of that name in the map{hint}")


def _label(attrs: Mapping[str, Any]) -> str:
    return str(attrs.get("label_ko") or attrs.get("id") or "")
