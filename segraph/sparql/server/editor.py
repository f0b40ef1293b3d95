"""The query page of ``segraph serve``: YASGUI, vendored, on the server's own endpoint.

Everything the page needs is served by the server itself from ``editor/`` (no web access: the
page works offline); the Content-Security-Policy lets it load scripts and styles from this
server only and talk to this server only.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files

#: The files under ``/editor/`` → their media types.
ASSETS: dict[str, str] = {
    "yasgui.min.js": "text/javascript",
    "yasgui.min.css": "text/css",
    "segraph-editor.js": "text/javascript",
}

#: What the page may load and talk to: this server only.
PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)

EXAMPLE_QUERY = """\
PREFIX seg: <https://w3id.org/segraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

SELECT ?program ?name ?budget WHERE {
  ?program a seg:UnitProgram ; rdfs:label ?name .
  FILTER(LANG(?name) = "ko")
  OPTIONAL { ?program seg:budget ?budget }
}
ORDER BY ?program
"""


@cache
def asset(name: str) -> bytes | None:
    """The bytes of ``/editor/<name>``, None when there is no such file."""
    if name not in ASSETS:
        return None
    return files("segraph.sparql.server").joinpath("editor", name).read_bytes()


def script_data(value: object) -> str:
    """JSON that can sit inside a ``<script>`` element: no ``<``, so no ``</script>``."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")


def editor_page(endpoint: str) -> bytes:
    """The HTML page of the editor, querying ``endpoint``, the example query in its box."""
    settings = script_data({"endpoint": endpoint, "query": EXAMPLE_QUERY})
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>segraph SPARQL</title>
<link rel="stylesheet" href="/editor/yasgui.min.css">
<style>body {{ font-family: sans-serif; margin: 0 1em; }} h1 {{ font-size: 1.3em; }}</style>
</head><body>
<h1>segraph SPARQL</h1>
<p>Read-only SPARQL 1.1 endpoint: <code>/sparql</code>. segraph's prefixes (seg, org, rov,
schema, skos, prov, rdfs…) are predeclared; Ctrl+Enter runs the query.</p>
<div id="yasgui"></div>
<noscript><p>The editor needs JavaScript. Without it, send queries to <code>/sparql</code>
(e.g. <code>curl --data-urlencode query@q.rq http://host:port/sparql</code>).</p></noscript>
<script type="application/json" id="segraph-settings">{settings}</script>
<script src="/editor/yasgui.min.js"></script>
<script src="/editor/segraph-editor.js"></script>
</body></html>
""".encode()
