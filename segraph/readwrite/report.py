"""A Markdown summary of the collaboration network for a researcher, with PNG charts beside it.

:func:`write_report` writes ``report.md`` (and ``report-degree.png``, ``report-communities.png``
when matplotlib is installed: ``pip install 'segraph[report]'``). Without matplotlib the report is
written without charts and says so. Every file is written atomically.
"""

from __future__ import annotations

import importlib.util
import io
from collections import Counter
from collections.abc import Hashable, Sequence
from pathlib import Path

from segraph._util.atomic import check_output_path, write_bytes_atomic, write_text_atomic
from segraph.errors import ArgumentError
from segraph.network.analysis import Analysis
from segraph.network.brokerage import ROLES
from segraph.network.communities import describe_communities
from segraph.network.nulls import NullSettings, compare_with_null, networks_of
from segraph.readwrite.report_text import LANGUAGES, TEXT

#: How many organisations the rankings list.
TOP = 10
#: How many communities are described one by one (the others are summarised).
COMMUNITIES_DESCRIBED = 12
#: Samples of the affiliation null the report compares its measures with by default, for
#: networks of up to NULL_AUTO_LIMIT organisations (above, each sample takes seconds).
NULL_SAMPLES, NULL_AUTO_LIMIT = 100, 3000
#: The statistics of :mod:`segraph.network.nulls` the report shows (named in report_text).
NULL_STATISTICS: tuple[str, ...] = (
    "ei_kind",
    "ei_district",
    "assortativity_kind",
    "assortativity_district",
    "average_clustering",
    "modularity",
)

Text = dict[str, str]

_MARKDOWN_SPECIAL = str.maketrans(
    {c: f"\\{c}" for c in "\\`*_[]|#"} | {"<": "&lt;", ">": "&gt;", "\n": " ", "\r": " "}
)


def md(text: object) -> str:
    """Escape text from the data for a Markdown table cell or paragraph."""
    return str(text).translate(_MARKDOWN_SPECIAL)


def charts_available() -> bool:
    """Whether matplotlib is installed, so that charts can be drawn."""
    return importlib.util.find_spec("matplotlib") is not None


def _table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    for row in rows:
        cells = [f"{v:.3f}" if isinstance(v, float) else md(v) for v in row]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _name(analysis: Analysis, node: Hashable, t: Text) -> str:
    attrs = analysis.network.nodes[node]
    korean, english = str(attrs.get("label_ko") or node), attrs.get("label_en")
    if not english:
        return korean
    return f"{korean} ({english})" if t is TEXT["ko"] else f"{english} ({korean})"


def _programs(analysis: Analysis, node: Hashable, t: Text, limit: int = 3) -> str:
    if node not in analysis.two_mode:
        return "—"
    labels = sorted(
        str(analysis.two_mode.nodes[p].get("label_ko") or p) for p in analysis.two_mode[node]
    )
    more = t["more"].format(n=len(labels) - limit) if len(labels) > limit else ""
    return "; ".join(labels[:limit]) + more


def _district(analysis: Analysis, node: Hashable, t: Text) -> str:
    attrs = analysis.network.nodes[node]
    return str(attrs.get("district_ko") or attrs.get("district") or t["unknown"])


def _ranked(analysis: Analysis, measure: str) -> list[Hashable]:
    return sorted(analysis.measures, key=lambda n: (-analysis.measures[n][measure], str(n)))[:TOP]


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _selection(analysis: Analysis, t: Text) -> str:
    chosen = analysis.settings.filter.chosen()
    return "; ".join(f"{t[what]} {', '.join(values)}" for what, values in chosen)


def _size_section(analysis: Analysis, t: Text) -> list[str]:
    s = analysis.summary
    settings = analysis.settings
    programs = sum(1 for _, part in analysis.two_mode.nodes(data="bipartite") if part == 1)
    lines = [
        t["size"],
        "",
        t["size_ties"].format(
            nodes=s["nodes"], edges=s["edges"], layer=settings.layer, weighting=settings.weighting
        ),
        t["size_density"].format(
            density=_fmt(s["density"]), clustering=_fmt(s["average_clustering"])
        ),
        t["size_components"].format(
            components=s["components"], largest=s["largest_component"], isolates=s["isolates"]
        ),
        t["size_programs"].format(programs=programs),
    ]
    chosen = _selection(analysis, t)
    if chosen:
        lines.append(t["size_selection"].format(selection=md(chosen)))
    if s.get("unprojected_programs"):
        lines.append(
            t["size_unprojected"].format(
                limit=settings.max_program_size, programs=md(s["unprojected_programs"])
            )
        )
    return [*lines, ""]


def _ranking(analysis: Analysis, measure: str, t: Text) -> tuple[list[str], list[list[object]]]:
    """The table of the organisations with the highest ``measure`` (above 0), with programs."""
    headers = [t["organisation"], t["kind"], t["district"], t[measure], t["degree"], t["programs"]]
    rows: list[list[object]] = [
        [
            _name(analysis, n, t),
            analysis.network.nodes[n].get("kind", ""),
            _district(analysis, n, t),
            analysis.measures[n][measure],
            analysis.measures[n]["degree"],
            _programs(analysis, n, t),
        ]
        for n in _ranked(analysis, measure)
        if analysis.measures[n][measure] > 0
    ]
    return headers, rows


def _central_section(analysis: Analysis, t: Text) -> list[str]:
    headers, brokers = _ranking(analysis, "betweenness", t)
    central_headers, central = _ranking(analysis, "eigenvector", t)
    return [
        t["bridges"],
        "",
        t["bridges_text"],
        "",
        _table(headers, brokers) if brokers else t["no_bridges"],
        "",
        t["central"],
        "",
        t["central_text"],
        "",
        _table(central_headers, central) if central else t["no_central"],
        "",
    ]


def _covered(coverage: tuple[int, int], t: Text) -> str:
    known, total = coverage
    share = f" ({known / total:.0%})" if total else ""
    return t["covered"].format(known=known, total=total, share=share)


def _brokerage_section(analysis: Analysis, t: Text) -> list[str]:
    result = analysis.brokerage["district"]
    ranked = sorted(result.counts, key=lambda n: (-result.counts[n]["total"], str(n)))[:TOP]
    rows = [
        [
            _name(analysis, n, t),
            _district(analysis, n, t),
            *(result.counts[n][role] for role in ROLES),
            result.z[n]["total"],
        ]
        for n in ranked
        if result.counts[n]["total"]
    ]
    headers = [t["organisation"], t["district"], *(t[role] for role in ROLES), "z"]
    return [
        t["brokers"],
        "",
        t["brokers_text"].format(coverage=_covered(result.coverage, t)),
        "",
        _table(headers, rows) if rows else t["no_brokerage"],
        "",
    ]


def _listed(pairs: Sequence[tuple[str, int]], t: Text) -> str:
    return ", ".join(f"{md(label)} ({n})" for label, n in pairs) or t["not_recorded"]


def _community_section(analysis: Analysis, t: Text) -> list[str]:
    profiles = describe_communities(analysis.partition, analysis.network, analysis.two_mode)
    groups = [p for p in profiles if p.size > 1]
    lines = [
        t["communities"],
        "",
        t["communities_text"].format(
            method=analysis.partition.method,
            seed=analysis.settings.seed,
            resolution=f"{analysis.settings.resolution:g}",
            modularity=f"{analysis.partition.modularity:.3f}",
            groups=len(groups),
            singles=len(profiles) - len(groups),
        ),
        "",
    ]
    for profile in groups[:COMMUNITIES_DESCRIBED]:
        leaders = sorted(profile.members, key=lambda n: (-analysis.measures[n]["degree"], str(n)))
        lines += [
            t["community"].format(id=profile.id, size=profile.size),
            "",
            t["community_programs"].format(items=_listed(profile.top_programs, t)),
            t["community_districts"].format(items=_listed(profile.top_districts, t)),
            t["community_kinds"].format(items=_listed(profile.top_kinds, t)),
            t["community_leaders"].format(
                items=", ".join(md(_name(analysis, n, t)) for n in leaders[:3])
            ),
            "",
        ]
    if len(groups) > COMMUNITIES_DESCRIBED:
        lines += [t["smaller"].format(n=len(groups) - COMMUNITIES_DESCRIBED), ""]
    return lines


def _cross_district_section(analysis: Analysis, t: Text) -> list[str]:
    s = analysis.summary
    pairs: Counter[tuple[str, str]] = Counter()
    for a, b in analysis.network.edges():
        da, db = (
            analysis.network.nodes[a].get("district"),
            analysis.network.nodes[b].get("district"),
        )
        if da and db and da != db:
            pairs[tuple(sorted((_district(analysis, a, t), _district(analysis, b, t))))] += 1
    top = sorted(pairs.items(), key=lambda x: (-x[1], x[0]))[:TOP]
    return [
        t["across"],
        "",
        t["across_ei"].format(district=_fmt(s["ei_district"]), kind=_fmt(s["ei_kind"])),
        t["across_assortativity"].format(
            district=_fmt(s["assortativity_district"]), kind=_fmt(s["assortativity_kind"])
        ),
        t["across_coverage"].format(
            district=_covered(s["coverage_district"], t), kind=_covered(s["coverage_kind"], t)
        ),
        "",
        _table([t["district"], t["district"], t["ties"]], [[a, b, n] for (a, b), n in top])
        if top
        else t["no_cross"],
        "",
    ]


def _null_section(analysis: Analysis, samples: int | None, t: Text) -> list[str]:
    count = len(analysis.network)
    if samples is None and count > NULL_AUTO_LIMIT:
        return [t["chance"], "", t["chance_skipped"].format(count=count, limit=NULL_AUTO_LIMIT), ""]
    samples = NULL_SAMPLES if samples is None else samples
    if samples <= 0:
        return []
    s = analysis.settings
    settings = NullSettings.following(s, samples=samples)
    found = compare_with_null(networks_of(analysis.network, analysis.two_mode), settings)
    rows = [
        [t[c.statistic], _fmt(c.observed), _fmt(c.mean), _fmt(c.z), _fmt(c.p)]
        for c in found.comparisons
        if c.statistic in NULL_STATISTICS
    ]
    return [
        t["chance"],
        "",
        t["chance_text"].format(samples=samples, seed=s.seed),
        "",
        _table([t["measure"], t["observed"], t["null_mean"], "z", "p"], rows),
        "",
    ]


def _draw_charts(analysis: Analysis, stem: Path) -> list[str]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    charts = []
    degrees = Counter(int(v["degree"]) for v in analysis.measures.values())
    sizes = [len(c) for c in analysis.partition.communities if len(c) > 1]
    for suffix, title, draw in (
        ("degree", "Degree distribution", lambda ax: _degree_bars(ax, degrees)),
        ("communities", "Community sizes", lambda ax: _size_bars(ax, sizes)),
    ):
        fig, ax = plt.subplots(figsize=(6, 3.5), dpi=100)
        draw(ax)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_title(title)
        fig.tight_layout()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", metadata={"Software": None})
        plt.close(fig)
        path = stem.with_name(f"{stem.name}-{suffix}.png")
        write_bytes_atomic(path, buffer.getvalue())
        charts.append(f"![{title}]({path.name})")
    return charts


def _degree_bars(ax: object, degrees: Counter[int]) -> None:
    keys = sorted(degrees)
    ax.bar(keys, [degrees[k] for k in keys], color="#4c72b0")  # type: ignore[attr-defined]
    ax.set_xlabel("degree (number of partners)")  # type: ignore[attr-defined]
    ax.set_ylabel("organisations")  # type: ignore[attr-defined]


def _size_bars(ax: object, sizes: list[int]) -> None:
    ax.bar(range(1, len(sizes) + 1), sizes, color="#55a868")  # type: ignore[attr-defined]
    ax.set_xlabel("community id")  # type: ignore[attr-defined]
    ax.set_ylabel("organisations")  # type: ignore[attr-defined]


def _provenance_lines(analysis: Analysis, t: Text) -> list[str]:
    record = analysis.provenance()
    datasets = record["datasets"].split(";") if record["datasets"] else []
    return [
        t["provenance"].format(
            version=record["segraph_version"],
            datasets=md(", ".join(datasets) or t["no_datasets"]),
            layer=record["layer"],
            weighting=record["weighting"],
            measures=record["measures"],
            method=record["communities"],
            seed=record["seed"],
            resolution=record["resolution"],
            selection=md(_selection(analysis, t) or t["everything"]),
        ),
        "",
    ]


def report_markdown(
    analysis: Analysis,
    charts: Sequence[str] | None = None,
    no_charts_reason: str = "",
    null_samples: int | None = None,
    lang: str = "en",
) -> str:
    """Return the report's Markdown in ``lang`` (``ko`` or ``en``).

    ``charts`` are image links; when None, the report says charts were not drawn and why.
    ``null_samples``: samples of the affiliation null the measures are compared with (0: no
    such section; None: :data:`NULL_SAMPLES` up to :data:`NULL_AUTO_LIMIT` organisations,
    else a note that it was not computed).
    """
    t = _text(lang)
    lines = [
        t["title"],
        "",
        t["intro"],
        "",
        *_provenance_lines(analysis, t),
        *_size_section(analysis, t),
        *_central_section(analysis, t),
        *_brokerage_section(analysis, t),
        *_community_section(analysis, t),
        *_cross_district_section(analysis, t),
        *_null_section(analysis, null_samples, t),
        t["charts"],
        "",
    ]
    if charts is None:
        reason = t[no_charts_reason] if no_charts_reason else t["not_requested"]
        lines.append(t["charts_not_drawn"].format(reason=reason))
    else:
        lines.extend(f"{chart}\n" for chart in charts)
    return "\n".join(lines).rstrip() + "\n"


def _text(lang: str) -> Text:
    if lang not in LANGUAGES:
        raise ArgumentError("lang", f"'{lang}': choose one of {', '.join(LANGUAGES)}")
    return TEXT[lang]


def write_report(
    analysis: Analysis,
    path: str | Path,
    charts: bool = True,
    null_samples: int | None = None,
    lang: str = "en",
) -> list[Path]:
    """Write the report to ``path`` and its charts beside it; return the files written.

    Parameters
    ----------
    analysis : from :func:`segraph.network.analysis.analyse`.
    path : the Markdown file; charts are ``<stem>-degree.png`` and ``<stem>-communities.png``.
    charts : draw charts when matplotlib is installed (their labels are in English).
    null_samples : samples of the affiliation null for the "Against chance" section (0: none;
        None: as :func:`report_markdown`).
    lang : ``ko`` or ``en``, the language of the report.
    """
    _text(lang)
    target = check_output_path(path)
    stem = target.with_suffix("")
    images = _draw_charts(analysis, stem) if charts and charts_available() else None
    reason = "no_matplotlib" if charts and images is None else "not_requested"
    write_text_atomic(target, report_markdown(analysis, images, reason, null_samples, lang))
    written = [target]
    if images is not None:
        written += [stem.with_name(f"{stem.name}-{s}.png") for s in ("degree", "communities")]
    return written
