"""The hover text of nodes and edges, as HTML in which every string from the data is escaped."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape
from typing import Any

from segraph.drawing.terms import Terms
from segraph.network.communities import CommunityProfile

#: At most this many programs are listed in one tooltip; the rest are counted.
MAX_LISTED = 12


def _both(ko: str, en: str) -> str:
    return escape(ko) if not en or en == ko else f"{escape(ko)} · {escape(en)}"


def _row(caption: str, value: str) -> str:
    return f'<div class="tip-row"><span class="tip-key">{caption}</span> {value}</div>'


def _listing(items: list[str]) -> str:
    shown = "".join(f"<li>{item}</li>" for item in items[:MAX_LISTED])
    more = f"<li>… +{len(items) - MAX_LISTED}</li>" if len(items) > MAX_LISTED else ""
    return f'<ul class="tip-list">{shown}{more}</ul>'


def organisation_tooltip(
    attrs: Mapping[str, Any],
    terms: Terms,
    programs: Iterable[tuple[str, str, list[str]]],
    measures: Iterable[tuple[str, str, float]],
) -> str:
    """Return the tooltip of an organisation.

    Parameters
    ----------
    attrs : the node attributes of :func:`segraph.network.views.collaboration_network`
    terms : names of kinds, legal forms, roles and designations
    programs : (Korean name, English name, role codes) of each program it takes part in
    measures : (Korean name, English name, value) of the measures to show
    """
    parts = [f'<div class="tip-title">{escape(attrs.get("label_ko") or "")}</div>']
    if attrs.get("label_en"):
        parts.append(f'<div class="tip-sub">{escape(attrs["label_en"])}</div>')
    if attrs.get("kind"):
        parts.append(_row("종류 kind", _both(*terms.name("kind", attrs["kind"]))))
    if attrs.get("legal_form"):
        parts.append(_row("법인격 legal form", _both(*terms.name("legal", attrs["legal_form"]))))
    if attrs.get("designations"):
        names = [_both(*terms.name("designation", d)) for d in attrs["designations"].split(";")]
        parts.append(_row("지정 designation", ", ".join(names)))
    district = _both(attrs.get("district_ko") or "", attrs.get("district_en") or "")
    parts.append(_row("자치구 district", district or "—"))
    listed = [
        f"{_both(ko, en)} <i>({', '.join(_both(*terms.name('role', r)) for r in roles)})</i>"
        if roles
        else _both(ko, en)
        for ko, en, roles in programs
    ]
    if listed:
        parts.append(_row(f"사업 programs ({len(listed)})", _listing(listed)))
    shown = [f"{_both(ko, en)}: <strong>{_number(value)}</strong>" for ko, en, value in measures]
    if shown:
        parts.append(_row("지표 measures", _listing(shown)))
    return "".join(parts)


def community_tooltip(
    name: tuple[str, str],
    size: int,
    profile: CommunityProfile | None,
    terms: Terms,
    districts_en: Mapping[str, str],
) -> str:
    """Return the tooltip of a community node: its size and most common districts, kinds and
    programs (``profile`` is None for the node of organisations that are on their own)."""
    parts = [f'<div class="tip-title">{escape(name[0])}</div>']
    if name[1] != name[0]:
        parts.append(f'<div class="tip-sub">{escape(name[1])}</div>')
    parts.append(_row("조직 organisations", f"<strong>{size}</strong>"))
    if profile is not None:
        for caption, rows in (
            (
                "자치구 districts",
                [(d, districts_en.get(d, d), n) for d, n in profile.top_districts],
            ),
            ("종류 kinds", [(*terms.name("kind", k), n) for k, n in profile.top_kinds]),
            ("사업 programs", [(p, p, n) for p, n in profile.top_programs]),
        ):
            if rows:
                parts.append(
                    _row(caption, _listing([f"{_both(ko, en)} ({n})" for ko, en, n in rows]))
                )
    parts.append('<div class="tip-sub">눌러서 구성원 보기 · click to see its members</div>')
    return "".join(parts)


def program_tooltip(
    attrs: Mapping[str, Any], area: tuple[str, str] | None, participants: int
) -> str:
    """Return the tooltip of a program node (two-mode view)."""
    parts = [f'<div class="tip-title">{escape(attrs.get("label_ko") or "")}</div>']
    if attrs.get("label_en"):
        parts.append(f'<div class="tip-sub">{escape(attrs["label_en"])}</div>')
    if attrs.get("level"):
        parts.append(_row("수준 level", escape(str(attrs["level"]))))
    if area:
        parts.append(_row("분야 area", _both(*area)))
    parts.append(_row("참여 organisations", str(participants)))
    return "".join(parts)


def collaboration_edge_tooltip(
    attrs: Mapping[str, Any], terms: Terms, programs: Iterable[tuple[str, str]]
) -> str:
    """Return the tooltip of an organisation–organisation edge: its direct ties and the
    programs both organisations take part in."""
    parts = []
    ties = [t for t in str(attrs.get("ties") or "").split(";") if t]
    if ties:
        parts.append(_row("관계 ties", ", ".join(_both(*terms.name("tie", t)) for t in ties)))
    listed = [_both(ko, en) for ko, en in programs]
    if listed:
        parts.append(_row(f"함께한 사업 shared programs ({len(listed)})", _listing(listed)))
    return "".join(parts)


def participation_edge_tooltip(roles: list[str], years: list[str], terms: Terms) -> str:
    """Return the tooltip of an organisation–program edge (two-mode view)."""
    parts = []
    if roles:
        parts.append(_row("역할 roles", ", ".join(_both(*terms.name("role", r)) for r in roles)))
    if years:
        parts.append(_row("연도 years", escape(", ".join(years))))
    return "".join(parts)


def _number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.4g}"
