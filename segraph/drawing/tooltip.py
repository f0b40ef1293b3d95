"""The hover text of community and program nodes and of participations, as HTML in which every
string from the data is escaped (organisations and their ties get theirs from the page script:
:mod:`segraph.drawing.details`)."""

from __future__ import annotations

from collections.abc import Mapping
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


def participation_edge_tooltip(roles: list[str], years: list[str], terms: Terms) -> str:
    """Return the tooltip of an organisation–program edge (two-mode view)."""
    parts = []
    if roles:
        parts.append(_row("역할 roles", ", ".join(_both(*terms.name("role", r)) for r in roles)))
    if years:
        parts.append(_row("연도 years", escape(", ".join(years))))
    return "".join(parts)
