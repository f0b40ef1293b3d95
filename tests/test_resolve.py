"""Name normalisation and resolution, tested on the spellings the Seoul 2021 report prints."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from segraph._util.resources import bundled_dataset
from segraph.dataset import records as rec
from segraph.dataset.identity import (
    forms_conflict,
    name_readings,
    normalise_name,
    resolve_organisations,
)
from segraph.dataset.read import load_dataset
from segraph.errors import Origin

HERE = Origin(Path("test.csv"), 1)


def org(org_id: str, name: str, legal_form: str | None = None, **kw: object) -> rec.Organisation:
    """A bare organisation record for resolution tests."""
    return rec.Organisation(org_id, name, "enterprise", HERE, legal_form=legal_form, **kw)


@pytest.fixture(scope="module")
def seoul_orgs() -> list[rec.Organisation]:
    return list(load_dataset(bundled_dataset()).organisations)


def is_typo_correction(o: rec.Organisation) -> bool:
    """Rows whose alternative name is a misprint (미을 for 마을, 팍크 for 파크), not a spelling."""
    return "typo" in (o.note or "")


# Printed variants of one organisation, taken from the report (see the dataset's alt_names).
SAME = [
    ("사회적협동조합함께강동", "사회적협동조합 함께강동"),
    ("서초사회적경제네트워크 사회적협동조합", "서초사회적경제 네트워크"),
    ("마포구고용복지지원센터", "마포구고용복지 지원센터"),
    ("서울시사회적경제지원센터", "서울특별시 사회적경제지원센터"),
    ("(사)서울사회적경제 네트워크", "(사)서울사회적경제네트워크"),
    ("(사)서울사회적경제 네트워크", "사단법인 서울사회적경제네트워크"),
    ("마법들봄 사회적 협동조합", "마법들봄사회적협동조합"),
    ("협동조합 은평청년정책연구소", "은평청년정책연구소 협동조합"),
    ("(주)미션잇", "주식회사 미션잇"),
    ("(주)미션잇", "㈜미션잇"),
    ("(주)미션잇", "（주）미션잇"),  # full-width brackets
    ("은평두레생협", "은평두레생활협동조합"),
    ("은평두레생협", "은평두레 소비자생활협동조합"),
    ("서울시 50+재단", "서울시50+재단"),
    ("상암 소셜박스", "상암소셜박스"),
]

# Different organisations that share a word or a place name.
DIFFERENT = [
    ("도시마을 협동조합", "전환마을 협동조합"),
    ("성북구마을사회적경제센터", "함께살이성북사회적협동조합"),
    ("성북의료복지사회적협동조합", "마포의료복지사회적협동조합"),
    ("문화예술협동조합 곁애", "문화예술협동조합 아이야"),
    ("사회적협동조합 강서나눔돌봄센터", "강북나눔돌봄센터"),
    ("서울시 50+재단", "서울시복지재단 돌봄SOS센터"),
    ("서울시사회적경제지원센터", "송파구사회적경제지원센터"),
    ("커뮤니티아트", "커뮤니티그린"),
    ("교육협동조합 온지곤지", "온지곤지"),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_printed_variants_normalise_alike(a: str, b: str) -> None:
    na, nb = normalise_name(a), normalise_name(b)
    assert na.core == nb.core
    assert not forms_conflict(na.legal_forms, nb.legal_forms)
    assert resolve_organisations([org("a", a), org("b", b)])("b") == "a"


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_organisations_sharing_a_word_stay_apart(a: str, b: str) -> None:
    assert normalise_name(a).core != normalise_name(b).core
    resolution = resolve_organisations([org("a", a), org("b", b)])
    assert resolution("b") == "b"
    assert resolution.groups == []


def test_legal_form_words_are_set_aside_as_a_signal() -> None:
    assert normalise_name("사회적협동조합 함께강동").legal_forms == {"social-cooperative"}
    assert normalise_name("마법들봄 사회적 협동조합").legal_forms == {"social-cooperative"}
    assert normalise_name("일하는사람들의협동조합연합회").legal_forms == {"cooperative-federation"}
    assert normalise_name("국민대학교 생활협동조합").legal_forms == {"consumer-cooperative"}
    assert normalise_name("(사)서울시 마을기업연합회") == normalise_name(
        "서울시마을기업연합회 사단법인"
    )
    assert normalise_name("지혜의밭").legal_forms == frozenset()


def test_생협_counts_only_at_the_end_of_a_name() -> None:
    assert normalise_name("은평두레생협").core == "은평두레"
    assert normalise_name("상생협력센터").core == "상생협력센터"
    assert normalise_name("상생협력센터").legal_forms == frozenset()


def test_a_name_of_legal_words_only_keeps_its_text() -> None:
    assert normalise_name("협동조합").core == "협동조합"


def test_glued_생활협동조합_is_read_both_ways() -> None:
    readings = name_readings("힐링아트문화생활협동조합")
    assert [(r.core, r.legal_forms) for r in readings[:2]] == [
        ("힐링아트문화", frozenset({"consumer-cooperative"})),
        ("힐링아트문화생활", frozenset({"cooperative"})),
    ]
    # so the same cooperative printed with a space is recognised
    resolution = resolve_organisations(
        [org("a", "힐링아트문화생활협동조합"), org("b", "힐링아트문화생활 협동조합")]
    )
    assert resolution("b") == "a"


def test_legal_form_word_before_or_after_a_segmented_name() -> None:
    a, b = org("a", "교육협동조합 온지곤지"), org("b", "온지곤지 교육협동조합")
    assert resolve_organisations([a, b])("b") == "a"


def test_conflicting_legal_forms_are_never_merged() -> None:
    orgs = [
        org("coop", "사회적협동조합 함께강동"),
        org("company", "함께강동 주식회사"),
        org("declared", "함께강동", legal_form="stock-company"),
    ]
    resolution = resolve_organisations(orgs)
    assert resolution("coop") == "coop"
    assert resolution("declared") == "company"


def test_groups_are_transitive_and_free_of_conflicts() -> None:
    orgs = [
        org("a", "(주)바른참"),
        org("b", "바른참"),
        org("c", "주식회사 바른참"),
        org("d", "바른참 협동조합"),
    ]
    resolution = resolve_organisations(orgs)
    assert resolution("b") == resolution("c") == "a"
    assert resolution("d") == "d"  # a cooperative cannot join a group holding a company
    assert resolution.groups == [["a", "b", "c"]]
    assert resolution.reasons == {"b": "바른참", "c": "바른참"}


def test_first_record_keeps_its_id_and_report_names_the_merge() -> None:
    resolution = resolve_organisations(
        [org("late", "사회적협동조합함께강동"), org("early", "사회적협동조합 함께강동")]
    )
    assert resolution("early") == "late"
    text = resolution.report({"late": "사회적협동조합함께강동"})
    assert text.startswith("late <- late (사회적협동조합함께강동), early")
    assert "[core: 함께강동]" in text
    assert resolve_organisations([org("x", "물꼬")]).report() == "No organisations were merged."


def test_known_districts_keep_same_named_organisations_apart() -> None:
    orgs = [
        org("a", "마을관리소", district="11740"),
        org("b", "마을관리소", district="11440"),
        org("c", "마을 관리소", district="11740"),
        org("d", "마을관리소"),
    ]
    resolution = resolve_organisations(orgs, district_of=lambda o: o.district)
    assert resolution("b") == "b"
    assert resolution("c") == "a"
    assert resolution("d") == "a"
    # without the district signal the names alone decide
    assert resolve_organisations(orgs)("b") == "a"


def test_the_bundled_dataset_has_one_row_per_organisation(
    seoul_orgs: list[rec.Organisation],
) -> None:
    resolution = resolve_organisations(seoul_orgs)
    assert resolution.groups == []


def test_every_printed_alternative_name_resolves_to_its_organisation(
    seoul_orgs: list[rec.Organisation],
) -> None:
    with_alts = [o for o in seoul_orgs if o.alt_names and not is_typo_correction(o)]
    assert len(with_alts) >= 5
    extra = [
        replace(o, id=f"{o.id}--as-{n}", name_ko=alt, alt_names=(), legal_form=None)
        for o in with_alts
        for n, alt in enumerate(o.alt_names)
    ]
    resolution = resolve_organisations([*seoul_orgs, *extra])
    for record in extra:
        assert resolution(record.id) == record.id.split("--as-")[0], record.name_ko
    assert len(resolution.groups) == len(with_alts)


def test_misprints_are_kept_as_alternatives_not_matched_by_rule(
    seoul_orgs: list[rec.Organisation],
) -> None:
    typos = {o.name_ko: o.alt_names for o in seoul_orgs if is_typo_correction(o)}
    assert typos["용산마을문화 협동조합"] == ("용산미을문화 협동조합",)
    assert typos["은평마을방송 협동조합"] == ("은평미을방송 협동조합",)
    assert set(typos) == {"용산마을문화 협동조합", "은평마을방송 협동조합"}


def _with_spaces(name: str, cuts: list[int]) -> str:
    chars = list(name)
    for cut in sorted({c % (len(chars) + 1) for c in cuts}, reverse=True):
        chars.insert(cut, " ")
    return "".join(chars)


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_spacing_never_changes_a_normalised_name(
    seoul_orgs: list[rec.Organisation], data: st.DataObject
) -> None:
    name = data.draw(st.sampled_from([o.name_ko for o in seoul_orgs]))
    cuts = data.draw(st.lists(st.integers(min_value=0, max_value=60), max_size=4))
    assert normalise_name(_with_spaces(name, cuts)) == normalise_name(name)
