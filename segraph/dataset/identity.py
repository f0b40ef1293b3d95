"""Name normalisation and resolution: one identity per real organisation.

The same organisation is printed differently in different places: spacing
(``사회적협동조합함께강동`` / ``사회적협동조합 함께강동``), the legal-form word before or after
the name (``협동조합 은평청년정책연구소`` / ``은평청년정책연구소 협동조합``), abbreviations
(``(주)`` for ``주식회사``, ``생협`` for ``생활협동조합``, ``서울시`` for ``서울특별시``) and
full-width forms.

:func:`normalise_name` reduces a printed name to a comparable *core* and sets the legal-form words
aside as a separate signal. :func:`resolve_organisations` groups organisations whose cores agree
exactly and whose legal forms (and, when asked, districts) do not conflict. Matching is exact on
the core: names that merely share a word (``도시마을 협동조합`` / ``전환마을 협동조합``) stay apart.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from segraph.dataset.records import Organisation

#: Printed legal-form words → the legal-form code they signal (see ``docs/data-format.md``).
#: Spaces between the syllables of a word are tolerated (``사회적 협동조합``).
LEGAL_FORM_WORDS: dict[str, str] = {
    "사회적협동조합연합회": "cooperative-federation",
    "협동조합연합회": "cooperative-federation",
    "사회적협동조합": "social-cooperative",
    "소비자생활협동조합": "consumer-cooperative",
    "생활협동조합": "consumer-cooperative",
    "협동조합": "cooperative",
    "주식회사": "stock-company",
    "(주)": "stock-company",
    "사단법인": "incorporated-association",
    "(사)": "incorporated-association",
    "재단법인": "incorporated-foundation",
    "(재)": "incorporated-foundation",
    "학교법인": "university",
    "유한책임회사": "other",
    "유한회사": "other",
    "(유)": "other",
}

#: Legal-form words recognised only at the end of a name, because they also occur inside
#: ordinary words (``생협`` in ``상생협력``).
SUFFIX_LEGAL_FORM_WORDS: dict[str, str] = {
    "생협": "consumer-cooperative",
}

#: Printed variants of a place name → the form used in cores.
PLACE_ABBREVIATIONS: dict[str, str] = {
    "서울특별시": "서울시",
}


def _spaced(word: str) -> str:
    """A pattern for ``word`` that tolerates whitespace between its characters."""
    return r"\s*".join(re.escape(char) for char in word)


_LEGAL_PATTERN = re.compile(
    "|".join(
        f"(?P<w{i}>{_spaced(word)})"
        for i, word in enumerate(sorted(LEGAL_FORM_WORDS, key=len, reverse=True))
    )
)
_LEGAL_BY_GROUP = {
    f"w{i}": LEGAL_FORM_WORDS[word]
    for i, word in enumerate(sorted(LEGAL_FORM_WORDS, key=len, reverse=True))
}
_SUFFIX_PATTERN = re.compile(
    "(?P<word>" + "|".join(_spaced(w) for w in SUFFIX_LEGAL_FORM_WORDS) + r")[\s\W_]*$"
)
_PLACE_PATTERNS = [
    (re.compile(_spaced(variant)), short) for variant, short in PLACE_ABBREVIATIONS.items()
]
_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)
#: ``생활협동조합`` glued to a preceding word may also read as ``…생활`` + ``협동조합``.
_AMBIGUOUS_CONSUMER = re.compile(r"(?<=[가-힣])생활\s*협동조합")


@dataclass(frozen=True)
class NormalisedName:
    """A printed name reduced to its comparable ``core`` and the legal forms it names.

    ``segments`` are the words of the name once legal-form words are set aside, cut at spaces and
    at legal-form words, in printed order (``교육협동조합 온지곤지`` → ``("교육", "온지곤지")``);
    ``core`` is their concatenation. Two names are equal when core and legal forms are;
    ``segments`` depend on spacing and are left out of the comparison.
    """

    core: str
    legal_forms: frozenset[str]
    segments: tuple[str, ...] = field(default=(), compare=False)


def _clean(text: str) -> str:
    return _NOISE.sub("", text).lower()


def _normalise_text(name: str) -> str:
    text = unicodedata.normalize("NFKC", name)
    for pattern, short in _PLACE_PATTERNS:
        text = pattern.sub(short, text)
    return text


def _reduce(text: str) -> NormalisedName:
    forms: set[str] = set()
    suffix = _SUFFIX_PATTERN.search(text)
    if suffix and _clean(text[: suffix.start()]):
        forms.add(SUFFIX_LEGAL_FORM_WORDS["".join(suffix.group("word").split())])
        text = text[: suffix.start()]
    pieces: list[str] = []
    position = 0
    for match in _LEGAL_PATTERN.finditer(text):
        forms.add(_LEGAL_BY_GROUP[match.lastgroup or ""])
        pieces.append(text[position : match.start()])
        position = match.end()
    pieces.append(text[position:])
    segments = tuple(w for w in (_clean(w) for p in pieces for w in p.split()) if w)
    core = "".join(segments)
    if not core:  # the name is nothing but legal-form words: keep it whole
        core, segments = _clean(text), (_clean(text),)
    return NormalisedName(core, frozenset(forms), segments)


def normalise_name(name: str) -> NormalisedName:
    """Normalise a printed organisation name.

    Unicode NFKC, ``서울특별시`` → ``서울시``, legal-form words set aside into ``legal_forms``
    (wherever they stand, spaces inside them tolerated), spaces and punctuation removed,
    lower-cased.

    Parameters
    ----------
    name : the name as printed.

    Returns
    -------
    NormalisedName with the comparable ``core`` and the ``legal_forms`` the name shows.

    Examples
    --------
    >>> normalise_name("사회적협동조합 함께강동") == normalise_name("사회적협동조합함께강동")
    True
    >>> normalise_name("(주)미션잇").core
    '미션잇'
    >>> sorted(normalise_name("마법들봄 사회적 협동조합").legal_forms)
    ['social-cooperative']
    """
    return _reduce(_normalise_text(name))


def name_readings(name: str) -> tuple[NormalisedName, ...]:
    """Every plausible reading of a printed name, the plain :func:`normalise_name` first.

    Two further readings are added where the print is ambiguous:

    - ``생활협동조합`` glued to the word before it (``힐링아트문화생활협동조합``) may be a consumer
      cooperative (``힐링아트문화`` + 생활협동조합) or a cooperative whose name ends in 생활
      (``힐링아트문화생활`` + 협동조합);
    - a name of several words may print them in either order around its legal-form word
      (``교육협동조합 온지곤지`` / ``온지곤지 교육협동조합``): the segments sorted give an
      order-free reading, which only ever matches another order-free reading.

    Examples
    --------
    >>> [r.core for r in name_readings("힐링아트문화생활협동조합")][:2]
    ['힐링아트문화', '힐링아트문화생활']
    """
    text = _normalise_text(name)
    readings = [_reduce(text)]
    if _AMBIGUOUS_CONSUMER.search(text):
        readings.append(_reduce(_AMBIGUOUS_CONSUMER.sub("생활|협동조합", text)))
    for reading in list(readings):
        if len(reading.segments) > 1:
            ordered = tuple(sorted(reading.segments))
            readings.append(NormalisedName("|".join(ordered), reading.legal_forms, ordered))
    unique: dict[tuple[str, frozenset[str]], NormalisedName] = {}
    for reading in readings:
        unique.setdefault((reading.core, reading.legal_forms), reading)
    return tuple(unique.values())


def forms_conflict(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two sets of legal forms contradict each other (both known, nothing shared)."""
    return bool(a) and bool(b) and not (a & b)


@dataclass(frozen=True)
class NearMiss:
    """Two organisations whose names read alike but which were kept apart, and why."""

    first: str
    second: str
    core: str
    reason: str


@dataclass
class Resolution:
    """The outcome of resolution.

    ``canonical`` maps every merged id to the id that represents its group (ids that were not
    merged are absent; calling the resolution returns them unchanged); ``groups`` lists each
    merged group, canonical id first; ``reasons`` gives, for each merged id, what matched (the
    normalised name core, or ``business number …``); ``near_misses`` the pairs whose names read
    alike but were kept apart, with the reason.
    """

    canonical: dict[str, str] = field(default_factory=dict)
    groups: list[list[str]] = field(default_factory=list)
    reasons: dict[str, str] = field(default_factory=dict)
    near_misses: list[NearMiss] = field(default_factory=list)

    def __call__(self, org_id: str) -> str:
        """Return the canonical id of ``org_id`` (itself when it was not merged)."""
        return self.canonical.get(org_id, org_id)

    def report(self, names: dict[str, str] | None = None) -> str:
        """A plain-text report of the merged groups: one line per group.

        ``names`` maps ids to the names shown next to them (the ids alone when omitted).
        """
        names = names or {}
        lines = []
        for group in self.groups:
            shown = ", ".join(f"{i} ({names[i]})" if i in names else i for i in group)
            cores = sorted({self.reasons[i] for i in group[1:] if i in self.reasons})
            lines.append(f"{group[0]} <- {shown} [core: {'; '.join(cores)}]")
        return "\n".join(lines) if lines else "No organisations were merged."


def _signatures(org: Organisation) -> list[NormalisedName]:
    declared = frozenset({org.legal_form}) if org.legal_form else frozenset()
    signatures = []
    for name in (org.name_ko, *org.alt_names):
        for reading in name_readings(name):
            signatures.append(
                NormalisedName(reading.core, reading.legal_forms | declared, reading.segments)
            )
    return signatures


def _legal_signals(org: Organisation) -> list[frozenset[str]]:
    """The legal forms an organisation may show: its declared form, else its name's readings'."""
    if org.legal_form:
        return [frozenset({org.legal_form})]
    return [reading.legal_forms for reading in name_readings(org.name_ko)]


def _compatible_forms(x: Organisation, y: Organisation) -> bool:
    return any(not forms_conflict(a, b) for a in _legal_signals(x) for b in _legal_signals(y))


def registered_numbers(records: Iterable[Organisation]) -> set[str]:
    """The register numbers the records state, each named by its register: ``brn:`` a
    business registration number (사업자등록번호), ``crn:`` a corporate one (법인등록번호)."""
    numbers = set()
    for record in records:
        if record.business_number:
            numbers.add(f"brn:{record.business_number}")
        if record.corporate_number:
            numbers.add(f"crn:{record.corporate_number}")
    return numbers


def resolve_organisations(
    organisations: Iterable[Organisation],
    district_of: Callable[[Organisation], str | None] | None = None,
    parents: Mapping[str, str | None] | None = None,
    numbers: Mapping[str, set[str]] | None = None,
) -> Resolution:
    """Group organisations that are one real organisation printed differently.

    The business (사업자등록번호) and corporate (법인등록번호) registration numbers are the
    strongest keys: organisations stating the same number are one, and two whose numbers of one
    register differ are never merged. Otherwise two organisations
    are one when a reading of one of their printed names (canonical or alternative) has the same
    normalised core as a reading of the other's, and nothing in the group contradicts the
    merge: no two members show conflicting legal forms and, when ``district_of`` is given, no
    two members lie in areas apart (one must be, or lie inside, the other), and members of
    different datasets are merged by name only when both areas are known. Groups are built
    transitively, taking organisations in order of id, so that the groups never depend on the
    order given (where a name could join either of two groups that contradict each other, the
    choice is the same for every order). The first organisation of a group (in the order given)
    keeps its id; the others become its aliases. Names that read alike but stay apart are
    listed in ``near_misses``.

    Parameters
    ----------
    organisations : the organisation records, in priority order.
    district_of : optional function giving an organisation's area *code* (its district, or the
        area its dataset covers; None when unknown).
    parents : area code → the code of the area it lies in, for ``district_of``'s codes.
    numbers : id → the register numbers its records state, as :func:`registered_numbers` names
        them (default: the record's own).

    Returns
    -------
    Resolution mapping every merged id to its canonical id.

    Examples
    --------
    >>> from segraph.errors import Origin
    >>> o = Origin("x.csv", 2)
    >>> a = Organisation("a", "사회적협동조합 함께강동", "enterprise", o)
    >>> b = Organisation("b", "사회적협동조합함께강동", "enterprise", o)
    >>> c = Organisation("c", "함께강동 주식회사", "enterprise", o)
    >>> r = resolve_organisations([a, b, c])
    >>> r("b"), r("c")
    ('a', 'c')
    """
    orgs = list(organisations)
    parent = {org.id: org.id for org in orgs}
    members: dict[str, list[Organisation]] = {org.id: [org] for org in orgs}
    position = {org.id: n for n, org in enumerate(orgs)}
    stated = {
        org.id: set(numbers[org.id]) if numbers and org.id in numbers else registered_numbers([org])
        for org in orgs
    }
    held = dict(stated)  # the numbers each group's members state, by root
    resolution = Resolution()
    missed: set[tuple[str, str]] = set()

    def find(org_id: str) -> str:
        while parent[org_id] != org_id:
            parent[org_id] = parent[parent[org_id]]
            org_id = parent[org_id]
        return org_id

    def union(a: str, b: str) -> None:
        keep, drop = (a, b) if position[a] < position[b] else (b, a)
        parent[drop] = keep
        members[keep].extend(members.pop(drop))
        held[keep] = held[keep] | held.pop(drop)

    def apart(x: Organisation, y: Organisation) -> str | None:
        if not _compatible_forms(x, y):
            return "legal forms differ"
        if district_of is None:
            return None
        dx, dy = district_of(x), district_of(y)
        if dx and dy:
            if not _within(dx, dy, parents or {}):
                return f"areas differ ({dx}, {dy})"
        elif x.origin.dataset != y.origin.dataset:
            return "area unknown for one of them (a name alone does not merge across datasets)"
        return None

    def conflict(left: str, right: str) -> str | None:
        for register, name in (("brn:", "business"), ("crn:", "corporate")):
            mine = {n for n in held[left] if n.startswith(register)}
            theirs = {n for n in held[right] if n.startswith(register)}
            if mine and theirs and not mine & theirs:
                return f"{name} registration numbers differ"
        for x in members[left]:
            for y in members[right]:
                reason = apart(x, y)
                if reason:
                    return reason
        return None

    by_number: dict[str, str] = {}
    for org in sorted(orgs, key=lambda o: o.id):
        for number in sorted(stated[org.id]):
            other = by_number.setdefault(number, org.id)
            a, b = find(org.id), find(other)
            if a != b:
                union(a, b)

    seen: dict[str, list[tuple[str, frozenset[str]]]] = {}
    for org in sorted(orgs, key=lambda o: o.id):
        for signature in _signatures(org):
            for other_id, other_forms in seen.get(signature.core, []):
                a, b = find(org.id), find(other_id)
                if a == b:
                    continue
                reason = (
                    "legal forms differ"
                    if forms_conflict(signature.legal_forms, other_forms)
                    else conflict(a, b)
                )
                if reason is None:
                    union(a, b)
                elif (other_id, org.id) not in missed:
                    missed.add((other_id, org.id))
                    resolution.near_misses.append(
                        NearMiss(other_id, org.id, signature.core, reason)
                    )
            seen.setdefault(signature.core, []).append((org.id, signature.legal_forms))

    for org in orgs:
        root = find(org.id)
        if root != org.id:
            resolution.canonical[org.id] = root
    for group in members.values():
        if len(group) > 1:
            ids = sorted((o.id for o in group), key=position.__getitem__)
            resolution.groups.append(ids)
            for alias in ids[1:]:
                shared = stated[alias] & {n for i in ids if i != alias for n in stated[i]}
                resolution.reasons[alias] = (
                    _number_reason(min(shared)) if shared else _first_shared_core(group, alias)
                )
    resolution.near_misses = [
        miss for miss in resolution.near_misses if find(miss.first) != find(miss.second)
    ]
    resolution.near_misses.sort(key=lambda miss: (miss.first, miss.second))
    resolution.groups.sort(key=lambda ids: position[ids[0]])
    return resolution


def _number_reason(number: str) -> str:
    register, digits = number.split(":", 1)
    return f"{'business' if register == 'brn' else 'corporate'} number {digits}"


def _within(a: str, b: str, parents: Mapping[str, str | None]) -> bool:
    """Whether areas ``a`` and ``b`` are one, or one lies inside the other."""
    return a == b or b in _lineage(a, parents) or a in _lineage(b, parents)


def _lineage(code: str, parents: Mapping[str, str | None]) -> set[str]:
    found: set[str] = set()
    while code and code not in found:
        found.add(code)
        code = parents.get(code) or ""
    return found


def _first_shared_core(group: list[Organisation], alias: str) -> str:
    alias_cores = {s.core for o in group if o.id == alias for s in _signatures(o)}
    for org in group:
        if org.id != alias:
            for signature in _signatures(org):
                if signature.core in alias_cores:
                    return signature.core
    return ""
