"""A seeded synthetic ecosystem at national scale, written in segraph's CSV format.

Everything it writes about organisations and programs is invented and says so: the dataset id
starts with ``synth-``, its title says NOT REAL DATA and every record cites the source
``synthetic``. The places are real: the 17 시·도 and their 시군구 from segraph's reference table
of administrative areas (``data/reference/admin-areas.csv``), with their codes.

The shape imitates a national ecosystem:

* organisations spread over the 17 provinces roughly by population, and within a province over
  its 시군구 (the lowest level: 구 of cities that have them) with a Zipf-like skew;
* organisation activity is heavy-tailed: most organisations take part in one or two programs a
  year, a few hubs in dozens;
* program sizes are heavy-tailed too: from 3 participants to several thousand;
* programs form a hierarchy (strategic area → unit program → sub-program), repeated every year,
  and organisations stay in a program line for several consecutive years;
* consortia with their members, networks with member organisations, partnerships, support and
  agreement ties, indicators (target / actual / rate) and budget lines.

The same ``orgs``, ``seed`` and ``years`` always give byte-identical files (rows are sorted).

Examples
--------
>>> from segraph.dataset.synthetic import SynthConfig, synthesise
>>> tables = synthesise(SynthConfig(orgs=200, seed=1))
>>> len(tables["organisations.csv"].rows) >= 200
True
"""

from __future__ import annotations

import bisect
import csv
import io
import itertools
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from segraph._util.atomic import write_text_atomic
from segraph.dataset.regions import admin_areas
from segraph.errors import ArgumentError, UsageError

#: Relative population of the 17 provinces (시·도), by code: where organisations are.
PROVINCE_WEIGHTS: dict[str, float] = {
    "11": 9.4,
    "26": 3.3,
    "27": 2.4,
    "28": 3.0,
    "29": 1.4,
    "30": 1.4,
    "31": 1.1,
    "36": 0.4,
    "41": 13.6,
    "51": 1.5,
    "43": 1.6,
    "44": 2.1,
    "52": 1.8,
    "46": 1.8,
    "47": 2.6,
    "48": 3.3,
    "50": 0.7,
}

DEFAULT_YEARS: tuple[int, ...] = (2021, 2022, 2023)

#: Strategic areas repeated every year: slug, Korean name, English name.
AREAS: tuple[tuple[str, str, str], ...] = (
    ("market", "판로 개척", "Market access"),
    ("finance", "사회적 금융", "Social finance"),
    ("care", "돌봄과 지역사회", "Care and community"),
    ("startup", "창업과 성장", "Start-up and growth"),
    ("network", "협력 네트워크", "Cooperation networks"),
)

#: Organisation kinds and their share of organisations (consortia are added on top of these).
KIND_SHARES: tuple[tuple[str, float], ...] = (
    ("enterprise", 0.86),
    ("civil-society", 0.04),
    ("team", 0.03),
    ("private-company", 0.025),
    ("network", 0.015),
    ("support-institution", 0.012),
    ("public-agency", 0.01),
    ("media", 0.008),
)

ENTERPRISE_FORMS: tuple[tuple[str, float], ...] = (
    ("cooperative", 0.45),
    ("stock-company", 0.24),
    ("social-cooperative", 0.1),
    ("incorporated-association", 0.08),
    ("other", 0.13),
)

#: Printed prefixes of a legal form (exercise name resolution as real lists do).
FORM_PREFIX: dict[str, str] = {
    "cooperative": "협동조합 ",
    "social-cooperative": "사회적협동조합 ",
    "stock-company": "(주)",
    "incorporated-association": "(사)",
}

KIND_SUFFIX: dict[str, tuple[str, ...]] = {
    "enterprise": ("공방", "푸드", "돌봄", "리사이클", "농장", "카페", "교육", "마을", "에너지"),
    "civil-society": ("지역아동센터", "시민모임", "나눔회"),
    "team": ("프로젝트팀", "청년모임"),
    "private-company": ("유통", "플랫폼", "상사"),
    "network": ("협의회", "연합회", "네트워크"),
    "support-institution": ("사회적경제지원센터", "중간지원센터"),
    "public-agency": ("재단", "공사", "진흥원"),
    "media": ("신문", "방송"),
    "consortium": ("컨소시엄",),
}

#: Hangul syllables used to spell an organisation's number, so every name is unique.
SYLLABLES = "가나다라마바사아자차카타파하거너더러머버서어저처커터퍼허고노도로모보소오조초"
WORDS = ("함께", "행복", "나눔", "우리", "초록", "햇살", "희망", "푸른", "이음", "두레", "온새")

STAGES = ("씨앗", "성장", "도약")

#: Participant slots per year, relative to the organisations that can take part.
PARTICIPATION_RATE = 0.7
#: Program sizes: 3 × Pareto(REGULAR_ALPHA), at most REGULAR_CAP (national schemes aside).
REGULAR_ALPHA = 2.0
REGULAR_CAP = 300
#: How strongly a few hubs attract participations (Pareto shape of organisation weights).
HUB_ALPHA = 1.5
#: Chance that a participant of a program stays in it the next year.
CONTINUATION = 0.6
TIE_SHARES: tuple[tuple[str, float], ...] = (
    ("partner", 0.6),
    ("supports", 0.2),
    ("agreement", 0.12),
    ("funds", 0.05),
    ("operates", 0.03),
)


@dataclass(frozen=True)
class SynthConfig:
    """What to generate.

    Parameters
    ----------
    orgs : number of distinct organisations (consortia included).
    seed : random seed; the same config always gives the same files.
    years : the years programs run in (each program line has one edition per year).
    """

    orgs: int
    seed: int = 1
    years: tuple[int, ...] = DEFAULT_YEARS

    def __post_init__(self) -> None:
        if self.orgs < 20:
            raise ArgumentError("orgs", f"{self.orgs}: must be at least 20")
        if not self.years or len(set(self.years)) != len(self.years):
            raise ArgumentError("years", "must name one or more distinct years")

    @property
    def dataset_id(self) -> str:
        """The id of the generated dataset, e.g. ``synth-50000-s1``."""
        return f"synth-{self.orgs}-s{self.seed}"


@dataclass
class TableRows:
    """The header and rows of one CSV file."""

    header: tuple[str, ...]
    rows: list[tuple[str, ...]] = field(default_factory=list)

    def csv_text(self) -> str:
        """The file's text: header, then rows sorted."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.header)
        writer.writerows(sorted(self.rows))
        return out.getvalue()


def _pick(rng: random.Random, weighted: Sequence[tuple[str, float]]) -> str:
    return rng.choices([w[0] for w in weighted], weights=[w[1] for w in weighted])[0]


def _spell(number: int) -> str:
    """Spell ``number`` in Hangul syllables (a bijective base-len(SYLLABLES) numeral)."""
    base = len(SYLLABLES)
    letters = []
    number += 1
    while number:
        number, digit = divmod(number - 1, base)
        letters.append(SYLLABLES[digit])
    return "".join(reversed(letters))


def _amount(rng: random.Random, median: float) -> int:
    """A heavy-tailed amount in KRW rounded to thousands."""
    return int(rng.lognormvariate(math.log(median), 0.8) // 1000 * 1000)


class _Weighted:
    """Draw items with fixed weights quickly (cumulative weights and bisection)."""

    def __init__(self, items: Sequence[str], weights: Sequence[float]):
        self.items = list(items)
        self.cumulative = list(itertools.accumulate(weights))

    def draw(self, rng: random.Random) -> str:
        return self.items[
            bisect.bisect_right(self.cumulative, rng.random() * self.cumulative[-1])
            if self.cumulative
            else 0
        ]


@dataclass
class _Org:
    id: str
    kind: str
    province: str
    district: str


@dataclass
class _Line:
    """A program line: one edition (a program row) per year."""

    slug: str
    area: str
    parent: str | None
    province: str | None
    size: int
    executor: str | None = None


class _Generator:
    def __init__(self, config: SynthConfig):
        self.config = config
        self.rng = random.Random(config.seed)
        self.tables: dict[str, TableRows] = {}
        self.orgs: list[_Org] = []
        self.seen_participations: set[tuple[str, str, str]] = set()

    def table(self, name: str, *header: str) -> TableRows:
        return self.tables.setdefault(name, TableRows(header))

    def run(self) -> dict[str, TableRows]:
        self.sources()
        districts = self.districts()
        self.organisations(districts)
        lines = self.programs()
        self.participations(lines)
        self.consortia(lines)
        self.networks()
        self.ties(lines)
        self.sites(lines)
        self.budget_lines()
        return self.tables

    def sources(self) -> None:
        table = self.table("sources.csv", "id", "title", "page", "note")
        table.rows.append(
            ("synthetic", "Synthetic records generated by segraph synth", "", "not real data")
        )

    def districts(self) -> dict[str, _Weighted]:
        """Write every area of the reference table; return each province's leaf 시군구."""
        table = self.table("districts.csv", "code", "name_ko", "name_en", "parent", "source")
        areas = sorted(admin_areas().by_code.values(), key=lambda area: area.code)
        parents = {area.parent for area in areas if area.parent}
        leaves: dict[str, list[str]] = {}
        for area in areas:
            name = area.full_name_ko if area.level == "sigungu" else area.name_ko
            table.rows.append((area.code, name, area.name_en, area.parent or "", "synthetic"))
            if area.level == "sigungu" and area.code not in parents:
                leaves.setdefault(area.code[:2], []).append(area.code)
        return {
            province: _Weighted(codes, [1 / (i + 1) ** 0.8 for i in range(len(codes))])
            for province, codes in leaves.items()
        }

    def organisations(self, districts: dict[str, _Weighted]) -> None:
        rng, n = self.rng, self.config.orgs
        table = self.table(
            "organisations.csv",
            "id",
            "name_ko",
            "alt_names",
            "kind",
            "legal_form",
            "designations",
            "district",
            "district_basis",
            "source",
        )
        provinces = _Weighted(list(PROVINCE_WEIGHTS), list(PROVINCE_WEIGHTS.values()))
        consortia = max(2, n // 100)
        kinds = ["consortium"] * consortia + [_pick(rng, KIND_SHARES) for _ in range(n - consortia)]
        for index, kind in enumerate(kinds):
            org_id = f"o{index:07d}"
            province = provinces.draw(rng)
            district = districts[province].draw(rng)
            self.orgs.append(_Org(org_id, kind, province, district))
            form, designations = self._form_and_designations(kind)
            core = f"{rng.choice(WORDS)}{_spell(index)}{rng.choice(KIND_SUFFIX[kind])}"
            name = FORM_PREFIX.get(form or "", "") + core
            alt = ""
            if rng.random() < 0.02:
                alt = " ".join(core[:2]) + " " + core[2:]  # a spacing variant, as lists print
            table.rows.append(
                (
                    org_id,
                    name,
                    alt,
                    kind,
                    form or "",
                    ";".join(designations),
                    district,
                    "stated",
                    "synthetic",
                )
            )

    def _form_and_designations(self, kind: str) -> tuple[str | None, list[str]]:
        rng = self.rng
        if kind == "public-agency":
            return "public-body", []
        if kind in ("network", "civil-society", "support-institution"):
            return ("incorporated-association" if rng.random() < 0.6 else None), []
        if kind == "private-company":
            return "stock-company", []
        if kind != "enterprise":
            return None, []
        form = _pick(rng, ENTERPRISE_FORMS)
        roll = rng.random()
        if roll < 0.07:
            return form, ["social-enterprise"]
        if roll < 0.11:
            return form, ["preliminary-social-enterprise"]
        if roll < 0.145:
            stage = rng.choice(("village-enterprise-new", "village-enterprise-redesignated"))
            return form, ["village-enterprise", stage]
        if roll < 0.165:
            return form, ["self-sufficiency-enterprise"]
        return form, []

    def _by_kind(self, *kinds: str) -> list[_Org]:
        return [o for o in self.orgs if o.kind in kinds]

    def programs(self) -> list[_Line]:
        rng, n = self.rng, self.config.orgs
        table = self.table(
            "programs.csv",
            "id",
            "name_ko",
            "name_en",
            "level",
            "parent",
            "year",
            "budget",
            "spent",
            "source",
        )
        indicators = self.table(
            "indicators.csv",
            "id",
            "program",
            "name_ko",
            "unit",
            "target",
            "actual",
            "rate",
            "source",
        )
        executors = self._by_kind("support-institution", "network", "public-agency")
        eligible = len(self._eligible())
        sizes = [rng.randint(1000, 5000) for _ in range(n // 20000 + 1)] if eligible >= 4000 else []
        sizes = [min(size, eligible // 4) for size in sizes]  # national schemes
        cap = min(REGULAR_CAP, max(20, eligible // 20))  # no regular program holds 5 % of all
        while sum(sizes) < PARTICIPATION_RATE * eligible or len(sizes) < 10:
            sizes.append(min(cap, int(3 * rng.paretovariate(REGULAR_ALPHA))))
        lines: list[_Line] = []
        for index, size in enumerate(sizes):
            area = AREAS[index % len(AREAS)][0]
            parent = None
            units = [line for line in lines[-50:] if line.parent is None]
            if units and rng.random() < 0.3:  # a sub-program of a recent unit program
                above = rng.choice(units)
                parent, area = above.slug, above.area
            national = size >= 1000 or rng.random() < 0.25
            province = None if national else self.orgs[rng.randrange(n)].province
            executor = rng.choice(executors).id if executors else None
            lines.append(_Line(f"l{index:05d}", area, parent, province, size, executor))
        for year in self.config.years:
            for slug, name_ko, name_en in AREAS:
                area_row = (f"y{year}-{slug}", name_ko, name_en, "area", "", str(year))
                table.rows.append((*area_row, "", "", "synthetic"))
            for line in lines:
                program_id = f"y{year}-{line.slug}"
                parent = f"y{year}-{line.parent or line.area}"
                level = "subprogram" if line.parent else "unit"
                budget = _amount(rng, 3e7 * max(1.0, line.size) ** 0.5)
                spent = int(budget * rng.uniform(0.7, 1.0) // 1000 * 1000)
                scope = "전국" if line.province is None else f"시도-{line.province}"
                table.rows.append(
                    (
                        program_id,
                        f"{scope} 지원사업 {line.slug}",
                        f"Support program {line.slug} ({year})",
                        level,
                        parent,
                        str(year),
                        str(budget),
                        str(spent),
                        "synthetic",
                    )
                )
                if level == "unit":
                    target = max(1, line.size)
                    actual = int(target * rng.uniform(0.6, 1.2))
                    indicators.rows.append(
                        (
                            f"{program_id}-participants",
                            program_id,
                            "참여기업 수",
                            "개",
                            str(target),
                            str(actual),
                            f"{actual / target * 100:.1f}",
                            "synthetic",
                        )
                    )
        return lines

    def participations(self, lines: list[_Line]) -> None:
        rng, years = self.rng, self.config.years
        self.table(
            "participations.csv", "organisation", "program", "role", "stage", "year", "source"
        )
        eligible = self._eligible()
        hubness = [rng.paretovariate(HUB_ALPHA) for _ in eligible]
        everyone = _Weighted([o.id for o in eligible], hubness)
        by_province: dict[str, tuple[list[str], list[float]]] = {}
        for org, weight in zip(eligible, hubness, strict=True):
            ids, weights = by_province.setdefault(org.province, ([], []))
            ids.append(org.id)
            weights.append(weight)
        regional = {p: _Weighted(ids, weights) for p, (ids, weights) in by_province.items()}
        for line in lines:
            pool = regional.get(line.province or "", everyone)
            members = self._draw_members(pool, line.size, set())
            for year in years:
                stage = rng.choice(STAGES) if rng.random() < 0.3 else ""
                for org_id in members:
                    self.participate(org_id, f"y{year}-{line.slug}", "participant", year, stage)
                if line.executor:
                    self.participate(line.executor, f"y{year}-{line.slug}", "executor", year)
                # next year most participants stay and the others are replaced
                staying = [m for m in members if rng.random() < CONTINUATION]
                members = staying + self._draw_members(
                    pool, len(members) - len(staying), set(staying)
                )

    def _eligible(self) -> list[_Org]:
        return [o for o in self.orgs if o.kind in ("enterprise", "team", "civil-society")]

    def _draw_members(self, pool: _Weighted, size: int, taken: set[str]) -> list[str]:
        """Draw ``size`` distinct organisations not in ``taken``, favouring hubs."""
        size = min(size, len(pool.items) - len(taken))
        chosen: list[str] = []
        seen = set(taken)
        while len(chosen) < size:
            org_id = pool.draw(self.rng)
            if org_id not in seen:
                seen.add(org_id)
                chosen.append(org_id)
        return chosen

    def participate(self, org: str, program: str, role: str, year: int, stage: str = "") -> None:
        """Add a participation row unless the same (organisation, program, role) is there."""
        key = (org, program, role)
        if key not in self.seen_participations:
            self.seen_participations.add(key)
            self.tables["participations.csv"].rows.append(
                (org, program, role, stage, str(year), "synthetic")
            )

    def consortia(self, lines: list[_Line]) -> None:
        rng, years = self.rng, self.config.years
        members = self.table(
            "memberships.csv", "member", "organisation", "role", "program", "source"
        )
        enterprises = self._by_kind("enterprise")
        for consortium in self._by_kind("consortium"):
            line = rng.choice(lines)
            year = rng.choice(years)
            program = f"y{year}-{line.slug}"
            chosen = rng.sample(enterprises, min(len(enterprises), rng.randint(3, 8)))
            self.participate(consortium.id, program, "executor", year)
            for position, org in enumerate(chosen):
                role = "주관" if position == 0 else "참여"
                members.rows.append((org.id, consortium.id, role, program, "synthetic"))
                lead = "consortium-lead" if position == 0 else "consortium-member"
                self.participate(org.id, program, lead, year)

    def networks(self) -> None:
        rng = self.rng
        members = self.tables["memberships.csv"]
        enterprises = self._by_kind("enterprise")
        by_province: dict[str, list[_Org]] = {}
        for org in enterprises:
            by_province.setdefault(org.province, []).append(org)
        for network in self._by_kind("network"):
            size = min(len(enterprises), int(10 * rng.paretovariate(1.3)), 300)
            local = by_province.get(network.province) or enterprises
            for org in rng.sample(local, min(len(local), size)):
                members.rows.append((org.id, network.id, "회원사", "", "synthetic"))

    def ties(self, lines: list[_Line]) -> None:
        rng = self.rng
        table = self.table("ties.csv", "from", "to", "type", "program", "source")
        by_province: dict[str, list[_Org]] = {}
        for org in self.orgs:
            by_province.setdefault(org.province, []).append(org)
        supporters = self._by_kind("support-institution", "public-agency")
        seen: set[tuple[str, str, str]] = set()
        for _ in range(self.config.orgs * 3 // 10):
            tie_type = _pick(rng, TIE_SHARES)
            if tie_type in ("supports", "funds", "operates") and supporters:
                a = rng.choice(supporters)
                b = rng.choice(by_province[a.province])
            else:
                a = rng.choice(self.orgs)
                b = rng.choice(by_province[a.province])
            if a.id == b.id or (tie_type, a.id, b.id) in seen:
                continue
            seen.add((tie_type, a.id, b.id))
            program = ""
            if rng.random() < 0.2:
                program = f"y{rng.choice(self.config.years)}-{rng.choice(lines).slug}"
            table.rows.append((a.id, b.id, tie_type, program, "synthetic"))

    def sites(self, lines: list[_Line]) -> None:
        rng = self.rng
        table = self.table(
            "sites.csv", "id", "name_ko", "district", "operator", "program", "source"
        )
        for index, operator in enumerate(self._by_kind("support-institution")):
            program = f"y{self.config.years[-1]}-{rng.choice(lines).slug}"
            table.rows.append(
                (
                    f"s{index:05d}",
                    f"협동허브 {_spell(index)}",
                    operator.district,
                    operator.id,
                    program,
                    "synthetic",
                )
            )

    def budget_lines(self) -> None:
        rng = self.rng
        table = self.table(
            "budget_lines.csv", "id", "section", "name_ko", "budget", "actual", "kind", "source"
        )
        for slug, name, section in (
            ("grants", "보조금 수입", "revenue"),
            ("personnel", "인건비", "expenditure"),
            ("operations", "운영비", "expenditure"),
        ):
            budget = _amount(rng, 1e9)
            actual = int(budget * rng.uniform(0.8, 1.0) // 1000 * 1000)
            table.rows.append((slug, section, name, str(budget), str(actual), "line", "synthetic"))


def synthesise(config: SynthConfig) -> dict[str, TableRows]:
    """Generate the tables of a synthetic ecosystem.

    Parameters
    ----------
    config : size, seed and years.

    Returns
    -------
    dict mapping each CSV file name to its header and rows.
    """
    return _Generator(config).run()


def dataset_toml(config: SynthConfig) -> str:
    """The ``dataset.toml`` of a synthetic dataset."""
    years = f"{config.years[0]}–{config.years[-1]}" if len(config.years) > 1 else config.years[0]
    return (
        f'id = "{config.dataset_id}"\n'
        f'title = "Synthetic social economy ecosystem ({config.orgs} organisations, '
        f'seed {config.seed}, {years}) - NOT REAL DATA"\n'
        f'title_ko = "합성 사회적경제 생태계 (실제 자료 아님)"\n'
        f"year = {config.years[-1]}\n"
        f'source = "segraph synth --orgs {config.orgs} --seed {config.seed}"\n'
        f'licence = "CC0-1.0"\n'
        f'description = "Invented records for testing and benchmarking segraph at scale. '
        f'District names are placeholders; no organisation in it exists."\n'
    )


def write_synthetic(config: SynthConfig, folder: str | Path) -> dict[str, int]:
    """Generate a synthetic dataset and write it into ``folder`` (created if missing).

    Returns
    -------
    dict mapping each file written to its number of data rows.
    """
    target = Path(folder)
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target}: not a folder")
    target.mkdir(parents=True, exist_ok=True)
    tables = synthesise(config)
    write_text_atomic(target / "dataset.toml", dataset_toml(config))
    counts = {}
    for name, table in sorted(tables.items()):
        write_text_atomic(target / name, table.csv_text())
        counts[name] = len(table.rows)
    return counts
