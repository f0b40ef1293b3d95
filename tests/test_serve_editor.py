"""The query editor of `segraph serve`: the vendored YASGUI, served by segraph, working offline
in a real browser (Debian's chromium through playwright)."""

from __future__ import annotations

import hashlib
import re
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph

from segraph.rdf.namespaces import PREFIXES
from segraph.sparql.query import select
from segraph.sparql.server.editor import ASSETS, EXAMPLE_QUERY, script_data
from segraph.sparql.server.http import ServerLimits, SparqlServer, make_server

EDITOR = Path(__file__).parent.parent / "segraph" / "sparql" / "server" / "editor"
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def server(mini_graph: Graph) -> Iterator[SparqlServer]:
    running = make_server(mini_graph, "127.0.0.1", 0, ServerLimits())
    running.quiet = True
    threading.Thread(target=running.serve_forever, daemon=True).start()
    yield running
    running.shutdown()
    running.server_close()


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_the_vendored_files_are_the_published_ones() -> None:
    readme = (EDITOR / "README.md").read_text(encoding="utf-8")
    listed = dict(
        (name, digest) for digest, name in re.findall(r"^([0-9a-f]{64})  (\S+)$", readme, re.M)
    )
    assert set(listed) == {"yasgui.min.js", "yasgui.min.css"}
    for name, digest in listed.items():
        assert hashlib.sha256((EDITOR / name).read_bytes()).hexdigest() == digest, name


def test_the_page_and_its_files_are_served_by_the_server(server: SparqlServer) -> None:
    status, headers, body = fetch(server.url)
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "connect-src 'self'" in policy
    page = body.decode("utf-8")
    for src in re.findall(r'(?:src|href)="(/editor/[^"]+)"', page):
        status, headers, asset = fetch(server.url.rstrip("/") + src)
        assert status == 200 and len(asset) > 100, src
        assert headers["Content-Type"].split(";")[0] == ASSETS[src.removeprefix("/editor/")]
    assert sorted(re.findall(r'(?:src|href)="/editor/([^"]+)"', page)) == sorted(ASSETS)
    for missing in ("/editor/nothing.js", "/editor/../http.py", "/editor/README.md"):
        assert fetch(server.url.rstrip("/") + missing)[0] == 404, missing


def test_settings_in_the_page_cannot_close_its_script() -> None:
    text = script_data({"query": '</script><script>alert("x")</script>'})
    assert "</script>" not in text and "<" not in text


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (apt-get install)")
def test_the_editor_runs_a_query_in_a_browser_offline(server: SparqlServer) -> None:
    from playwright import sync_api

    origin = server.url.rstrip("/")
    blocked: list[str] = []
    errors: list[str] = []

    def route(request: Any) -> None:
        if request.request.url.startswith(origin + "/"):
            request.continue_()
        else:
            blocked.append(request.request.url)
            request.abort()

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page()
            page.route("**/*", route)
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(server.url)
            page.wait_for_function("window.segraphEditor !== undefined", timeout=30_000)
            query = "SELECT ?id WHERE { ?p a seg:UnitProgram ; seg:identifier ?id } ORDER BY ?id"
            page.evaluate(
                """(query) => {
                    const yasqe = window.segraphEditor.getTab().getYasqe();
                    yasqe.setValue(yasqe.getValue().split("SELECT")[0] + query);
                    yasqe.query();
                }""",
                query,
            )
            page.wait_for_selector(".yasr table td", timeout=30_000)
            cells = page.eval_on_selector_all(
                ".yasr table td", "cells => cells.map(c => c.innerText)"
            )
        finally:
            browser.close()
    assert {"care", "intl", "youth"} <= {cell.strip().strip('"') for cell in cells}, cells
    assert blocked == [] and errors == [], (blocked, errors)


def test_the_example_query_declares_segraph_prefixes_and_has_answers(mini_graph: Graph) -> None:
    declared = dict(re.findall(r"^PREFIX (\w+): <([^>]+)>$", EXAMPLE_QUERY, re.M))
    assert declared and all(str(PREFIXES[p]) == iri for p, iri in declared.items())
    assert len(select(mini_graph, EXAMPLE_QUERY)) > 0
