"""The bundled Seoul 2021 dataset against what the report states.

Each count the report prints ("3개 기업", "씨앗 단계 10개 팀, 성장 단계 5개 팀", "예비(11개) …") is
compared with the built graph. Where the report contradicts itself, the test asserts the
discrepancy exactly as documented in ``data/seoul-2021/README.md`` (Known doubts), so that a
silent change of the data or of the report reading fails here.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from rdflib import Graph, Literal

from segraph.rdf.iris import org_iri, program_iri
from segraph.rdf.vocab import concept
from segraph.sparql.query import select

# The report's printed figures.
PRINTED_PROGRAM_SUBTOTAL = (Decimal(4434903006), Decimal(4232937028))  # 세출 소계
PRINTED_PERSONNEL = (Decimal(1252164914), Decimal(1236273854))  # 인건비
PRINTED_OPERATING = (Decimal(331768080), Decimal(307915639))  # 운영비
PRINTED_EXPENDITURE_TOTAL = (Decimal(6018836000), Decimal(5777126521))  # 세출 합계
PRINTED_REVENUE_TOTAL = (Decimal(6407057791), Decimal(6243195791))  # 세입 합계


def participants(graph: Graph, program: str, role: str = "participant") -> list[dict]:
    """Organisations with ``role`` in ``program`` (by id), with stage and district code."""
    return select(
        graph,
        """
        SELECT ?id ?stage ?district WHERE {
          ?p a seg:Participation ; seg:program ?program ; seg:role ?role ; seg:participant ?o .
          ?o seg:identifier ?id .
          OPTIONAL { ?p seg:stage ?stage }
          OPTIONAL { ?o seg:locatedIn/skos:notation ?district }
        }""",
        {"program": program_iri(program), "role": concept("role", role)},
    )


def indicator(graph: Graph, indicator_id: str) -> dict:
    rows = select(
        graph,
        """
        SELECT ?target ?actual ?rate WHERE {
          ?i a seg:Indicator ; seg:identifier ?id .
          OPTIONAL { ?i seg:target ?target } OPTIONAL { ?i seg:actual ?actual }
          OPTIONAL { ?i seg:achievementRate ?rate }
        }""",
        {"id": Literal(indicator_id)},
    )
    assert len(rows) == 1, indicator_id
    return rows[0]


# --- counts the report states, one program at a time -------------------------------------------


@pytest.mark.parametrize(
    ("program", "role", "printed"),
    [
        ("policy-new-model", "participant", 3),  # "(3개 기업)"
        ("policy-agenda-response", "participant", 4),  # "(4개 기업)"
        ("policy-youth-women-projects", "participant", 15),  # 씨앗 10 + 성장 5
        ("policy-green-bridge", "participant", 2),  # "(2개 기업)"
        ("policy-impact-bm", "participant", 3),  # "(3개 기업)"
        ("care-seongbuk-model", "consortium-member", 3),  # "컨소시엄 참여 3개 기업"
        ("care-seongbuk-model", "network-partner", 5),  # "협력 네트워크 5개 기관"
        ("smallbiz-joint-projects", "participant", 20),  # "소상공인 협업체 20개 발굴"
        ("smallbiz-joint-projects", "regional-support", 5),  # one per district, "5개 자치구"
        ("village-youth-local-action", "participant", 5),  # "(5개 조직)" funded
        ("village-capacity", "participant", 5),  # "모집·선정(5개)"
        ("sales-growth-up", "participant", 4),  # "(4개 기업, 총 24회)"
        ("sales-public-market-competitiveness", "participant", 2),  # "(2개 기업)"
        ("sales-public-briefings", "network-partner", 2),  # two 실무 기관
    ],
)
def test_stated_counts(seoul_graph: Graph, program: str, role: str, printed: int) -> None:
    assert len(participants(seoul_graph, program, role)) == printed


def test_young_women_teams_by_stage(seoul_graph: Graph) -> None:
    """'씨앗 단계 10개 팀, 성장 단계 5개 팀*': the * marks the 성장 teams in the table."""
    stages = Counter(r["stage"] for r in participants(seoul_graph, "policy-youth-women-projects"))
    assert stages == {"씨앗": 10, "성장": 5}
    assert indicator(seoul_graph, "policy-youth-innovation-projects") == {
        "target": Decimal(15),
        "actual": Decimal(15),
        "rate": Decimal(100),
    }


def test_small_merchant_collaboratives_in_five_districts(seoul_graph: Graph) -> None:
    """'5개 자치구, 소상공인 협업체 20개 발굴', with each 지역지원기관 supporting its district's."""
    rows = participants(seoul_graph, "smallbiz-joint-projects")
    by_district = Counter(r["district"] for r in rows)
    assert by_district == {"11740": 6, "11230": 3, "11650": 3, "11440": 4, "11470": 4}
    supported = select(
        seoul_graph,
        """
        SELECT ?from ?to WHERE {
          ?t a seg:Tie ; seg:tieType seg:tie-supports ; seg:program ?program ;
             seg:tieFrom/seg:locatedIn ?d1 ; seg:tieTo/seg:locatedIn ?d2 ;
             seg:tieFrom ?from ; seg:tieTo ?to .
          FILTER (?d1 = ?d2)
        }""",
        {"program": program_iri("smallbiz-joint-projects")},
    )
    assert len(supported) == 20


def test_village_enterprise_designations(seoul_graph: Graph) -> None:
    """The text states 예비(11개), 신규(8개), 재지정(5개), 고도화(4개); the table's row labels give
    10 / 9 / 5 / 4 (README, Known doubts 8). Both total 28; the data follows the table and the
    stated counts are kept as indicators."""
    stages = Counter(r["stage"] for r in participants(seoul_graph, "village-designation"))
    assert stages == {"예비": 10, "신규 (1차년도)": 9, "재지정 (2차년도)": 5, "고도화 (3차년도)": 4}
    stated = {
        "village-designated-preliminary": 11,
        "village-designated-new": 8,
        "village-designated-redesignated": 5,
        "village-designated-advanced": 4,
    }
    for indicator_id, printed in stated.items():
        assert indicator(seoul_graph, indicator_id)["actual"] == printed
    assert sum(stages.values()) == sum(stated.values()) == 28
    designations = Counter(
        r["code"]
        for r in select(
            seoul_graph,
            """
            SELECT ?o ?code WHERE {
              ?o seg:designation ?d . ?d skos:notation ?code .
              FILTER (STRSTARTS(STR(?code), "village-enterprise-"))
            }""",
        )
    )
    assert designations == {
        "village-enterprise-preliminary": 10,
        "village-enterprise-new": 9,
        "village-enterprise-redesignated": 5,
        "village-enterprise-advanced": 4,
    }


def test_care_executors_21_listed_20_reported(seoul_graph: Graph) -> None:
    """The body says 1단계 reached 20 agencies and the results table 20 of 25, but the executors
    table lists 21 districts (README, Known doubts 11)."""
    rows = participants(seoul_graph, "care-district-execution", "executor")
    assert len(rows) == 21
    assert len({r["district"] for r in rows}) == 21
    assert indicator(seoul_graph, "care-stage1-networks") == {
        "target": Decimal(25),
        "actual": Decimal(20),
        "rate": None,
    }
    group = indicator(seoul_graph, "care-self-help-rate")
    assert group["rate"] == 85  # printed for the group: 35 of 41 = 85.4 %
    assert round(Decimal(20 + 12 + 2 + 1) / Decimal(25 + 13 + 2 + 1) * 100) == group["rate"]


def test_seongbuk_consortium_members(seoul_graph: Graph) -> None:
    rows = select(
        seoul_graph,
        "SELECT ?m WHERE { ?c org:hasMember ?m }",
        {"c": org_iri("seongbuk-care-consortium")},
    )
    assert len(rows) == 3


def test_strategic_items_and_their_partner_institutions(seoul_graph: Graph) -> None:
    counts = {
        item: len(participants(seoul_graph, f"sales-item-{item}"))
        for item in ("green-energy", "green-remodelling", "green-cycle", "green-agriculture")
    }
    counts["green-forest"] = len(participants(seoul_graph, "sales-item-green-forest"))
    assert counts == {
        "green-energy": 3,
        "green-remodelling": 4,
        "green-cycle": 5,
        "green-agriculture": 2,
        "green-forest": 2,
    }
    partners = {
        item: len(participants(seoul_graph, f"sales-item-{item}", "partner-institution"))
        for item in ("green-energy", "green-remodelling", "green-cycle", "green-agriculture")
    }
    assert partners == {
        "green-energy": 2,
        "green-remodelling": 2,
        "green-cycle": 2,
        "green-agriculture": 0,
    }


def test_results_with_targets(seoul_graph: Graph) -> None:
    assert indicator(seoul_graph, "space-prototypes") == {
        "target": Decimal(125),
        "actual": Decimal(127),
        "rate": Decimal(102),
    }
    assert indicator(seoul_graph, "space-social-makers") == {
        "target": Decimal(45),
        "actual": Decimal(47),
        "rate": Decimal(104),
    }
    # the printed rates agree with target and actual, rounded to whole percent
    rows = select(
        seoul_graph,
        """
        SELECT ?id ?target ?actual ?rate WHERE {
          ?i a seg:Indicator ; seg:identifier ?id ; seg:target ?target ; seg:actual ?actual ;
             seg:achievementRate ?rate .
        }""",
    )
    assert len(rows) == 9  # six policy rows, 지역돌봄 전략모델 and the two 기술사업화 rows
    for row in rows:
        assert round(row["actual"] / row["target"] * 100) == row["rate"], row["id"]


# --- the program tree and the accounts ------------------------------------------------------------


def test_four_areas_and_eleven_unit_programs(seoul_graph: Graph) -> None:
    rows = select(
        seoul_graph,
        """
        SELECT ?unit ?area WHERE {
          ?u seg:level "unit" ; seg:identifier ?unit ; seg:subProgramOf ?a .
          ?a seg:level "area" ; seg:identifier ?area .
        }""",
    )
    areas = {r["unit"]: r["area"] for r in rows}
    assert len(areas) == 11
    assert Counter(areas.values()) == {
        "area-strategy": 2,
        "area-local-circular-economy": 4,
        "area-sustainable-growth": 2,
        "area-value-diffusion": 3,
    }
    # the body's section headings, not the shifted 세출 column (README, Known doubts 1)
    assert areas["self-help"] == areas["village-enterprise"] == "area-local-circular-economy"
    assert areas["sales"] == areas["space"] == "area-sustainable-growth"


def test_international_solidarity_was_not_carried_out(seoul_graph: Graph) -> None:
    rows = select(
        seoul_graph,
        """
        SELECT ?status ?budget ?spent WHERE {
          ?u seg:identifier "international-solidarity" ; seg:status ?status ;
             seg:budget ?budget ; seg:spent ?spent .
        }""",
    )
    assert rows == [{"status": "not-carried-out", "budget": 58139000, "spent": 0}]


def _unit_totals(graph: Graph) -> tuple[Decimal, Decimal]:
    rows = select(
        graph,
        """
        SELECT (SUM(?b) AS ?budget) (SUM(?s) AS ?spent) WHERE {
          ?u seg:level "unit" ; seg:budget ?b ; seg:spent ?s .
        }""",
    )
    return Decimal(rows[0]["budget"]), Decimal(rows[0]["spent"])


def _line(graph: Graph, line_id: str) -> tuple[Decimal, Decimal]:
    rows = select(
        graph,
        """
        SELECT ?budget ?spent WHERE {
          ?l a seg:BudgetLine ; seg:identifier ?id ; seg:budget ?budget ; seg:spent ?spent .
        }""",
        {"id": Literal(line_id)},
    )
    assert len(rows) == 1, line_id
    return Decimal(rows[0]["budget"]), Decimal(rows[0]["spent"])


def test_unit_program_budgets_sum_to_the_printed_subtotal(seoul_graph: Graph) -> None:
    assert _unit_totals(seoul_graph) == PRINTED_PROGRAM_SUBTOTAL
    assert _line(seoul_graph, "exp-program-subtotal") == PRINTED_PROGRAM_SUBTOTAL


def test_subtotal_personnel_and_operating_costs_make_the_total(seoul_graph: Graph) -> None:
    assert _line(seoul_graph, "exp-personnel") == PRINTED_PERSONNEL
    assert _line(seoul_graph, "exp-operating") == PRINTED_OPERATING
    assert _line(seoul_graph, "exp-total") == PRINTED_EXPENDITURE_TOTAL
    for column in (0, 1):
        assert (
            PRINTED_PROGRAM_SUBTOTAL[column] + PRINTED_PERSONNEL[column] + PRINTED_OPERATING[column]
            == PRINTED_EXPENDITURE_TOTAL[column]
        )
    # the expenditure budget equals the commission fee received, not the revenue total
    assert _line(seoul_graph, "rev-commission-fee")[1] == PRINTED_EXPENDITURE_TOTAL[0]


def test_revenue_lines_add_up(seoul_graph: Graph) -> None:
    rows = select(
        seoul_graph,
        """
        SELECT (SUM(?b) AS ?budget) (SUM(?s) AS ?spent) WHERE {
          ?l a seg:BudgetLine ; seg:section "revenue" ; seg:lineKind "line" ;
             seg:budget ?b ; seg:spent ?s .
        }""",
    )
    assert (Decimal(rows[0]["budget"]), Decimal(rows[0]["spent"])) == PRINTED_REVENUE_TOTAL
    assert _line(seoul_graph, "rev-total") == PRINTED_REVENUE_TOTAL


# --- integrity ----------------------------------------------------------------------------------


def test_districts_sites_and_the_operator(seoul_graph: Graph) -> None:
    districts = select(seoul_graph, "SELECT ?d WHERE { ?d a seg:District }")
    assert len(districts) == 25
    sites = select(
        seoul_graph,
        """
        SELECT ?site ?code WHERE {
          ?s a seg:Site ; seg:identifier ?site ; seg:locatedIn/skos:notation ?code ;
             org:siteOf ?center .
        }""",
        {"center": org_iri("seoul-se-center")},
    )
    assert {r["site"]: r["code"] for r in sites} == {
        "eunpyeong-cooperation-hub": "11380",
        "gaebong-contactless-cluster": "11530",
        "sangam-social-box": "11440",
        "garak-food-cluster": "11710",
    }
    operated = select(
        seoul_graph,
        "SELECT ?c WHERE { ?n seg:operates ?c }",
        {"n": org_iri("seoul-se-network")},
    )
    assert [r["c"] for r in operated] == ["https://w3id.org/segraph/id/org/seoul-se-center"]


@pytest.mark.parametrize(
    ("node", "link"),
    [
        ("seg:Participation", "seg:participant"),
        ("org:Membership", "org:member"),
        ("org:Membership", "org:organization"),
        ("seg:Tie", "seg:tieFrom"),
        ("seg:Tie", "seg:tieTo"),
    ],
)
def test_every_link_points_at_an_organisation(seoul_graph: Graph, node: str, link: str) -> None:
    rows = select(
        seoul_graph,
        f"""
        SELECT (COUNT(?x) AS ?all) (COUNT(?ok) AS ?typed) WHERE {{
          ?x a {node} ; {link} ?o .
          OPTIONAL {{ ?o a org:Organization . BIND (?o AS ?ok) }}
        }}""",
    )
    assert rows[0]["all"] > 0
    assert rows[0]["all"] == rows[0]["typed"]


@pytest.mark.parametrize(
    "cls",
    [
        "org:Organization",
        "seg:Program",
        "seg:Participation",
        "org:Membership",
        "seg:Tie",
        "seg:Site",
        "seg:Indicator",
        "seg:BudgetLine",
        "seg:District",
    ],
)
def test_every_record_names_its_source(seoul_graph: Graph, cls: str) -> None:
    rows = select(
        seoul_graph,
        f"""
        SELECT ?x WHERE {{
          ?x a {cls} .
          FILTER NOT EXISTS {{ ?x prov:wasDerivedFrom ?s . ?s a seg:SourceSection }}
        }}""",
    )
    assert rows == []


def test_organisations_without_english_have_a_romanised_label(seoul_graph: Graph) -> None:
    rows = select(
        seoul_graph,
        """
        SELECT ?o WHERE {
          ?o a org:Organization .
          FILTER NOT EXISTS { ?o rdfs:label ?en FILTER (LANG(?en) = "en") }
          FILTER NOT EXISTS { ?o rdfs:label ?r FILTER (LANGMATCHES(LANG(?r), "ko-Latn")) }
        }""",
    )
    assert rows == []
    label = select(
        seoul_graph,
        'SELECT ?l WHERE { ?o rdfs:label ?l FILTER (LANGMATCHES(LANG(?l), "ko-Latn")) }',
        {"o": org_iri("hamkke-gangdong")},
    )
    assert label == [{"l": "Sahoejeokhyeopdongjohap Hamkkegangdong"}]


# --- corrections checked against the report ---------------------------------------------------


def designated(graph: Graph, code: str) -> set[str]:
    """Ids of the organisations holding the designation ``code``."""
    rows = select(
        graph,
        "SELECT ?id WHERE { ?o seg:designation ?d ; seg:identifier ?id }",
        {"d": concept("designation", code)},
    )
    return {str(r["id"]) for r in rows}


def test_the_enterprises_the_report_calls_village_enterprises_are_designated(
    seoul_graph: Graph,
) -> None:
    village = designated(seoul_graph, "village-enterprise")
    selected_for_capacity = {  # 서울시 마을기업 모집·선정(5개), table heading 마을기업명
        "mokhwa-songi-coop", "bukchon-craft-village-coop", "seongmisan-good-day-coop",
        "ari-alchan-coop", "munteok-eomneun-sesang",
    }  # fmt: skip
    eco_package = {  # 서울시 마을기업 친환경 패키지·디자인 강화 컨설팅 지원사업
        "healthy-farmer-social-coop", "salt-cafe", "women-together-coop", "art-accessory-coop",
        "dosi-maeul-coop", "yetgoeul-coop",
    }  # fmt: skip
    assert selected_for_capacity | eco_package <= village
    # 18 by the designation table's stages, 10 more named as 마을기업 elsewhere (옛고을 is both)
    assert len(village) == 28
    # the 지역의제 participants are not called 마을기업 one by one: no designation, a note instead
    assert not {"dasari-coop", "edutong-coop", "jonggu-mabang-coop"} & village


def test_jdc_is_the_channel_of_the_each_store(seoul_graph: Graph) -> None:
    channels = {str(r["id"]) for r in participants(seoul_graph, "sales-distributors", "channel")}
    assert channels == {"jdc"}
    assert {"art-impact"} <= {str(r["id"]) for r in participants(seoul_graph, "sales-distributors")}


def test_seoul_innovation_park_is_an_address_not_an_organisation(seoul_graph: Graph) -> None:
    rows = select(
        seoul_graph,
        """SELECT ?o WHERE { ?o a org:Organization ; rdfs:label|skos:altLabel ?name .
               FILTER(CONTAINS(STR(?name), "혁신파크") || CONTAINS(STR(?name), "혁신팍크")) }""",
    )
    assert rows == []
    hub = select(
        seoul_graph,
        'SELECT ?a WHERE { ?s seg:identifier "eunpyeong-cooperation-hub" ; schema:address ?a }',
    )
    assert "서울혁신팍크" in str(hub[0]["a"])


def parent(graph: Graph, program: str) -> tuple[str, str]:
    rows = select(
        graph,
        "SELECT ?parent ?level WHERE {"
        " ?p seg:subProgramOf/seg:identifier ?parent ; seg:level ?level }",
        {"p": program_iri(program)},
    )
    assert len(rows) == 1, program
    return str(rows[0]["parent"]), str(rows[0]["level"])


def test_program_structure_follows_the_body(seoul_graph: Graph) -> None:
    # 지역돌봄 인재양성 is listed under ○ 지역 통합돌봄 전략사업지원
    assert parent(seoul_graph, "care-talent") == ("care-strategy", "project")
    # 롯데홈쇼핑 and 11번가 are the items of - 유통채널 입점판매 지원
    assert parent(seoul_graph, "sales-lotte-homeshopping") == ("sales-channel-listing", "project")
    assert parent(seoul_graph, "sales-11st") == ("sales-channel-listing", "project")
    assert parent(seoul_graph, "sales-channel-listing") == ("sales-channels", "project")
    # - 공공구매 온라인 상담회 연계 지원, printed as a heading under ○ 공공시장확대지원
    assert parent(seoul_graph, "sales-procurement-followup") == ("sales-public-market", "project")


def test_the_four_regional_care_networks(seoul_graph: Graph) -> None:
    assert indicator(seoul_graph, "care-talent-regional-networks")["actual"] == 4


def test_districts_cite_the_administrative_codes_not_a_section_of_the_report(
    seoul_graph: Graph,
) -> None:
    rows = select(
        seoul_graph,
        "SELECT ?d ?source WHERE { ?d a seg:District ; skos:notation ?code ;"
        " prov:wasDerivedFrom/seg:identifier ?source . FILTER(STRLEN(?code) = 5) }",
    )
    assert len(rows) == 25
    assert {str(r["source"]) for r in rows} == {"admin-area-codes"}


def test_the_twelve_publications_of_the_appendix(seoul_graph: Graph) -> None:
    rows = select(
        seoul_graph,
        """SELECT ?id ?genre ?position ?publisher ?program WHERE {
             ?p a seg:Publication ; seg:identifier ?id ; schema:genre ?genre ;
                schema:position ?position ; dcterms:publisher/seg:identifier ?publisher .
             OPTIONAL { ?p seg:program/seg:identifier ?program } }""",
    )
    assert len(rows) == 12
    by_genre = Counter(str(r["genre"]) for r in rows)
    assert by_genre == {"연구 보고서": 8, "성과보고서 및 안내서": 4}
    for genre, count in by_genre.items():
        positions = sorted(int(r["position"]) for r in rows if str(r["genre"]) == genre)
        assert positions == list(range(1, count + 1))
    assert {str(r["publisher"]) for r in rows} == {"seoul-se-center"}
    programs = {str(r["id"]): str(r["program"]) for r in rows if r["program"] is not None}
    assert programs["research-locality-report"] == "research-locality"
    assert programs["food-network-strategy-report"] == "policy-food-network-strategy"
