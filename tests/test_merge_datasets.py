"""Several datasets in one graph: no order dependence, no silent overwrite, no false merge."""

from __future__ import annotations

import csv
import itertools
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF

from segraph.dataset.load import load_ecosystem
from segraph.errors import DataError
from segraph.rdf.build import build_graph
from segraph.rdf.namespaces import ID, SEG
from segraph.rdf.serialize import serialize_graph
from segraph.sparql.query import select
from tests.conftest import FIXTURES, coparticipation_pairs, csv_rows, participation_facts

ORGANISATION_COLUMNS = "id,name_ko,kind,legal_form,district,district_basis,business_number,source"


def write_dataset(
    folder: Path,
    dataset_id: str,
    organisations: list[str],
    districts: list[str] = (),  # type: ignore[assignment]
    year: int | None = None,
    area: str | None = None,
) -> Path:
    """A dataset folder with one source ``s`` and the rows given (CSV lines without header)."""
    folder.mkdir(parents=True)
    toml = [f'id = "{dataset_id}"', f'title = "{dataset_id}"']
    toml += [f"year = {year}"] if year else []
    toml += [f'area = "{area}"'] if area else []
    (folder / "dataset.toml").write_text("\n".join(toml) + "\n", encoding="utf-8")
    (folder / "sources.csv").write_text("id,title\ns,출처\n", encoding="utf-8")
    (folder / "organisations.csv").write_text(
        "\n".join([ORGANISATION_COLUMNS, *organisations]) + "\n", encoding="utf-8"
    )
    if districts:
        (folder / "districts.csv").write_text(
            "\n".join(["code,name_ko,name_en,parent,source", *districts]) + "\n", encoding="utf-8"
        )
    return folder


@pytest.fixture
def conflicting(tmp_path: Path) -> Path:
    """States other values for the mini dataset's alpha (district, legal form) in 2022."""
    return write_dataset(
        tmp_path / "conflicting",
        "conflicting",
        ["alpha,사회적협동조합 함께강동,enterprise,cooperative,송파구,stated,,s"],
        ["11710,송파구,Songpa-gu,,s"],
        year=2022,
    )


def sorted_ntriples(graph: Graph) -> list[str]:
    return sorted(serialize_graph(graph, "nt").decode("utf-8").splitlines())


def test_every_order_of_the_data_folders_gives_the_same_graph(conflicting: Path) -> None:
    folders = [FIXTURES / "mini", FIXTURES / "extra", conflicting]
    graphs = [
        sorted_ntriples(build_graph(list(order))) for order in itertools.permutations(folders)
    ]
    assert all(graph == graphs[0] for graph in graphs[1:])
    assert any(line.startswith("_:") for line in graphs[0])  # the ontology's blank nodes too


def test_conflicting_values_are_all_kept_with_their_sources(conflicting: Path) -> None:
    eco = load_ecosystem([conflicting, FIXTURES / "mini"])
    conflicts = {c.field: c for c in eco.conflicts.about("organisation")["alpha"]}
    assert set(conflicts) == {"district", "legal_form"}
    district = conflicts["district"]
    assert district.values == {"11740": ("mini/s1", "mini/s2"), "11710": ("conflicting/s",)}
    assert district.first == "11740"  # the 2021 dataset comes first, whatever the order given
    assert eco.organisations["alpha"].district == "11740"
    graph = build_graph([conflicting, FIXTURES / "mini"])
    stated = {
        (graph.value(node, RDF.object), source)
        for node in graph.subjects(RDF.predicate, SEG.locatedIn)
        for source in graph.objects(node, PROV.wasDerivedFrom)
    }
    assert stated == {
        (ID["district/11740"], ID["source/mini/s1"]),
        (ID["district/11740"], ID["source/mini/s2"]),
        (ID["district/11710"], ID["source/conflicting/s"]),
    }
    assert all(
        (node, RDF.type, SEG.StatedValue) in graph
        for node, _, _ in graph.triples((None, RDF.subject, ID["org/alpha"]))
    )


def test_a_district_name_is_read_in_its_own_dataset_first(tmp_path: Path) -> None:
    national = write_dataset(
        tmp_path / "national",
        "a-national-list",
        ["brn-1,부산 나눔,enterprise,,26440,stated,1098112345,s"],
        [
            "11500,서울특별시 강서구,Gangseo-gu Seoul,,s",
            "26440,부산광역시 강서구,Gangseo-gu Busan,,s",
        ],
    )
    seoul = write_dataset(
        tmp_path / "seoul",
        "seoul",
        ["gangseo,강서 돌봄,enterprise,,강서구,stated,,s"],
        ["11500,강서구,Gangseo-gu,,s"],
        year=2021,
    )
    for order in ([national, seoul], [seoul, national]):
        assert load_ecosystem(order).organisations["gangseo"].district == "11500"
    busan = write_dataset(
        tmp_path / "busan",
        "busan",
        ["nakdong,낙동 나눔,enterprise,,강서구,stated,,s"],
        ["26440,강서구,Gangseo-gu,,s"],
    )
    for order in itertools.permutations([national, seoul, busan]):
        eco = load_ecosystem(list(order))
        assert eco.organisations["gangseo"].district == "11500"
        assert eco.organisations["nakdong"].district == "26440"
    elsewhere = write_dataset(
        tmp_path / "elsewhere", "elsewhere", ["x,어딘가,enterprise,,강서구,stated,,s"]
    )
    with pytest.raises(DataError, match=r"names more than one district \(11500, 26440\)"):
        load_ecosystem([seoul, busan, elsewhere])
    with pytest.raises(DataError, match="did you mean '부산광역시 강서구' or '서울특별시 강서구'"):
        load_ecosystem([national, elsewhere])


def test_business_numbers_decide_identity_before_names(tmp_path: Path) -> None:
    first = write_dataset(
        tmp_path / "first",
        "first",
        [
            "dosirak-seoul,행복도시락,enterprise,,,,2148612341,s",
            "renamed,새이름협동조합,enterprise,,,,6058112348,s",
        ],
        area="11",
        districts=["11,서울특별시,Seoul,,s"],
    )
    second = write_dataset(
        tmp_path / "second",
        "second",
        [
            "dosirak-busan,행복도시락,enterprise,,,,1098112345,s",  # same name, other number
            "old-name,옛이름협동조합,enterprise,,,,6058112348,s",  # other name, same number
        ],
    )
    eco = load_ecosystem([first, second])
    assert eco.resolution("dosirak-busan") == "dosirak-busan"
    assert eco.resolution("old-name") == "renamed"
    assert eco.resolution.reasons["old-name"] == "business number 6058112348"
    misses = {(m.first, m.second): m.reason for m in eco.resolution.near_misses}
    assert misses == {("dosirak-busan", "dosirak-seoul"): "business registration numbers differ"}


def test_a_name_alone_merges_across_datasets_only_where_both_areas_are_known(
    tmp_path: Path,
) -> None:
    districts = ["11,서울특별시,Seoul,,s", "26,부산광역시,Busan,,s", "11440,마포구,Mapo-gu,11,s"]
    base = write_dataset(
        tmp_path / "base", "base", ["happy,행복도시락,enterprise,,,,,s"], districts, area="11"
    )
    unplaced = write_dataset(tmp_path / "unplaced", "unplaced", ["u,행복도시락,enterprise,,,,,s"])
    busan = write_dataset(tmp_path / "busan", "busan", ["b,행복도시락,enterprise,,26,stated,,s"])
    mapo = write_dataset(
        tmp_path / "mapo", "mapo", ["m,(주)행복도시락,enterprise,,마포구,stated,,s"]
    )
    eco = load_ecosystem([base, unplaced, busan, mapo])
    assert eco.resolution("m") == "happy"  # 마포구 lies in 서울, the base dataset's area
    assert eco.resolution("b") == "b" and eco.resolution("u") == "u"
    reasons = {(m.first, m.second): m.reason for m in eco.resolution.near_misses}
    assert reasons[("b", "happy")].startswith("areas differ")
    assert "area unknown" in reasons[("happy", "u")]


def test_two_datasets_with_one_id_are_refused(tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(FIXTURES / "mini", copy)
    with pytest.raises(DataError, match="dataset id 'mini' is also the id of"):
        load_ecosystem([FIXTURES / "mini", copy])


def test_each_year_keeps_its_own_participations(tmp_path: Path) -> None:
    later = tmp_path / "mini-2022"
    shutil.copytree(FIXTURES / "mini", later)
    toml = (later / "dataset.toml").read_text(encoding="utf-8")
    (later / "dataset.toml").write_text(
        toml.replace('id = "mini"', 'id = "mini-2022"').replace("year = 2021", "year = 2022"),
        encoding="utf-8",
    )
    one = load_ecosystem([FIXTURES / "mini"])
    both = load_ecosystem([FIXTURES / "mini", later])
    assert all(p.year == 2021 for p in one.participations)  # the dataset's year by default
    with (FIXTURES / "mini" / "participations.csv").open(encoding="utf-8") as rows:
        stated = [row for row in csv.DictReader(rows) if row["year"]]
    # a participation whose row says 2021 is one fact, stated by both datasets
    assert len(both.participations) == 2 * len(one.participations) - len(stated)
    assert any(p.source == ("mini/s1", "mini-2022/s1") for p in both.participations)
    graph = build_graph([later, FIXTURES / "mini"])
    years = {str(year) for year in graph.objects(None, SEG.year)}
    assert {"2021", "2022"} <= years
    assert (
        URIRef(ID["participation/alpha/care/executor/2022"]),
        RDF.type,
        SEG.Participation,
    ) in graph


def _sparql_of_the_years_section() -> list[str]:
    text = (Path(__file__).parent.parent / "docs" / "vocabulary.md").read_text(encoding="utf-8")
    section = text.split("## Years and sources", 1)[1].split("\n## ", 1)[0]
    return [block.split("```", 1)[0] for block in section.split("```sparql\n")[1:]]


def test_two_years_keep_every_year_s_facts_and_both_values_of_a_changed_one(
    two_years: tuple[Path, Path],
) -> None:
    first, second = two_years
    graph = build_graph([second, first])
    facts = participation_facts(first, 2021) | participation_facts(second, 2022)
    counted = {
        str(row["year"]): row["n"]
        for row in select(
            graph,
            "SELECT ?year (COUNT(?p) AS ?n) WHERE { ?p a seg:Participation ; seg:year ?year } "
            "GROUP BY ?year ORDER BY ?year",
        )
    }
    assert counted == {
        year: sum(1 for fact in facts if fact[3] == year) for year in {f[3] for f in facts}
    }
    assert counted["2022"] < counted["2021"]  # 20 gone, 5 new (those with a year stay 2021)
    stated, one_year, persisting, gone = _sparql_of_the_years_section()
    rows = select(graph, one_year)
    assert len(rows) == sum(1 for fact in facts if fact[3] == "2021")
    indicator = csv_rows(first / "indicators.csv")[0]["id"]
    values = {
        (str(row["value"]), str(row["source"]).rsplit("/", 2)[-2])
        for row in select(graph, stated)
        if row["subject"].endswith(f"/indicator/{indicator}")
    }
    assert {value for value, _ in values} == {"1", "2"}  # both results, none overwritten
    assert {dataset for _, dataset in values} == {"seoul-2021", "seoul-2022"}

    expected = coparticipation_pairs(facts, "2021") & coparticipation_pairs(facts, "2022")
    found = {
        (row["a"].rsplit("/", 1)[1], row["b"].rsplit("/", 1)[1])
        for row in select(graph, persisting)
    }
    assert found == expected and expected
    left = {org for org, *_, y in facts if y == "2021"} - {
        org for org, *_, y in facts if y == "2022"
    }
    assert {row["org"].rsplit("/", 1)[1] for row in select(graph, gone)} == left


def test_ties_memberships_and_indicators_carry_the_year_of_each_dataset_stating_them(
    two_years: tuple[Path, Path],
) -> None:
    first, second = two_years
    graph = build_graph([first, second])
    for kind in ("Tie", "Indicator"):
        rows = select(
            graph,
            f"SELECT ?node (GROUP_CONCAT(STR(?year); separator=' ') AS ?years) WHERE {{ "
            f"?node a seg:{kind} ; seg:year ?year }} GROUP BY ?node ORDER BY ?node",
        )
        assert rows and all(row["years"] in ("2021 2022", "2022 2021") for row in rows), kind
    memberships = select(
        graph, "SELECT DISTINCT ?year WHERE { ?m a org:Membership ; seg:year ?year } ORDER BY ?year"
    )
    assert [str(row["year"]) for row in memberships] == ["2021", "2022"]


def test_corporate_numbers_are_a_key_as_business_numbers_are(tmp_path: Path) -> None:
    columns = "id,name_ko,kind,corporate_number,source"
    folder = tmp_path / "corporate"
    write_dataset(folder, "corporate", [])
    (folder / "organisations.csv").write_text(
        "\n".join(
            [
                columns,
                "a,푸른숲 사회적협동조합,enterprise,110111-0000010,s",
                "b,사회적협동조합 초록숲,enterprise,1101110000010,s",  # other name, same number
                "c,푸른숲사회적협동조합,enterprise,1101110000028,s",  # a's name, other number
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    eco = load_ecosystem([folder])
    assert eco.resolution("b") == "a"
    assert eco.resolution.reasons["b"] == "corporate number 1101110000010"
    assert eco.resolution("c") == "c"
    [miss] = eco.resolution.near_misses
    assert miss.reason == "corporate registration numbers differ"
    graph = build_graph([folder])
    assert (ID["org/a"], SEG.corporateRegistrationNumber, Literal("1101110000010")) in graph
    (folder / "organisations.csv").write_text(
        f"{columns}\nx,이름,enterprise,1101110000011,s\n", encoding="utf-8"
    )
    with pytest.raises(DataError, match=r"organisations\.csv:2: column 'corporate_number'"):
        load_ecosystem([folder])


def test_a_conflicting_value_left_out_by_a_lenient_load_is_not_stated(tmp_path: Path) -> None:
    bad = write_dataset(
        tmp_path / "bad",
        "bad",
        ["alpha,사회적협동조합 함께강동,enterprise,social-cooperative,송파구,stated,,s"],
        ["11710,송파구,Songpa-gu,,nosuch"],  # cites no source: left out when lenient
        year=2022,
    )
    graph = build_graph([FIXTURES / "mini", bad], lenient=True)
    assert (None, RDF.object, ID["district/11710"]) not in graph
    assert (ID["org/alpha"], SEG.locatedIn, ID["district/11740"]) in graph
