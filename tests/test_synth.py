"""The synthetic ecosystem generator: deterministic, loadable, national in shape."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from segraph import build_graph, select, validate_graph
from segraph.cli.main import main
from segraph.dataset.regions import admin_areas
from segraph.dataset.synthetic import PROVINCE_WEIGHTS, SynthConfig, synthesise, write_synthetic
from segraph.errors import UsageError


def read_rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def synth_2000(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("synth") / "n2000"
    write_synthetic(SynthConfig(orgs=2000, seed=7), folder)
    return folder


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    config = SynthConfig(orgs=300, seed=3)
    write_synthetic(config, tmp_path / "a")
    write_synthetic(config, tmp_path / "b")
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "b").iterdir())
    assert "organisations.csv" in names and "dataset.toml" in names
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_another_seed_gives_another_ecosystem(tmp_path: Path) -> None:
    write_synthetic(SynthConfig(orgs=300, seed=3), tmp_path / "a")
    write_synthetic(SynthConfig(orgs=300, seed=4), tmp_path / "b")
    a = (tmp_path / "a" / "participations.csv").read_bytes()
    assert a != (tmp_path / "b" / "participations.csv").read_bytes()


def test_rows_are_sorted(synth_2000: Path) -> None:
    for path in synth_2000.glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))[1:]
        assert rows == sorted(rows), path.name


def test_loads_and_builds_with_every_organisation(synth_2000: Path) -> None:
    graph = build_graph(data=[synth_2000], include_ontology=False)
    expected = {row["id"] for row in read_rows(synth_2000, "organisations.csv")}
    assert len(expected) == 2000
    rows = select(graph, "SELECT ?id WHERE { ?o a org:Organization ; seg:identifier ?id }")
    assert {row["id"] for row in rows} == expected


def test_provinces_and_districts(synth_2000: Path) -> None:
    rows = read_rows(synth_2000, "districts.csv")
    provinces = {row["code"] for row in rows if not row["parent"]}
    assert provinces == set(PROVINCE_WEIGHTS) and len(provinces) == 17
    reference = admin_areas().by_code
    assert {row["code"] for row in rows} == set(reference)  # the real areas, with their codes
    assert all(row["parent"] == (reference[row["code"]].parent or "") for row in rows)
    parents = {row["parent"] for row in rows}
    used = {row["district"] for row in read_rows(synth_2000, "organisations.csv")}
    assert used <= {row["code"] for row in rows} - parents  # organisations sit in leaf areas
    assert len({code[:2] for code in used}) == 17


def test_skewed_participation(synth_2000: Path) -> None:
    rows = [r for r in read_rows(synth_2000, "participations.csv") if r["role"] == "participant"]
    sizes = sorted(Counter(r["program"] for r in rows).values())
    assert sizes[0] >= 3
    assert sizes[-1] >= 5 * sizes[len(sizes) // 2]  # the largest dwarfs the median
    per_org_year = Counter((r["organisation"], r["year"]) for r in rows)
    activity = sorted(per_org_year.values())
    assert sum(a <= 2 for a in activity) / len(activity) > 0.6  # most in one or two a year
    lines = Counter(r["organisation"] for r in rows if r["year"] == "2021")
    assert max(lines.values()) >= 8  # a few hubs in many
    years = Counter(r["year"] for r in rows)
    assert sorted(years) == ["2021", "2022", "2023"]
    line_years = Counter((r["organisation"], r["program"].split("-", 1)[1]) for r in rows)
    assert max(line_years.values()) == 3  # some stay in a program line every year


def test_national_scale_has_programs_of_thousands() -> None:
    tables = synthesise(SynthConfig(orgs=6000, seed=1))
    rows = tables["participations.csv"].rows
    sizes = sorted(Counter(r[1] for r in rows if r[2] == "participant").values())
    assert sizes[0] >= 3 and sizes[len(sizes) // 2] <= 10
    assert sizes[-1] >= 1000  # a national scheme


def test_consortia_networks_ties_and_hierarchy(synth_2000: Path) -> None:
    orgs = {row["id"]: row["kind"] for row in read_rows(synth_2000, "organisations.csv")}
    memberships = read_rows(synth_2000, "memberships.csv")
    consortia = {m["organisation"] for m in memberships if orgs[m["organisation"]] == "consortium"}
    assert consortia == {o for o, kind in orgs.items() if kind == "consortium"}
    assert any(orgs[m["organisation"]] == "network" for m in memberships)
    assert len(read_rows(synth_2000, "ties.csv")) > 100
    programs = read_rows(synth_2000, "programs.csv")
    levels = Counter(p["level"] for p in programs)
    assert levels["area"] == 15 and levels["unit"] > 0 and levels["subprogram"] > 0
    assert read_rows(synth_2000, "indicators.csv")


def test_cli_writes_the_dataset(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["synth", "--orgs", "50", "-o", str(tmp_path / "out"), "--years", "2020-2021"]
    )
    assert result.exit_code == 0, result.output
    rows = read_rows(tmp_path / "out", "programs.csv")
    assert {row["year"] for row in rows} == {"2020", "2021"}
    assert len(read_rows(tmp_path / "out", "organisations.csv")) == 50


@pytest.mark.parametrize("years", ["twenty", "2023-2021", "21"])
def test_cli_rejects_bad_years(tmp_path: Path, years: str) -> None:
    result = CliRunner().invoke(
        main, ["synth", "--orgs", "50", "-o", str(tmp_path), "--years", years]
    )
    assert result.exit_code == 2
    assert "--years" in result.output


def test_too_few_organisations(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"^orgs 5: must be at least 20$"):
        SynthConfig(orgs=5)
    result = CliRunner().invoke(main, ["synth", "--orgs", "5", "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and "--orgs 5: must be at least 20" in result.output


def test_small_ecosystem_conforms_to_the_shapes(tmp_path: Path) -> None:
    write_synthetic(SynthConfig(orgs=200, seed=5), tmp_path)
    report = validate_graph(build_graph(data=[tmp_path]))
    assert report.conforms, report.text()
