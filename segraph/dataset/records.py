"""Plain records read from a dataset folder, each remembering the file and line it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from segraph.errors import DataError, Origin


@dataclass
class SourceSection:
    """A section or table of the source document that facts are derived from."""

    id: str
    title: str
    origin: Origin
    page: str | None = None
    note: str | None = None


@dataclass
class District:
    """An administrative area (a Seoul 자치구 has a 5-digit code)."""

    code: str
    name_ko: str
    name_en: str
    origin: Origin
    parent: str | None = None
    source: tuple[str, ...] = ()


@dataclass
class Organisation:
    """An organisation, team, network, institution or company."""

    id: str
    name_ko: str
    kind: str
    origin: Origin
    name_en: str | None = None
    alt_names: tuple[str, ...] = ()
    legal_form: str | None = None
    designations: tuple[str, ...] = ()
    district: str | None = None
    district_basis: str | None = None
    homepage: str | None = None
    business_number: str | None = None
    corporate_number: str | None = None
    address: str | None = None
    activity: str | None = None
    representative: str | None = None
    source: tuple[str, ...] = ()
    note: str | None = None


@dataclass
class Registration:
    """A dated certification, designation or approval of an organisation in a public register."""

    organisation: str
    origin: Origin
    designation: str | None = None
    number: str | None = None
    date: str | None = None
    round: str | None = None
    authority: str | None = None
    social_purpose: str | None = None
    status: str | None = None
    valid_from: str | None = None
    valid_until: str | None = None
    source: tuple[str, ...] = ()
    note: str | None = None


@dataclass
class Program:
    """A strategic area, unit program, sub-program or project."""

    id: str
    name_ko: str
    name_en: str
    level: str
    origin: Origin
    parent: str | None = None
    year: int | None = None
    budget: Decimal | None = None
    spent: Decimal | None = None
    status: str = "carried-out"
    source: tuple[str, ...] = ()
    note: str | None = None
    #: Every year the program's records state (a program recurs: one record per dataset), set
    #: when datasets are merged; ``year`` is the first of them.
    years: tuple[int, ...] = ()


@dataclass
class Participation:
    """An organisation's involvement in a program, with its role."""

    organisation: str
    program: str
    role: str
    origin: Origin
    stage: str | None = None
    project_title: str | None = None
    year: int | None = None
    source: tuple[str, ...] = ()
    note: str | None = None


@dataclass
class Membership:
    """Membership of an organisation in a consortium or network."""

    member: str
    organisation: str
    origin: Origin
    role: str | None = None
    program: str | None = None
    source: tuple[str, ...] = ()
    note: str | None = None


@dataclass
class Tie:
    """A typed direct tie between two organisations (partner, supports, operates, …)."""

    from_id: str
    to_id: str
    type: str
    origin: Origin
    program: str | None = None
    source: tuple[str, ...] = ()
    note: str | None = None


@dataclass
class Publication:
    """A report, study or guide an organisation published."""

    id: str
    title_ko: str
    origin: Origin
    title_en: str | None = None
    category: str | None = None
    number: int | None = None
    publisher: str | None = None
    program: str | None = None
    year: int | None = None
    source: tuple[str, ...] = ()
    note: str | None = None


@dataclass
class Site:
    """A hub, cluster or other place, operated by an organisation."""

    id: str
    name_ko: str
    origin: Origin
    name_en: str | None = None
    district: str | None = None
    address: str | None = None
    operator: str | None = None
    program: str | None = None
    source: tuple[str, ...] = ()
    note: str | None = None


@dataclass
class Indicator:
    """A target / actual / achievement-rate figure of a program."""

    id: str
    program: str
    name_ko: str
    origin: Origin
    name_en: str | None = None
    unit: str | None = None
    target: Decimal | None = None
    actual: Decimal | None = None
    rate: Decimal | None = None
    source: tuple[str, ...] = ()
    note: str | None = None


@dataclass
class BudgetLine:
    """A line of the accounts: revenue, expenditure, subtotal or total."""

    id: str
    section: str
    name_ko: str
    origin: Origin
    category: str | None = None
    name_en: str | None = None
    budget: Decimal | None = None
    actual: Decimal | None = None
    program: str | None = None
    kind: str = "line"
    source: tuple[str, ...] = ()
    note: str | None = None


@dataclass
class DatasetInfo:
    """What ``dataset.toml`` says about a dataset."""

    id: str
    title: str
    origin: Origin
    title_ko: str | None = None
    year: int | None = None
    source: str | None = None
    source_url: str | None = None
    licence: str | None = None
    description: str | None = None
    #: The 시도 or 시군구 (code or name) the dataset covers: for telling organisations apart by
    #: name, those without a district are taken to lie there.
    area: str | None = None


@dataclass
class Dataset:
    """Every record of one dataset folder."""

    info: DatasetInfo
    sources: list[SourceSection] = field(default_factory=list)
    districts: list[District] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    programs: list[Program] = field(default_factory=list)
    participations: list[Participation] = field(default_factory=list)
    memberships: list[Membership] = field(default_factory=list)
    ties: list[Tie] = field(default_factory=list)
    sites: list[Site] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    budget_lines: list[BudgetLine] = field(default_factory=list)
    registrations: list[Registration] = field(default_factory=list)
    publications: list[Publication] = field(default_factory=list)
    #: Rows left out by a lenient load, each with its problem.
    skipped: list[DataError] = field(default_factory=list)
    #: Ids of the rows left out, by kind (``"organisations"``, ``"programs"``…).
    left_out: dict[str, set[str]] = field(default_factory=dict)
