"""publications.csv: reports, studies and guides, read, checked and written as seg:Publication."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

import segraph
from segraph.errors import DataError
from segraph.rdf.namespaces import ID, SCHEMA, SEG

MINI = Path(__file__).parent / "fixtures" / "mini"


HEADER = "id,title_ko,title_en,category,number,publisher,program,year,source,note\n"
GOOD_ROW = "village-guide,마을기업 안내서,Village enterprise guide,안내서,1,center,youth,2021,s1,\n"


def folder_with(tmp_path: Path, rows: str) -> Path:
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    (folder / "publications.csv").write_text(HEADER + rows, encoding="utf-8")
    return folder


def test_a_publication_is_written_with_its_publisher_program_and_position(
    tmp_path: Path,
) -> None:
    graph = segraph.build_graph(data=[folder_with(tmp_path, GOOD_ROW)])
    node = ID["publication/village-guide"]
    assert (node, RDF.type, SEG.Publication) in graph
    assert (node, RDF.type, SCHEMA.CreativeWork) in graph
    assert set(graph.objects(node, RDFS.label)) == {
        Literal("마을기업 안내서", lang="ko"),
        Literal("Village enterprise guide", lang="en"),
    }
    assert graph.value(node, SCHEMA.genre) == Literal("안내서", lang="ko")
    assert graph.value(node, SCHEMA.position) == Literal(1, datatype=XSD.integer)
    assert graph.value(node, DCTERMS.publisher) == ID["org/center"]
    assert graph.value(node, SEG.program) == ID["program/youth"]
    assert graph.value(node, SEG.year) == Literal("2021", datatype=XSD.gYear)
    report = segraph.validate_graph(graph)
    assert report.conforms, report.text()


def test_an_unknown_publisher_is_a_located_error(tmp_path: Path) -> None:
    row = GOOD_ROW.replace(",center,", ",centre,")
    with pytest.raises(DataError) as caught:
        segraph.build_graph(data=[folder_with(tmp_path, row)])
    assert "publications.csv:2: column 'publisher': no organisation with id 'centre'" in str(
        caught.value
    )


def test_a_number_that_is_not_a_position_is_a_located_error(tmp_path: Path) -> None:
    row = GOOD_ROW.replace(",1,center,", ",first,center,")
    with pytest.raises(DataError) as caught:
        segraph.build_graph(data=[folder_with(tmp_path, row)])
    assert "publications.csv:2: column 'number'" in str(caught.value)
    assert "'first' is not a number in a list" in str(caught.value)
