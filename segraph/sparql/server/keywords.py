"""The keywords of a SPARQL request, read without parsing it: what the server must refuse early.

A query for Oxigraph is parsed by Oxigraph itself (in Rust, inside the query's time limit); the
server only needs to know beforehand whether the text asks for something a read-only endpoint
must not do. :func:`keywords` splits the text into SPARQL tokens, skipping strings, IRIs,
comments, variables, prefixed names and language tags, and returns the bare words in upper case:
``SERVICE`` can then be refused wherever it appears as a keyword and nowhere else (a label
``"service"``, a variable ``?service`` or an IRI ``<…/service>`` are not keywords).
"""

from __future__ import annotations

import re

_TOKEN = re.compile(
    r"""
      (?P<skip>
          \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"      # long strings
        | '''(?:[^'\\]|\\.|'(?!''))*'''
        | "(?:[^"\\\n\r]|\\.)*"                      # short strings
        | '(?:[^'\\\n\r]|\\.)*'
        | <[^<>"{}|^`\\\x00-\x20]*>                  # IRIs
        | \#[^\n\r]*                                 # comments
        | [?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+  # variables
        | @[A-Za-z]+(?:-[A-Za-z0-9]+)*               # language tags
        | [^\W\d][\w.\-]*:(?:[\w.\-:%]|\\.)*         # prefixed names (\# escapes a #)
        | :(?:[\w.\-:%]|\\.)*                        # names in the empty prefix
        | _:[\w.\-]+                                 # blank node labels
        | \d+(?:\.\d*)?(?:[eE][+-]?\d+)?             # numbers
      )
    | (?P<word>[A-Za-z]\w*)
    """,
    re.VERBOSE | re.DOTALL,
)

#: The keywords that begin a SPARQL 1.1 update operation.
UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
)


def keywords(text: str) -> list[str]:
    """The bare words of ``text`` (keywords, function names, ``a``), upper-cased, in order.

    Examples
    --------
    >>> keywords('SELECT ?service { ?s rdfs:label "service" } # SERVICE')
    ['SELECT']
    >>> keywords("select * { service <http://x/> { ?s ?p ?o } }")
    ['SELECT', 'SERVICE']
    """
    return [m.group("word").upper() for m in _TOKEN.finditer(text) if m.group("word")]


def is_update(words: list[str]) -> bool:
    """True when the words (of :func:`keywords`) begin like a SPARQL update after the prologue."""
    body = [w for w in words if w not in ("PREFIX", "BASE")]
    return bool(body) and body[0] in UPDATE_KEYWORDS
