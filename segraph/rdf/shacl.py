"""Check a graph against the SHACL shapes of the ontology and report in plain words."""

from __future__ import annotations

from dataclasses import dataclass, field

from pyshacl import validate as shacl_validate
from rdflib import Graph, Literal
from rdflib.namespace import RDFS, SH

from segraph._util.resources import ontology_file
from segraph.rdf.namespaces import prefixed
from segraph.rdf.reader import load_graph
from segraph.rdf.stores import in_memory

SHAPES_FILE = "shapes.ttl"


@dataclass(frozen=True)
class Violation:
    """One SHACL result: the node, its label, the property path, the message and severity."""

    focus: str
    label: str
    path: str
    message: str
    severity: str


@dataclass
class ValidationReport:
    """The outcome of :func:`validate_graph`."""

    conforms: bool
    violations: list[Violation] = field(default_factory=list)

    def text(self) -> str:
        """A human-readable report: one line per violation, then a summary line."""
        lines = [
            f"{v.severity}: {v.label or v.focus} ({v.focus}) {v.path}: {v.message}".replace(
                " : ", ": "
            )
            for v in self.violations
        ]
        if self.conforms:
            lines.append("The graph conforms to the segraph shapes.")
        else:
            lines.append(f"The graph does not conform: {len(self.violations)} problem(s).")
        return "\n".join(lines)


def load_shapes() -> Graph:
    """Return the bundled SHACL shapes graph (in rdflib's memory store, where pyshacl reads it
    fastest)."""
    return load_graph(ontology_file(SHAPES_FILE), "memory")


def _label(graph: Graph, node: object) -> Literal | None:
    """The node's Korean label, else its English one, else any label (never the romanised one
    when a Korean label exists), so that reports name nodes as the data prints them."""
    labels = [label for label in graph.objects(node, RDFS.label) if isinstance(label, Literal)]
    for language in ("ko", "en"):
        for label in sorted(labels):
            if (label.language or "").lower() == language:
                return label
    return min(labels, default=None)


def validate_graph(graph: Graph, shapes: Graph | None = None) -> ValidationReport:
    """Validate ``graph`` against the segraph SHACL shapes (or ``shapes`` when given).

    Returns a :class:`ValidationReport`; violations are sorted by focus node and path so that
    reports are reproducible.
    """
    graph = in_memory(graph)
    conforms, results, _ = shacl_validate(
        graph,
        shacl_graph=shapes if shapes is not None else load_shapes(),
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    violations = []
    for result in results.subjects(SH.focusNode, None):
        focus = results.value(result, SH.focusNode)
        label = _label(graph, focus) if focus is not None else None
        messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
        severity = results.value(result, SH.resultSeverity)
        violations.append(
            Violation(
                focus=str(focus),
                label=str(label) if label is not None else "",
                path=prefixed(str(results.value(result, SH.resultPath) or "")),
                message="; ".join(messages),
                severity=str(severity).rsplit("#", 1)[-1],
            )
        )
    violations.sort(key=lambda v: (v.focus, v.path, v.message))
    return ValidationReport(conforms=bool(conforms), violations=violations)
