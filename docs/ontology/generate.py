"""Regenerate the HTML documentation of the segraph ontology with pyLODE.

Run from anywhere (the paths are found from this file)::

    python docs/ontology/generate.py

It writes two pages next to this script:

- ``index.html``: the OWL ontology (``ontology/segraph.ttl``), pyLODE's OntPub profile;
- ``concepts.html``: the SKOS concept schemes (``ontology/concepts.ttl``), pyLODE's VocPub profile.

pyLODE shows one label per term and does not choose a language, so the pages are rendered from an
English view of the Turtle: English labels and descriptions, with each term's Korean label and
comment kept as a note (OntPub: ``skos:scopeNote``; VocPub: ``skos:altLabel`` and ``skos:note``).
VocPub documents one concept scheme per page, so the five schemes appear on ``concepts.html`` as the
top entries of the hierarchy with their concepts beneath. The Turtle files stay the reference.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import sys
import types
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

HERE = Path(__file__).resolve().parent
ONTOLOGY_DIR = HERE.parent.parent / "ontology"
SEG = Namespace("https://w3id.org/segraph/ontology#")
OWN_NAMESPACE = "https://w3id.org/segraph/"
CONCEPTS_IRI = URIRef("https://w3id.org/segraph/concepts")
SCHEMES = [SEG.OrganisationKinds, SEG.LegalForms, SEG.Designations, SEG.ParticipationRoles,
           SEG.TieTypes]  # fmt: skip
MATCHES = {SKOS.exactMatch: "exact match", SKOS.closeMatch: "close match",
           SKOS.broadMatch: "broader match", SKOS.relatedMatch: "related match"}  # fmt: skip


def import_pylode() -> types.ModuleType:
    """Import pyLODE, working around a packaging bug of pyLODE 3.4.1.

    That release reads its version from a ``pyproject.toml`` its wheel does not ship, so importing
    it fails with FileNotFoundError (RDFLib/pyLODE#260, fixed upstream). A stand-in
    ``pylode.version`` module carrying the installed version lets the import succeed.
    """
    try:
        return importlib.import_module("pylode")
    except FileNotFoundError:
        for name in [m for m in sys.modules if m == "pylode" or m.startswith("pylode.")]:
            del sys.modules[name]
        stub = types.ModuleType("pylode.version")
        stub.__version__ = importlib.metadata.version("pylode")  # type: ignore[attr-defined]
        sys.modules["pylode.version"] = stub
        return importlib.import_module("pylode")


def text(graph: Graph, subject: URIRef, predicate: URIRef, lang: str) -> str | None:
    """The first ``lang``-tagged literal value of ``predicate`` on ``subject``, if any."""
    values = sorted(
        str(o)
        for o in graph.objects(subject, predicate)
        if isinstance(o, Literal) and o.language == lang
    )
    return values[0] if values else None


def english_ontology(source: Graph) -> Graph:
    """The ontology as pyLODE should show it: English labels, Korean kept as a scope note.

    Bare declarations of reused terms (``org:Organization a owl:Class``) are left out so that
    the page lists only segraph's own terms; links to reused terms remain.
    """
    doc = Graph()
    for prefix, namespace in source.namespaces():
        doc.bind(prefix, namespace)
    doc.bind("segraph", OWN_NAMESPACE)
    for s, p, o in source:
        if isinstance(s, URIRef) and not str(s).startswith(OWN_NAMESPACE):
            continue
        if p == RDFS.comment and (s, RDF.type, OWL.Ontology) in source:
            continue  # the header shows dcterms:description; the comment would repeat it
        if p in (RDFS.label, DCTERMS.title, RDFS.comment, DCTERMS.description) and (
            isinstance(o, Literal) and o.language == "ko"
        ):
            continue
        doc.add((s, p, o))
    for s in set(source.subjects(RDFS.label, None)):
        if not str(s).startswith(OWN_NAMESPACE):
            continue
        label = text(source, s, RDFS.label, "ko")
        comment = text(source, s, RDFS.comment, "ko")
        note = " — ".join(part for part in (label, comment) if part)
        if note:
            doc.add((s, SKOS.scopeNote, Literal(f"한국어: {note}", lang="ko")))
    return doc


def english_concepts(source: Graph) -> Graph:
    """The concept schemes as pyLODE's VocPub should show them, on one page.

    VocPub expects one scheme per page and keeps one value per property of a concept, so each
    concept gets one English prefLabel, one definition, its Korean label as skos:altLabel and a
    single skos:note with its CSV code, its class (for kinds) and its ESSGlobal mappings. The five
    schemes become the top entries of the hierarchy under one umbrella scheme.
    """
    doc = Graph()
    for prefix, namespace in source.namespaces():
        doc.bind(prefix, namespace)
    doc.bind("segraph", OWN_NAMESPACE)
    doc.add((CONCEPTS_IRI, RDF.type, SKOS.ConceptScheme))
    for p, o in source.predicate_objects(CONCEPTS_IRI):
        if p in (RDFS.label, DCTERMS.title, DCTERMS.description) and (
            isinstance(o, Literal) and o.language == "ko"
        ):
            continue
        if p in (RDF.type, RDFS.comment):
            continue
        doc.add((CONCEPTS_IRI, p, o))
    doc.add(
        (
            CONCEPTS_IRI,
            SKOS.historyNote,
            Literal(
                "On this page the five concept schemes (organisation kinds, legal forms, "
                "designations, participation roles, tie types) are shown as the top entries of "
                "the hierarchy, each with its concepts beneath; in ontology/concepts.ttl they are "
                "skos:ConceptScheme resources. Each concept's note gives the code used in the CSV "
                "files.",
                lang="en",
            ),
        )
    )
    for scheme in SCHEMES:
        doc.add((scheme, RDF.type, SKOS.Concept))
        doc.add((scheme, SKOS.inScheme, CONCEPTS_IRI))
        doc.add((scheme, SKOS.prefLabel, Literal(text(source, scheme, SKOS.prefLabel, "en"))))
        doc.add((scheme, SKOS.altLabel, Literal(text(source, scheme, SKOS.prefLabel, "ko"))))
        doc.add((scheme, SKOS.definition, Literal(text(source, scheme, SKOS.definition, "en"))))
        notes = sorted(str(n) for n in source.objects(scheme, SKOS.editorialNote))
        if notes:
            doc.add((scheme, SKOS.note, Literal(" ".join(notes))))
        concepts = sorted(source.subjects(SKOS.inScheme, scheme), key=str)
        for concept in concepts:
            doc.add((concept, RDF.type, SKOS.Concept))
            doc.add((concept, SKOS.inScheme, CONCEPTS_IRI))
            doc.add((concept, SKOS.prefLabel, Literal(text(source, concept, SKOS.prefLabel, "en"))))
            doc.add((concept, SKOS.altLabel, Literal(text(source, concept, SKOS.prefLabel, "ko"))))
            definition = text(source, concept, SKOS.definition, "en")
            if definition:
                doc.add((concept, SKOS.definition, Literal(definition)))
            broader = source.value(concept, SKOS.broader)
            doc.add((concept, SKOS.broader, broader if broader is not None else scheme))
            parts = [f"CSV code: {source.value(concept, SKOS.notation)}."]
            cls = source.value(concept, SEG.forClass)
            if cls is not None:
                parts.append(f"RDF class: {source.namespace_manager.normalizeUri(cls)}.")
            korean_alt = sorted(str(o) for o in source.objects(concept, SKOS.altLabel))
            if korean_alt:
                parts.append(f"Other Korean labels: {', '.join(korean_alt)}.")
            for predicate, name in MATCHES.items():
                targets = sorted(str(t) for t in source.objects(concept, predicate))
                if targets:
                    parts.append(f"ESSGlobal {name}: {', '.join(targets)}.")
            for related in sorted(source.objects(concept, SKOS.related), key=str):
                parts.append(f"Related: {source.namespace_manager.normalizeUri(related)}.")
            doc.add((concept, SKOS.note, Literal(" ".join(parts))))
    return doc


def render() -> dict[str, str]:
    """Render the two pages; returns their HTML by file name (``index.html``, ``concepts.html``)."""
    pylode = import_pylode()

    class VocPub(pylode.VocPub):  # type: ignore[misc,name-defined]
        """VocPub without the inferred skos:narrower, of which it would show only one value."""

        def _ontdoc_inference(self, g: Graph) -> None:
            super()._ontdoc_inference(g)
            g.remove((None, SKOS.narrower, None))

    ontology = Graph().parse(ONTOLOGY_DIR / "segraph.ttl", format="turtle")
    concepts = Graph().parse(ONTOLOGY_DIR / "concepts.ttl", format="turtle")
    return {
        "index.html": pylode.OntPub(english_ontology(ontology), sort_subjects=True).make_html(),
        "concepts.html": VocPub(english_concepts(concepts)).make_html(),
    }


def main() -> None:
    """Write ``index.html`` and ``concepts.html`` next to this script."""
    for name, html in render().items():
        (HERE / name).write_text(html, encoding="utf-8")
        print(f"wrote {HERE / name}")


if __name__ == "__main__":
    main()
