"""Start and stop the SPARQL servers the tests talk to: Oxigraph and ``segraph serve``."""

from __future__ import annotations

import http.server
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    """A TCP port nobody listens on at the moment."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_answering(url: str, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    """Poll ``url`` until it answers (any HTTP status); fail if the process dies or times out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


@contextmanager
def running(command: list[str], probe_url: str, log: Path) -> Iterator[None]:
    """Run ``command`` until the block ends; it must answer at ``probe_url`` first."""
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        try:
            wait_until_answering(probe_url, process)
            yield
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def oxigraph_command() -> str | None:
    """The ``oxigraph`` command installed beside this Python (the test extra), or on PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    return str(beside) if beside.exists() else shutil.which("oxigraph")


@contextmanager
def oxigraph_server(location: Path, log: Path) -> Iterator[str]:
    """An Oxigraph server on a free loopback port; yields its base URL (``…/query``,
    ``…/store``)."""
    command = oxigraph_command()
    assert command is not None, "the oxigraph package (test extra) is not installed"
    base = f"http://127.0.0.1:{free_port()}"
    serve = [command, "serve", "--location", str(location), "--bind", base.removeprefix("http://")]
    with running(serve, f"{base}/query?query=ASK%7B%7D", log):
        yield base


@contextmanager
def segraph_server(args: list[str], log: Path) -> Iterator[str]:
    """``segraph serve`` (as the installed command) on a free loopback port; yields its base URL."""
    port = free_port()
    segraph = Path(sys.executable).with_name("segraph")
    command = [str(segraph), "serve", "--port", str(port), "--quiet", *args]
    base = f"http://127.0.0.1:{port}"
    with running(command, f"{base}/sparql?query=ASK%7B%7D", log):
        yield base


@contextmanager
def stub_server(handler: type[http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve ``handler`` on a free loopback port in a thread; yield its base URL
    (``http://127.0.0.1:PORT``) and stop the server after."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


VIRTUOSO = shutil.which("virtuoso-t")
VIRTUOSO_INI = """\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = .
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
ServerThreads = 10
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
"""
#: What lets anonymous SPARQL clients on loopback write: the SPARQL_UPDATE role and write
#: permission on every graph (a throw-away test database only).
VIRTUOSO_GRANTS = (
    "GRANT SPARQL_UPDATE TO \"SPARQL\"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);"
)


@contextmanager
def virtuoso_server(folder: Path) -> Iterator[dict[str, str]]:
    """Virtuoso Open Source (Debian's virtuoso-opensource) on free loopback ports, in a fresh
    database in ``folder``; yields its ``store`` (Graph Store), ``query`` and ``update`` URLs."""
    assert VIRTUOSO is not None, "virtuoso-t is not installed (apt-get install virtuoso-opensource)"
    sql_port, http_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(
        VIRTUOSO_INI.format(folder=folder, sql_port=sql_port, http_port=http_port),
        encoding="utf-8",
    )
    base = f"http://127.0.0.1:{http_port}"
    command = [VIRTUOSO, "+foreground", "+configfile", str(ini)]
    with running(command, f"{base}/sparql?query=ASK%7B%7D", folder / "server.log"):
        isql = shutil.which("isql-vt") or "isql-vt"
        subprocess.run(
            [isql, f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={VIRTUOSO_GRANTS}"],
            check=True,
            capture_output=True,
            timeout=60,
        )
        yield {
            "store": f"{base}/sparql-graph-crud",
            "query": f"{base}/sparql",
            "update": f"{base}/sparql",
        }
