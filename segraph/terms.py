"""Store-neutral RDF terms, so one triple generator feeds rdflib and Oxigraph alike.

:func:`segraph.build.ecosystem_triples` yields triples whose IRIs are plain ``str`` (rdflib's
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
from typing import NamedTuple

from rdflib import Literal, URIRef
from rdflib.term import Node


class Lit(NamedTuple):
    """A literal: its lexical form and either a language tag or a datatype IRI (or neither)."""

    value: str
    lang: str | None = None
    datatype: str | None = None


Term = str | Lit
NeutralTriple = tuple[str, str, Term]

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
    """Convert neutral triples to rdflib triples."""
    for s, p, o in triples:
        yield rdflib_term(s), rdflib_term(p), rdflib_term(o)


def ntriples_line(s: str, p: str, o: Term) -> str:
    """Return one N-Triples line (with its newline) for a neutral triple."""
    if type(o) is Lit:
        value = o.value.translate(_ESCAPES)
        if o.lang:
            obj = f'"{value}"@{o.lang}'
        elif o.datatype:
            obj = f'"{value}"^^<{o.datatype}>'
        else:
            obj = f'"{value}"'
    else:
        obj = f"<{o}>"
    return f"<{s}> <{p}> {obj} .\n"


def ntriples_chunks(triples: Iterable[NeutralTriple], size: int = 200_000) -> Iterator[bytes]:
    """Write neutral triples as UTF-8 N-Triples, ``size`` triples per chunk."""
    lines: list[str] = []
    for s, p, o in triples:
        lines.append(ntriples_line(s, p, o))
        if len(lines) >= size:
            yield "".join(lines).encode("utf-8")
            lines = []
    if lines:
        yield "".join(lines).encode("utf-8")
