"""The layout follows the flow of data: no stage imports from a later one, and the CLI only
parses options and calls the library (see docs/architecture.md)."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: The stages of the library, in the order data flows through them.
STAGES: tuple[str, ...] = (
    "errors",
    "_util",
    "dataset",
    "importers",
    "rdf",
    "sparql",
    "network",
    "readwrite",
    "drawing",
)


def _module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking_blocks(tree: ast.Module) -> set[int]:
    """Ids of the nodes inside ``if TYPE_CHECKING:`` blocks (imports for annotations only)."""
    return {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
        for inner in ast.walk(node)
    }


def _imported_modules(path: Path, runtime_only: bool = False) -> list[tuple[int, str]]:
    """Every module ``path`` imports (at any depth of the file), with its line; with
    ``runtime_only``, not those imported for type checkers only."""
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_blocks(tree) if runtime_only else set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            found.extend((node.lineno, f"{node.module}.{alias.name}") for alias in node.names)
    return found


def _stage(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "segraph" or len(parts) < 2 or parts[1] not in STAGES:
        return None
    return parts[1]


def stage_violations(root: Path) -> list[str]:
    """Places where a module of the library imports from a later stage."""
    problems = []
    for path in sorted((root / "segraph").rglob("*.py")):
        own = _stage(_module_name(path, root))
        if own is None:
            continue
        for line, module in _imported_modules(path):
            other = _stage(module)
            if other is not None and STAGES.index(other) > STAGES.index(own):
                problems.append(f"{path.relative_to(root)}:{line}: {own} imports {module}")
    return problems


def test_no_stage_imports_from_a_later_stage() -> None:
    assert stage_violations(ROOT) == []


def test_the_checker_sees_an_import_from_a_later_stage(tmp_path: Path) -> None:
    dataset = tmp_path / "segraph" / "dataset"
    dataset.mkdir(parents=True)
    (dataset / "bad.py").write_text(
        "def f():\n    from segraph.network.views import collaboration_network\n",
        encoding="utf-8",
    )
    (dataset / "good.py").write_text("from segraph.errors import DataError\n", encoding="utf-8")
    assert stage_violations(tmp_path) == [
        "segraph/dataset/bad.py:2: dataset imports segraph.network.views",
        "segraph/dataset/bad.py:2: dataset imports segraph.network.views.collaboration_network",
    ]


def test_the_cli_imports_only_click_the_standard_library_and_segraph() -> None:
    allowed = {"click", "segraph", "__future__", *sys.stdlib_module_names}
    foreign = [
        f"{path.relative_to(ROOT)}:{line}: {module}"
        for path in sorted((ROOT / "cli").glob("*.py"))
        for line, module in _imported_modules(path, runtime_only=True)
        if module.split(".")[0] not in allowed
    ]
    assert foreign == []


def test_the_command_list_shows_each_commands_own_summary() -> None:
    from segraph.cli.main import COMMANDS, load_command, main

    assert sorted(COMMANDS) == sorted(main.list_commands(None))  # type: ignore[arg-type]
    for name, (_, _, summary) in COMMANDS.items():
        command = load_command(name)
        assert command.name == name
        assert summary == command.get_short_help_str(limit=200)


#: Each command of the CLI → the names of the Python API that do its work.
API_OF_COMMAND: dict[str, tuple[str, ...]] = {
    "build": ("build_graph", "open_graph", "write_graph", "serialize_graph"),
    "validate": ("validate_graph",),
    "stats": ("graph_stats",),
    "resolve": ("load_ecosystem", "resolution_rows", "near_miss_rows", "conflict_rows"),
    "import": ("import_list", "write_dataset"),
    "export": ("export",),
    "query": ("run_query", "select"),
    "cq": ("load_questions", "check_answer"),
    "serve": ("make_server",),
    "push": ("push_graph",),
    "metrics": ("analyse", "organisation_rows"),
    "compare": ("compare_years",),
    "report": ("write_report",),
    "nulls": ("read_networks", "compare_with_null", "NullSettings"),
    "stability": ("community_stability",),
    "programs": ("program_network", "program_rows"),
    "core": ("core_periphery",),
    "map": ("write_map", "MapSpec"),
    "synth": ("write_synthetic",),
}


def test_every_command_has_its_documented_functions_in_the_top_level_api() -> None:
    import segraph
    from segraph.cli.main import COMMANDS

    assert sorted(API_OF_COMMAND) == sorted(COMMANDS)
    for names in API_OF_COMMAND.values():
        for name in names:
            assert name in segraph.__all__
            value = getattr(segraph, name)
            assert value.__doc__ and value.__doc__.strip(), name


HEAVY = ("rdflib", "networkx", "scipy", "pyshacl", "pyoxigraph", "numpy")


def _loaded_after(code: str) -> tuple[list[str], float]:
    """The heavy modules loaded after running ``code`` in a fresh interpreter, and its time."""
    probe = (
        "import sys, time; started = time.perf_counter()\n"
        f"{code}\n"
        "elapsed = time.perf_counter() - started\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules), elapsed)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    )
    loaded, elapsed = result.stdout.strip().splitlines()[-1].rsplit(" ", 1)
    return ast.literal_eval(loaded), float(elapsed)


def test_import_segraph_and_the_command_list_load_no_heavy_library() -> None:
    loaded, seconds = _loaded_after("import segraph")
    assert loaded == [] and seconds < 0.3
    code = (
        "from segraph.cli.main import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass"
    )
    loaded, seconds = _loaded_after(code)
    assert loaded == [] and seconds < 0.5
    loaded, _ = _loaded_after("import segraph; segraph.load_graph")
    assert "rdflib" in loaded  # the probe sees a heavy import when there is one


def test_the_architecture_page_lists_every_module() -> None:
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([^`]+\.py)` \|", page, flags=re.MULTILINE))
    modules = {
        str(path.relative_to(ROOT))
        for package in ("segraph", "cli")
        for path in (ROOT / package).rglob("*.py")
    }
    assert listed == modules
