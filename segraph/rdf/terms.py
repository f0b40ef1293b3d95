"""Store-neutral RDF terms, so one triple generator feeds rdflib and Oxigraph alike.

:func:`segraph.rdf.triples.ecosystem_triples` yields triples whose IRIs are plain ``str`` (rdflib's
``URIRef`` constants are ``str`` too) and whose literals are :class:`Lit` tuples. Two sinks take
them from there:

* :func:`rdflib_triples` makes ``URIRef``/``Literal`` objects for rdflib's memory store;
* :func:`ntriples_chunks` writes N-Triples text that Oxigraph bulk-loads in Rust, which skips the
  per-term Python objects (about 3–7 µs each for rdflib terms) that dominate a large build.

Literal lexical forms are decided once, in the generator, so both sinks hold identical graphs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any, NamedTuple

from rdflib import Literal, URIRef
from rdflib.term import Node


class Lit(NamedTuple):
    """A literal: its lexical form and either a language tag or a datatype IRI (or neither)."""

    value: str
    lang: str | None = None
    datatype: str | None = None


Term = str | Lit
NeutralTriple = tuple[str, str, Term]

_XSD_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"
_ESCAPES = str.maketrans({'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r"})
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20<>\"{}|^`\\]*\Z")


def is_valid_iri(text: str) -> bool:
    """True when ``text`` is an absolute IRI that N-Triples can carry unescaped.

    Examples
    --------
    >>> is_valid_iri("https://sehub.net"), is_valid_iri("sehub.net home")
    (True, False)
    """
    return _IRI.match(text) is not None


class PlainTerms:
    """The terms of an rdflib namespace as plain ``str`` IRIs: ``PlainTerms(RDF).type``.

    The triple generator uses these. rdflib's closed namespaces (``RDF``, ``RDFS``, ``SKOS``,
    ``PROV``, …) check the name and mint a new ``URIRef`` on every attribute access (about
    1.5 µs), and a ``URIRef`` formats more slowly than a ``str``; here rdflib checks each term
    once, on first use, and the plain string is kept.

    Examples
    --------
    >>> from rdflib.namespace import RDF
    >>> PlainTerms(RDF).type
    'http://www.w3.org/1999/02/22-rdf-syntax-ns#type'
    """

    def __init__(self, namespace: Any) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> str:
        iri = str(getattr(self._namespace, name))
        setattr(self, name, iri)  # later look-ups find it without calling __getattr__
        return iri


def rdflib_term(term: Term) -> Node:
    """Return the rdflib term for a neutral term."""
    if type(term) is Lit:
        if term.lang:
            return Literal(term.value, lang=term.lang)
        if term.datatype:
            return Literal(term.value, datatype=URIRef(term.datatype))
        return Literal(term.value)
    return term if type(term) is URIRef else URIRef(term)


def rdflib_triples(triples: Iterable[NeutralTriple]) -> Iterator[tuple[Node, Node, Node]]:
    """Convert neutral triples to rdflib triples (the ``URIRef`` of each predicate made once)."""
    predicates: dict[str, Node] = {}
    for s, p, o in triples:
        predicate = predicates.get(p)
        if predicate is None:
            predicate = predicates[p] = rdflib_term(p)
        yield rdflib_term(s), predicate, rdflib_term(o)


def ntriples_chunks(triples: Iterable[NeutralTriple], size: int = 200_000) -> Iterator[bytes]:
    """Write neutral triples as UTF-8 N-Triples, ``size`` triples per chunk.

    This is the innermost loop of a large build: it is written without a function call per
    triple, which would be a measurable share of the build. Lines whose object is an IRI are
    gathered apart from those with a literal: segraph's IRIs are ASCII, so their text joins and
    encodes at memory speed, whereas one Korean literal in a string makes Python store every
    character of it in two bytes and encode each one by one (the chunks took three times longer
    to write that way). The order of lines in N-Triples does not matter. Decimals and language
    tags are written in Oxigraph's canonical form (``22``, not ``22.0``; ``@ko-latn``), so the
    text is what the store holds.
    """
    iterator = iter(triples)
    while True:
        iris: list[str] = []
        literals: list[str] = []
        add_iri, add_literal = iris.append, literals.append
        for s, p, o in islice(iterator, size):
            if type(o) is Lit:
                value = o.value
                if '"' in value or "\\" in value or "\n" in value or "\r" in value:
                    value = value.translate(_ESCAPES)
                if o.lang:
                    add_literal(f'<{s}> <{p}> "{value}"@{o.lang.lower()} .\n')
                elif o.datatype:
                    if o.datatype == _XSD_DECIMAL and "." in value:
                        value = value.rstrip("0").rstrip(".")  # as Oxigraph stores it
                    add_literal(f'<{s}> <{p}> "{value}"^^<{o.datatype}> .\n')
                else:
                    add_literal(f'<{s}> <{p}> "{value}" .\n')
            else:
                add_iri(f"<{s}> <{p}> <{o}> .\n")
        if not iris and not literals:
            return
        yield "".join(iris).encode("utf-8") + "".join(literals).encode("utf-8")
