"""Importers of the national lists: layouts, encodings, XLSX, merging, and the built graph."""
# ruff: noqa: E501  (fixture rows are kept one per line, as the publishers print them)

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

import segraph
from segraph._util.resources import ontology_file
from segraph.cli.main import main
from segraph.dataset import codes
from segraph.dataset.identifiers import business_number_check_digit
from segraph.dataset.read import load_dataset
from segraph.errors import DataError
from segraph.importers import import_list, write_dataset
from segraph.importers.social_enterprises import social_purpose
from segraph.rdf import vocab
from segraph.rdf.namespaces import SEG

MINI = Path(__file__).parent / "fixtures" / "mini"

SE_HEADER = "지역,인증번호,기관명,사업내용,사회적목적실현유형,사회서비스분야,사업자등록번호,대표자,소재지,홈페이지,인증일자,인증회차"
SE_ROWS = [
    "서울,2010-001,(주)미션잇,재활용품 제조,일자리제공형,환경,214-86-12341,홍길동,서울특별시 마포구 월드컵로 1,www.missionit.kr,2010.10.25,1",
    "부산,2015-020,행복나눔,돌봄,사회서비스제공형,돌봄,6058112348,김철수,부산광역시 중구 중앙대로 1,,2015-06-30,20",
    "경기,2019-100,사회적협동조합 함께,교육,혼합형,교육,,이영희,경기도 수원시 장안구 정자로 5,http://hamkke.org,20190315,40",
    "부산,2021-007,행복나눔,돌봄,사회서비스제공형,돌봄,605-81-12348,김철수,부산광역시 중구 중앙대로 1,,2021-12-01,45",
]


def write_csv(path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


@pytest.fixture
def se_csv(tmp_path):
    return write_csv(tmp_path / "se.csv", ["사회적기업 인증 현황", "", SE_HEADER, *SE_ROWS])


def orgs_by_name(dataset):
    return {o.name_ko: o for o in dataset.organisations}


def test_social_enterprises_csv(se_csv):
    result = import_list("social-enterprises", se_csv)
    assert result.rows == 4 and result.folded == 1 and not result.warnings
    orgs = orgs_by_name(result.dataset)
    mission = orgs["(주)미션잇"]
    assert mission.id == "brn-2148612341"
    assert mission.business_number == "2148612341"
    assert mission.district == "11440" and mission.district_basis == "stated"
    assert mission.legal_form == "stock-company"
    assert mission.designations == ("social-enterprise",)
    assert mission.homepage == "http://www.missionit.kr"
    assert mission.representative is None  # personal data left out by default
    assert orgs["사회적협동조합 함께"].legal_form == "social-cooperative"
    assert orgs["사회적협동조합 함께"].district == "41111"
    assert orgs["행복나눔"].district == "26110"
    registrations = {(r.organisation, r.date): r for r in result.dataset.registrations}
    assert set(registrations) == {
        ("brn-2148612341", "2010-10-25"),
        ("brn-6058112348", "2015-06-30"),
        ("brn-6058112348", "2021-12-01"),
        (orgs["사회적협동조합 함께"].id, "2019-03-15"),
    }
    first = registrations["brn-2148612341", "2010-10-25"]
    assert (first.number, first.round, first.social_purpose) == ("2010-001", "1", "job-provision")
    assert {d.code for d in result.dataset.districts} == {
        "11", "11440", "26", "26110", "41", "41110", "41111"
    }  # fmt: skip


def test_cp949_and_utf8_give_the_same_records(tmp_path, se_csv):
    cp949 = write_csv(tmp_path / "se949.csv", [SE_HEADER, *SE_ROWS], "cp949")
    utf8 = import_list("social-enterprises", se_csv).dataset
    legacy = import_list("social-enterprises", cp949).dataset
    strip = lambda records: [(r.id, r.name_ko, r.district, r.business_number) for r in records]  # noqa: E731
    assert strip(utf8.organisations) == strip(legacy.organisations)


def test_xlsx_with_title_rows_dates_and_numbers(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["전국 마을기업 현황"])
    sheet.append([])
    sheet.append(["연번", "시도", "시군구", "소재지", "마을기업명", "유형", "주 업종",
                  "주 생산품 또는 서비스명", "사업내용", "사업자등록번호"])  # fmt: skip
    sheet.append([1, "전라북도", "전주시 완산구", "전주시 완산구 1", "한옥마을협동조합", "협동조합",
                  "관광", "체험", "한옥 체험", 4028112341])  # fmt: skip
    sheet.append(
        [2, "경북", "군위군", "", "군위 영농조합법인", "영농조합법인", "농업", "사과", "", None]
    )
    path = tmp_path / "village.xlsx"
    book.save(path)
    result = import_list("village-enterprises", path)
    orgs = orgs_by_name(result.dataset)
    hanok = orgs["한옥마을협동조합"]
    assert hanok.district == "52111"  # 전라북도 is now 전북특별자치도 (code 52)
    assert hanok.business_number == "4028112341"
    assert hanok.legal_form == "cooperative"
    assert hanok.designations == ("village-enterprise",)
    assert "주 업종: 관광" in hanok.activity
    assert orgs["군위 영농조합법인"].district == "27720"  # moved to 대구광역시 in 2023
    assert result.dataset.registrations == []  # the list gives no dates


def test_social_cooperative_approval_is_a_dated_registration(tmp_path):
    path = write_csv(
        tmp_path / "sc.csv",
        [
            "구분,협동조합명,대표자,업종,유형,소재지,수리인가일,주소",
            "보건복지부,사회적협동조합 돌봄이웃,박영수,사회복지,사회서비스 제공형,대전,2014. 5. 2.,대전광역시 유성구 대학로 1",
        ],
    )
    result = import_list("social-cooperatives", path, include_representatives=True)
    (org,) = result.dataset.organisations
    assert org.legal_form == "social-cooperative" and org.district == "30200"
    assert org.representative == "박영수"
    (registration,) = result.dataset.registrations
    assert (registration.date, registration.authority) == ("2014-05-02", "보건복지부")
    assert registration.designation is None


def test_self_sufficiency_enterprises(tmp_path):
    path = write_csv(
        tmp_path / "sse.csv",
        [
            "순번,시도,시군구,자활기업,자활기업구분,대표자명,업종,사업자구분,주소",
            "1,서울,노원구,늘푸른 청소,일반,최민수,청소,법인,서울특별시 노원구 1",
            "2,제주,없는시,바다 돌봄,광역,정하나,돌봄,개인,",
        ],
    )
    result = import_list("self-sufficiency-enterprises", path)
    orgs = orgs_by_name(result.dataset)
    assert orgs["늘푸른 청소"].district == "11350"
    assert orgs["늘푸른 청소"].note == "자활기업구분: 일반; 사업자구분: 법인"
    assert orgs["늘푸른 청소"].representative is None
    assert orgs["바다 돌봄"].district == "50"  # the 시군구 is unknown: placed in its 시도
    assert len(result.warnings) == 1 and "sse.csv:3: column '시군구'" in result.warnings[0]


def test_merge_with_existing_organisations(tmp_path, se_csv):
    existing = tmp_path / "existing"
    existing.mkdir()
    for name in ("dataset.toml", "sources.csv", "districts.csv"):
        (existing / name).write_bytes((MINI / name).read_bytes())
    (existing / "dataset.toml").write_text('id = "existing"\ntitle = "Existing"\narea = "11"\n')
    with (existing / "organisations.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name_ko", "kind", "business_number", "source"])
        writer.writerow(["mission", "미션잇 주식회사", "enterprise", "", "s1"])
        writer.writerow(["happy", "행복 나눔센터", "civil-society", "6058112348", "s1"])
        writer.writerow(["hamkke", "함께", "enterprise", "", "s1"])
    result = import_list("social-enterprises", se_csv, merge_with=[existing])
    ids = {o.name_ko: o.id for o in result.dataset.organisations}
    assert ids["(주)미션잇"] == "mission"  # by name (legal forms agree)
    assert ids["행복나눔"] == "happy"  # by business number, though the names differ
    # the same name, but the row is in 경기 and the existing dataset covers 서울: kept apart
    assert ids["사회적협동조합 함께"] != "hamkke"
    [warning] = [w for w in result.warnings if "hamkke" in w]
    assert "reads like the known organisation 'hamkke'" in warning and "areas differ" in warning
    assert orgs_by_name(result.dataset)["행복나눔"].kind == "civil-society"
    assert (result.merged_by_number, result.merged_by_name, result.near_misses) == (1, 1, 1)


def test_same_name_in_different_areas_is_kept_apart(tmp_path):
    path = write_csv(
        tmp_path / "se.csv",
        [
            SE_HEADER,
            "서울,1,행복나눔,,,,,,서울특별시 중구 1,,2020-01-01,",
            "부산,2,행복나눔,,,,,,부산광역시 중구 1,,2020-01-01,",
        ],
    )
    result = import_list("social-enterprises", path)
    assert sorted(o.district for o in result.dataset.organisations) == ["11140", "26110"]
    write_dataset(result.dataset, tmp_path / "out")
    graph = segraph.build_graph(data=[tmp_path / "out"])
    rows = segraph.select(
        graph, 'SELECT ?org WHERE { ?org a org:Organization ; rdfs:label "행복나눔"@ko }'
    )
    assert len(rows) == 2  # the build keeps them apart too


def test_written_folder_loads_and_builds(tmp_path, se_csv):
    result = import_list("social-enterprises", se_csv, merge_with=[MINI])
    folder = tmp_path / "out"
    write_dataset(result.dataset, folder)
    loaded = load_dataset(folder)
    assert [o.id for o in loaded.organisations] == [o.id for o in result.dataset.organisations]
    assert [(r.organisation, r.date, r.social_purpose) for r in loaded.registrations] == [
        (r.organisation, r.date, r.social_purpose) for r in result.dataset.registrations
    ]
    graph = segraph.build_graph(data=[MINI, folder])
    rows = segraph.select(
        graph,
        """SELECT ?date ?purpose WHERE {
             ?org seg:identifier "beta" ; seg:registration ?r .
             ?r dcterms:date ?date ; seg:socialPurpose ?p .
             ?p skos:prefLabel ?purpose FILTER(LANG(?purpose) = "ko") }""",
    )
    assert [(str(r["date"]), str(r["purpose"])) for r in rows] == [("2010-10-25", "일자리제공형")]
    beta = URIRef("https://w3id.org/segraph/id/org/beta")
    district = URIRef("https://w3id.org/segraph/id/district/11440")
    assert (beta, URIRef("https://w3id.org/segraph/ontology#locatedIn"), district) in graph


def test_wrong_layout_is_a_one_line_error(tmp_path, se_csv):
    with pytest.raises(DataError, match="no header row with the columns"):
        import_list("village-enterprises", se_csv)
    result = CliRunner().invoke(main, ["import", "village-enterprises", str(se_csv)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "is this the right list?" in result.output


def test_cli_import(tmp_path, se_csv):
    out = tmp_path / "imported"
    result = CliRunner().invoke(
        main,
        ["import", "social-enterprises", str(se_csv), "-o", str(out), "--merge-with", str(MINI)],
    )
    assert result.exit_code == 0, result.output
    assert "4 rows → 3 organisations, 4 registrations" in result.output
    assert load_dataset(out).info.id == "social-enterprises"


def test_malformed_cells_are_warned_not_fatal(tmp_path):
    path = write_csv(
        tmp_path / "se.csv",
        [SE_HEADER, "서울,1,가나다,,무슨형,,12-34,,서울특별시 종로구 1,not a url,2020-13-45,"],
    )
    result = import_list("social-enterprises", path)
    columns = sorted(w.split("column '")[1].split("'")[0] for w in result.warnings)
    assert columns == ["사업자등록번호", "사회적목적실현유형", "인증일자", "홈페이지"]
    (org,) = result.dataset.organisations
    assert org.business_number is None and org.homepage is None


def test_loader_checks_the_new_columns(tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "dataset.toml").write_text('id = "d"\ntitle = "D"\n')
    (folder / "organisations.csv").write_text(
        "id,name_ko,kind,business_number\na,가,enterprise,123\n"
    )
    with pytest.raises(DataError, match=r"organisations.csv:2: column 'business_number'"):
        load_dataset(folder)
    (folder / "organisations.csv").write_text("id,name_ko,kind\na,가,enterprise\n")
    (folder / "registrations.csv").write_text("organisation,date\na,2021-02-30\n")
    with pytest.raises(DataError, match=r"registrations.csv:2: column 'date'"):
        load_dataset(folder)


def test_write_dataset_refuses_a_foreign_folder(tmp_path, se_csv):
    (tmp_path / "notes.txt").write_text("mine")
    result = import_list("social-enterprises", se_csv)
    with pytest.raises(segraph.UsageError, match="not part of a dataset"):
        write_dataset(result.dataset, tmp_path)


def test_xlsx_dates_become_iso(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.append(SE_HEADER.split(","))
    book.active.append(["서울", "1", "가나다", "", "", "", "", "", "", "", datetime(2020, 3, 4), 3])
    path = tmp_path / "se.xlsx"
    book.save(path)
    (registration,) = import_list("social-enterprises", path).dataset.registrations
    assert (registration.date, registration.round) == ("2020-03-04", "3")


def test_social_purpose_codes_match_the_concept_scheme():
    scheme = Graph().parse(ontology_file("social-purpose.ttl"))
    found = {}
    for concept in scheme.subjects(SKOS.inScheme, SEG.SocialPurposeTypes):
        labels = [str(x) for x in scheme.objects(concept, SKOS.prefLabel) if x.language == "ko"]
        found[str(scheme.value(concept, SKOS.notation))] = labels[0]
        assert concept == vocab.concept("purpose", str(scheme.value(concept, SKOS.notation)))
    assert found == codes.SOCIAL_PURPOSES


SAMPLES = {
    "social-enterprises": [SE_HEADER, *SE_ROWS],
    "village-enterprises": [
        "연번,시도,시군구,소재지,마을기업명,유형,주 업종,주 생산품 또는 서비스명,사업내용,사업자등록번호",
        "1,강원도,춘천시,춘천시 중앙로 1,햇살마을 영농조합법인,영농조합법인,농업,감자,가공,221-81-00004",
        "2,경상남도,창원시 마산합포구,,바다마을,주식회사,어업,멸치,,",
    ],
    "self-sufficiency-enterprises": [
        "순번,시도,시군구,자활기업,자활기업구분,대표자명,업종,사업자구분,주소",
        "1,충남,천안시 서북구,다함께 세탁,광역,한사람,세탁,법인,충청남도 천안시 서북구 1",
    ],
    "social-cooperatives": [
        "구분,협동조합명,대표자,업종,유형,소재지,수리인가일,주소",
        "고용노동부,사회적협동조합 일터,두사람,제조,취약계층 고용형,인천,2020-07-01,인천광역시 미추홀구 1",
    ],
}
EXPECTED_DISTRICTS = {
    "social-enterprises": ["11440", "26110", "41111"],
    "village-enterprises": ["48125", "51110"],
    "self-sufficiency-enterprises": ["44133"],
    "social-cooperatives": ["28177"],
}


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_every_layout_reads_alike_in_utf8_and_cp949(tmp_path, kind):
    results = []
    for encoding in ("utf-8-sig", "cp949"):
        path = write_csv(tmp_path / f"{encoding}.csv", SAMPLES[kind], encoding)
        dataset = import_list(kind, path).dataset
        results.append(
            [(o.id, o.name_ko, o.district, o.legal_form, o.activity) for o in dataset.organisations]
        )
    assert results[0] == results[1]
    assert sorted(district for _, _, district, _, _ in results[0]) == EXPECTED_DISTRICTS[kind]


def test_cli_include_representatives(tmp_path):
    path = write_csv(tmp_path / "sc.csv", SAMPLES["social-cooperatives"])
    out = tmp_path / "out"
    args = ["import", "social-cooperatives", str(path), "-o", str(out)]
    assert CliRunner().invoke(main, args).exit_code == 0
    assert load_dataset(out).organisations[0].representative is None
    assert CliRunner().invoke(main, [*args, "--include-representatives"]).exit_code == 0
    assert load_dataset(out).organisations[0].representative == "두사람"


def test_dash_cells_mean_nothing(tmp_path):
    path = write_csv(tmp_path / "se.csv", [SE_HEADER, "서울,1,가나다,-,-,-,-,-,-,-,2020-01-01,-"])
    result = import_list("social-enterprises", path)
    assert not result.warnings
    (org,) = result.dataset.organisations
    assert (org.business_number, org.homepage, org.activity, org.district) == (
        None,
        None,
        None,
        "11",
    )


@pytest.mark.parametrize(
    ("printed", "code"),
    [
        ("일자리 제공형", "job-provision"),
        ("사회서비스 제공형", "social-service"),
        ("지역사회 공헌형", "community-contribution"),
        ("혼합형", "mixed"),
        ("기타(창의․혁신형)", "other"),
        ("기타형", "other"),
    ],
)
def test_printed_social_purposes(printed, code):
    assert social_purpose(printed) == code


@pytest.mark.parametrize(
    ("printed", "designations", "legal_form"),
    [
        ("협동조합", ("village-enterprise",), "cooperative"),
        ("재지정", ("village-enterprise", "village-enterprise-redesignated"), None),
        ("예비마을기업", ("village-enterprise-preliminary",), None),
        ("고도화 주식회사", ("village-enterprise", "village-enterprise-advanced"), "stock-company"),
    ],
)
def test_village_enterprise_type_column(tmp_path, printed, designations, legal_form):
    lines = [SAMPLES["village-enterprises"][0], f"1,서울,마포구,,마을가게,{printed},,,,"]
    (org,) = import_list(
        "village-enterprises", write_csv(tmp_path / "v.csv", lines)
    ).dataset.organisations
    assert (org.designations, org.legal_form) == (designations, legal_form)


def test_address_refines_a_city_to_its_gu(tmp_path):
    lines = [
        SAMPLES["village-enterprises"][0],
        "1,경기,수원시,경기도 수원시 팔달구 효원로 1,화성마을,,,,,",
        "2,경기,수원시,부산광역시 중구 1,엉뚱한주소,,,,,",
    ]
    orgs = orgs_by_name(
        import_list("village-enterprises", write_csv(tmp_path / "v.csv", lines)).dataset
    )
    assert orgs["화성마을"].district == "41115"
    assert orgs["엉뚱한주소"].district == "41110"  # an address elsewhere does not override


def test_imported_data_conforms_to_the_shapes(tmp_path, se_csv):
    folder = tmp_path / "se"
    write_dataset(import_list("social-enterprises", se_csv, merge_with=[MINI]).dataset, folder)
    report = segraph.validate_graph(segraph.build_graph(data=[MINI, folder]))
    assert report.conforms, report.text()


def test_an_import_never_overwrites_another_dataset(tmp_path, se_csv):
    result = import_list("social-enterprises", se_csv)
    copy = tmp_path / "mini"
    copy.mkdir()
    for path in MINI.iterdir():
        (copy / path.name).write_bytes(path.read_bytes())
    with pytest.raises(segraph.UsageError, match="holds the dataset 'mini'"):
        write_dataset(result.dataset, copy)
    assert (copy / "programs.csv").read_bytes() == (MINI / "programs.csv").read_bytes()
    out = tmp_path / "se"
    write_dataset(result.dataset, out)
    (out / "registrations.csv").write_text("stale")
    result.dataset.registrations = []
    write_dataset(result.dataset, out)  # a new version of the same dataset replaces the old
    assert not (out / "registrations.csv").exists()


LIST_FILES = {
    "social-enterprises": "social-enterprises.csv",
    "village-enterprises": "village-enterprises-cp949.csv",
    "self-sufficiency-enterprises": "self-sufficiency-enterprises.csv",
    "social-cooperatives": "social-cooperatives-cp949.csv",
}


@pytest.mark.parametrize("kind", sorted(LIST_FILES))
def test_sample_files_on_disk(tmp_path, kind):
    path = Path(__file__).parent / "fixtures" / "lists" / LIST_FILES[kind]
    if "cp949" in path.name:
        with pytest.raises(UnicodeDecodeError):
            path.read_bytes().decode("utf-8")
    from_file = import_list(kind, path).dataset.organisations
    from_sample = import_list(
        kind, write_csv(tmp_path / "s.csv", SAMPLES[kind])
    ).dataset.organisations
    assert [(o.id, o.name_ko, o.district) for o in from_file] == [
        (o.id, o.name_ko, o.district) for o in from_sample
    ]


def test_dataset_id_must_be_a_slug(se_csv):
    with pytest.raises(segraph.UsageError, match="not a valid dataset id"):
        import_list("social-enterprises", se_csv, dataset_id="사회적기업 2024")
    assert (
        import_list("social-enterprises", se_csv, dataset_id="se-2024").dataset.info.id == "se-2024"
    )


def test_missing_layout_columns_are_warned_and_xls_is_refused(tmp_path):
    lines = ["", "지역,인증번호,기관명,인증일자", "서울,1,가나다,2020-01-01"]
    result = import_list("social-enterprises", write_csv(tmp_path / "short.csv", lines))
    assert len(result.dataset.organisations) == 1
    missing = sorted(w.split("column '")[1].split("'")[0] for w in result.warnings)
    assert missing == sorted(["사업내용", "사회적목적실현유형", "사회서비스분야", "사업자등록번호",
                              "대표자", "소재지", "홈페이지", "인증회차"])  # fmt: skip
    assert all("short.csv:2:" in w for w in result.warnings)  # the header's line
    xls = tmp_path / "old.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    with pytest.raises(DataError, match=r"\.xls\) workbook is not read"):
        import_list("social-enterprises", xls)


def test_every_sheet_with_the_header_is_read(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    header = SAMPLES["self-sufficiency-enterprises"][0].split(",")
    book = openpyxl.Workbook()
    book.active.title = "안내"
    book.active.append(["이 파일은 시도별 시트로 나뉘어 있습니다"])
    seoul = book.create_sheet("서울")
    seoul.append(header)
    seoul.append([1, "서울", "노원구", "늘푸른 청소", "일반", "", "청소", "법인", ""])
    seoul.append(header)  # a header repeated further down
    seoul.append([2, "서울", "강서구", "강서 돌봄", "일반", "", "돌봄", "개인", ""])
    busan = book.create_sheet("부산")
    busan.append(["부산 자활기업"])
    busan.append(header)
    busan.append([1, "부산", "강서구", "낙동강 세탁", "광역", "", "세탁", "법인", ""])
    path = tmp_path / "sse.xlsx"
    book.save(path)
    result = import_list("self-sufficiency-enterprises", path)
    orgs = orgs_by_name(result.dataset)
    assert sorted(orgs) == ["강서 돌봄", "낙동강 세탁", "늘푸른 청소"]
    assert (orgs["강서 돌봄"].district, orgs["낙동강 세탁"].district) == ("11500", "26440")
    assert str(orgs["낙동강 세탁"].origin) == f"{path}#부산:3"


@pytest.mark.parametrize(
    ("number", "check"),
    # worked by hand: weights 1,3,7,1,3,7,1,3,5, plus (9th digit x 5) // 10
    [("1234567891", 1), ("2148612341", 1), ("6058112348", 8), ("2218100004", 4)],
)
def test_business_number_check_digit(number, check):
    assert business_number_check_digit(number) == check


def test_a_mistyped_business_number_is_kept_with_a_warning(tmp_path):
    path = write_csv(
        tmp_path / "se.csv", [SE_HEADER, "서울,1,가나다,,,,214-86-12345,,,,2020-01-01,"]
    )
    result = import_list("social-enterprises", path)
    assert result.dataset.organisations[0].business_number == "2148612345"
    (warning,) = result.warnings
    assert "se.csv:2: column '사업자등록번호': the check digit of 2148612345" in warning
