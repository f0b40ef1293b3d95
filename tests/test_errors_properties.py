"""Property-based tests (hypothesis) of the CSV loader, the build and name resolution.

Invariants, not examples: any text either loads exactly or gives a DataError; any bytes give a
dataset or a DataError; valid names survive export and parsing; the order of rows changes
nothing; resolution groups do not depend on the order organisations come in.
"""

from __future__ import annotations

import io
import random
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS, SKOS

import segraph
from segraph.dataset.identity import resolve_organisations
from segraph.dataset.load import load_ecosystem
from segraph.dataset.read import load_dataset
from segraph.dataset.records import Organisation
from segraph.errors import DataError, Origin
from segraph.rdf.iris import org_iri
from segraph.rdf.serialize import serialize_graph
from tests.conftest import MINI
from tests.errors_support import read_rows, write_rows

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
TOML = 'id = "prop"\ntitle = "Property test"\nyear = 2021\n'
ORG_HEADER = ["id", "name_ko", "name_en", "alt_names", "kind", "legal_form", "note"]

#: Characters a CSV cell may hold (per docs/errors.md): anything but C0/DEL controls other
#: than tab, LF and CR, and the noncharacters U+FFFE/U+FFFF. Written out independently of the
#: loader's own pattern.
REFUSED = {chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"} | {"\x7f", "\ufffe", "\uffff"}


def _dataset(folder: Path, rows: list[list[str]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "dataset.toml").write_text(TOML, encoding="utf-8")
    write_rows(folder / "organisations.csv", [ORG_HEADER, *rows])
    return folder


def _org_row(org_id: str, name: str, legal_form: str = "", note: str = "") -> list[str]:
    return [org_id, name, "", "", "enterprise", legal_form, note]


def _acceptable(text: str, required: bool = True) -> bool:
    """Whether a cell should load: after trimming (str.strip), no refused character is left."""
    value = text.strip()
    return not (set(value) & REFUSED) and (bool(value) or not required)


@SETTINGS
@given(name=st.text(max_size=40), note=st.text(max_size=40))
def test_any_text_loads_exactly_or_gives_a_data_error(name: str, note: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = _dataset(Path(tmp) / "d", [_org_row("a", name, note=note)])
        valid = _acceptable(name) and _acceptable(note, required=False)
        try:
            dataset = load_dataset(folder)
        except DataError as error:
            assert not valid, error
            assert str(error).startswith(str(folder / "organisations.csv") + ":2:")
            assert "\n" not in str(error)
            return
        assert valid
        (org,) = dataset.organisations
        assert org.name_ko == name.strip()
        assert (org.note or "") == note.strip()


@SETTINGS
@given(data=st.binary(max_size=400), with_header=st.booleans())
def test_any_bytes_give_a_dataset_or_a_data_error(data: bytes, with_header: bool) -> None:
    header = b"id,name_ko,kind\n" if with_header else b""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "dataset.toml").write_text(TOML, encoding="utf-8")
        (folder / "organisations.csv").write_bytes(header + data)
        try:
            load_dataset(folder, lenient=True)
            load_dataset(folder)
        except DataError as error:
            assert "\n" not in str(error)
            assert str(error).startswith(str(folder / "organisations.csv"))


hostile = st.one_of(
    st.sampled_from(
        [
            '<script>alert("x")</script>',
            "Quote \" and ' apostrophe",
            "back\\slash \\n \\u0041 \\",
            "close } brace { and }} more",
            "line one\nline two\r\nline three",
            '""" triple """ and \'\'\'',
            "@prefix x: <http://evil/> .",
            "${name} %s {0} ?x . } UNION { ?s ?p ?o",
        ]
    ),
    st.text(
        alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters=REFUSED),
        min_size=1,
        max_size=30,
    ),
)


@SETTINGS
@given(name=hostile, alt=hostile)
def test_names_survive_build_export_and_parse(name: str, alt: str) -> None:
    assume(name.strip() and alt.strip() and ";" not in alt)
    with tempfile.TemporaryDirectory() as tmp:
        folder = _dataset(Path(tmp) / "d", [["a", name, alt, alt, "enterprise", "", ""]])
        graph = segraph.build_graph(data=[folder], include_ontology=False)
        node = org_iri("a")
        for fmt, parser in (("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")):
            parsed = Graph().parse(io.BytesIO(serialize_graph(graph, fmt)), format=parser)
            assert Literal(name.strip(), lang="ko") in set(parsed.objects(node, RDFS.label))
            assert Literal(alt.strip(), lang="en") in set(parsed.objects(node, RDFS.label))
            assert Literal(alt.strip(), lang="ko") in set(parsed.objects(node, SKOS.altLabel))


def _shuffled_copy(target: Path, seed: int) -> Path:
    """Copy the mini dataset with the data rows of every CSV file in a random order."""
    rng = random.Random(seed)
    target.mkdir()
    for path in MINI.iterdir():
        if path.suffix == ".csv":
            header, *rows = read_rows(path)
            rng.shuffle(rows)
            write_rows(target / path.name, [header, *rows])
        else:
            (target / path.name).write_bytes(path.read_bytes())
    return target


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_row_order_does_not_change_the_graph(seed: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        shuffled = _shuffled_copy(Path(tmp) / "shuffled", seed)
        expected = segraph.build_graph(data=[MINI], include_ontology=False)
        assert isomorphic(segraph.build_graph(data=[shuffled], include_ontology=False), expected)


#: Name parts chosen so that random names often collide after normalisation.
PARTS = [
    "함께",
    "강동",
    " ",
    "(주)",
    "주식회사",
    "협동조합",
    "사회적협동조합",
    "(사)",
    "·",
    "A",
    "a",
]
#: Names that often collide after normalisation, mixed with arbitrary Unicode text.
names = st.one_of(
    st.lists(st.sampled_from(PARTS), min_size=1, max_size=4).map("".join),
    st.text(
        alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters=REFUSED),
        min_size=1,
        max_size=12,
    ),
)
forms = st.sampled_from(["", "cooperative", "social-cooperative", "stock-company"])
organisations = st.lists(st.tuples(names, forms), min_size=1, max_size=8)


def _records(orgs: list[tuple[str, str]]) -> list[Organisation]:
    return [
        Organisation(
            f"o{n}", name, "enterprise", Origin(Path("x.csv"), n + 2), legal_form=form or None
        )
        for n, (name, form) in enumerate(orgs)
    ]


def _partition(groups: list[list[str]]) -> set[frozenset[str]]:
    return {frozenset(group) for group in groups}


@SETTINGS
@given(orgs=organisations, seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_row_order_does_not_change_resolution_or_graph(
    orgs: list[tuple[str, str]], seed: int
) -> None:
    rows = [_org_row(f"o{n}", name, form) for n, (name, form) in enumerate(orgs)]
    assume(all(row[1].strip() for row in rows))
    shuffled = rows[:]
    random.Random(seed).shuffle(shuffled)
    with tempfile.TemporaryDirectory() as tmp:
        first = _dataset(Path(tmp) / "first", rows)
        second = _dataset(Path(tmp) / "second", shuffled)
        eco_first, eco_second = load_ecosystem([first]), load_ecosystem([second])
        assert _partition(eco_first.resolution.groups) == _partition(eco_second.resolution.groups)
        assert eco_first.resolution.canonical == eco_second.resolution.canonical
        assert isomorphic(
            segraph.build_graph(data=[first], include_ontology=False),
            segraph.build_graph(data=[second], include_ontology=False),
        )


@SETTINGS
@given(orgs=organisations, seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_resolution_invariants_in_any_order(orgs: list[tuple[str, str]], seed: int) -> None:
    records = _records(orgs)
    random.Random(seed).shuffle(records)
    resolution = resolve_organisations(records)
    position = {org.id: n for n, org in enumerate(records)}
    seen: set[str] = set()
    for group in resolution.groups:
        assert len(group) > 1
        assert not seen & set(group)
        seen |= set(group)
        assert group[0] == min(group, key=position.__getitem__)
        for alias in group[1:]:
            assert resolution(alias) == group[0]
    assert set(resolution.canonical) == seen - {group[0] for group in resolution.groups}
    same: dict[tuple[str, str | None], set[str]] = {}
    for org in records:
        same.setdefault((org.name_ko, org.legal_form), set()).add(org.id)
    for ids in same.values():
        assert len({resolution(i) for i in ids}) == 1, ids


@SETTINGS
@given(orgs=organisations, seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_resolution_groups_do_not_depend_on_order(orgs: list[tuple[str, str]], seed: int) -> None:
    records = _records(orgs)
    shuffled = records[:]
    random.Random(seed).shuffle(shuffled)
    first, second = resolve_organisations(records), resolve_organisations(shuffled)
    assert _partition(first.groups) == _partition(second.groups)


def test_a_bare_name_between_two_conflicting_forms_joins_the_same_group_in_any_order() -> None:
    origin = Origin(Path("x.csv"), 2)
    bare = Organisation("a", "함께", "enterprise", origin)
    company = Organisation("b", "(주)함께", "enterprise", origin)
    association = Organisation("c", "(사)함께", "enterprise", origin)
    partitions = {
        frozenset(_partition(resolve_organisations(order).groups))
        for order in (
            [bare, company, association],
            [association, bare, company],
            [company, association, bare],
        )
    }
    assert len(partitions) == 1
    (partition,) = partitions
    assert frozenset({"b", "c"}) not in partition
