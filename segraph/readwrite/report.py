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
from segraph.network.analysis import Analysis
from segraph.network.brokerage import ROLES
from segraph.network.communities import describe_communities
from segraph.network.nulls import NullSettings, compare_with_null, networks_of

#: How many organisations the rankings list.
TOP = 10
#: How many communities are described one by one (the others are summarised).
COMMUNITIES_DESCRIBED = 12
#: Samples of the affiliation null the report compares its measures with by default, for
#: networks of up to NULL_AUTO_LIMIT organisations (above, each sample takes seconds).
NULL_SAMPLES, NULL_AUTO_LIMIT = 100, 3000
#: The statistics of :mod:`segraph.network.nulls` the report shows, with their names.
NULL_STATISTICS: dict[str, str] = {
    "ei_kind": "E–I index by kind",
    "ei_district": "E–I index by district",
    "assortativity_kind": "assortativity by kind",
    "assortativity_district": "assortativity by district",
    "average_clustering": "average clustering",
    "modularity": "modularity (unweighted)",
}

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


def _name(analysis: Analysis, node: Hashable) -> str:
    attrs = analysis.network.nodes[node]
    english = attrs.get("label_en")
    return f"{attrs.get('label_ko', node)} ({english})" if english else str(attrs.get("label_ko"))


def _programs(analysis: Analysis, node: Hashable, limit: int = 3) -> str:
    if node not in analysis.two_mode:
        return "—"
    labels = sorted(
        str(analysis.two_mode.nodes[p].get("label_ko") or p) for p in analysis.two_mode[node]
    )
    more = f" (+{len(labels) - limit} more)" if len(labels) > limit else ""
    return "; ".join(labels[:limit]) + more


def _district(analysis: Analysis, node: Hashable) -> str:
    attrs = analysis.network.nodes[node]
    return str(attrs.get("district_ko") or attrs.get("district") or "unknown")


def _ranked(analysis: Analysis, measure: str) -> list[Hashable]:
    return sorted(analysis.measures, key=lambda n: (-analysis.measures[n][measure], str(n)))[:TOP]


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _size_section(analysis: Analysis) -> list[str]:
    s = analysis.summary
    settings = analysis.settings
    programs = sum(1 for _, part in analysis.two_mode.nodes(data="bipartite") if part == 1)
    lines = [
        "## Size and shape",
        "",
        f"- Organisations: **{s['nodes']}**; collaboration ties: **{s['edges']}** "
        f"({settings.layer} ties, {settings.weighting} weighting).",
        f"- Density: {_fmt(s['density'])}; average clustering: {_fmt(s['average_clustering'])}.",
        f"- Connected components: {s['components']} (the largest holds "
        f"{s['largest_component']} organisations; {s['isolates']} have no tie).",
        f"- Programs with participants: {programs}.",
    ]
    flt = settings.filter
    chosen = [
        f"{what} {', '.join(sorted(map(str, values)))}"
        for what, values in (
            ("districts", flt.districts),
            ("kinds", flt.kinds),
            ("programs", flt.programs),
            ("years", flt.years),
        )
        if values
    ]
    if chosen:
        lines.append(f"- Selection: {md('; '.join(chosen))}.")
    if s.get("unprojected_programs"):
        lines.append(
            f"- Programs too large to project into ties (over {settings.max_program_size} "
            f"participants): {md(s['unprojected_programs'])}."
        )
    return [*lines, ""]


def _ranking(analysis: Analysis, measure: str) -> tuple[list[str], list[list[object]]]:
    """The table of the organisations with the highest ``measure`` (above 0), with programs."""
    headers = ["organisation", "kind", "district", measure, "degree", "programs"]
    rows: list[list[object]] = [
        [
            _name(analysis, n),
            analysis.network.nodes[n].get("kind", ""),
            _district(analysis, n),
            analysis.measures[n][measure],
            analysis.measures[n]["degree"],
            _programs(analysis, n),
        ]
        for n in _ranked(analysis, measure)
        if analysis.measures[n][measure] > 0
    ]
    return headers, rows


def _central_section(analysis: Analysis) -> list[str]:
    headers, brokers = _ranking(analysis, "betweenness")
    central_headers, central = _ranking(analysis, "eigenvector")
    return [
        "## Bridges: the highest betweenness",
        "",
        "Organisations on many shortest paths between others: they link parts of the ecosystem "
        "that would otherwise be far apart, usually because they take part in several programs.",
        "",
        _table(headers, brokers) if brokers else "No organisation lies between two others.",
        "",
        "## Central organisations: the highest eigenvector centrality",
        "",
        "Organisations tied to other well-connected organisations.",
        "",
        _table(central_headers, central) if central else "No organisation has a tie.",
        "",
    ]


def _covered(coverage: tuple[int, int]) -> str:
    known, total = coverage
    share = f" ({known / total:.0%})" if total else ""
    return f"{known:,} of {total:,} organisations{share}"


def _brokerage_section(analysis: Analysis) -> list[str]:
    result = analysis.brokerage["district"]
    ranked = sorted(result.counts, key=lambda n: (-result.counts[n]["total"], str(n)))[:TOP]
    rows = [
        [
            _name(analysis, n),
            _district(analysis, n),
            *(result.counts[n][role] for role in ROLES),
            result.z[n]["total"],
        ]
        for n in ranked
        if result.counts[n]["total"]
    ]
    return [
        "## Brokers between districts (Gould–Fernandez)",
        "",
        "Counts of open two-paths the organisation sits on, by the districts of the three "
        "(coordinator: all in one district; itinerant: the two ends share a district that is not "
        "the broker's; representative / gatekeeper: from / into the broker's district; liaison: "
        "three districts). z compares the total with a random network of the same density. "
        f"Only organisations whose district is known are counted, and only the ties among them: "
        f"{_covered(result.coverage)}.",
        "",
        _table(["organisation", "district", *ROLES, "z"], rows) if rows else "No brokerage.",
        "",
    ]


def _listed(pairs: Sequence[tuple[str, int]]) -> str:
    return ", ".join(f"{md(label)} ({n})" for label, n in pairs) or "not recorded"


def _community_section(analysis: Analysis) -> list[str]:
    profiles = describe_communities(analysis.partition, analysis.network, analysis.two_mode)
    groups = [p for p in profiles if p.size > 1]
    singles = len(profiles) - len(groups)
    lines = [
        "## Communities",
        "",
        f"Method: {analysis.partition.method} (seed {analysis.settings.seed}, resolution "
        f"{analysis.settings.resolution:g}); modularity {analysis.partition.modularity:.3f} "
        f"(above about 0.3 the network is clearly clustered). {len(groups)} communities of two or "
        f"more organisations, {singles} organisations alone.",
        "",
    ]
    for profile in groups[:COMMUNITIES_DESCRIBED]:
        leaders = sorted(profile.members, key=lambda n: (-analysis.measures[n]["degree"], str(n)))[
            :3
        ]
        lines += [
            f"### Community {profile.id} — {profile.size} organisations",
            "",
            f"- Programs: {_listed(profile.top_programs)}",
            f"- Districts: {_listed(profile.top_districts)}",
            f"- Kinds: {_listed(profile.top_kinds)}",
            f"- Most connected: {', '.join(md(_name(analysis, n)) for n in leaders)}",
            "",
        ]
    if len(groups) > COMMUNITIES_DESCRIBED:
        lines += [f"… and {len(groups) - COMMUNITIES_DESCRIBED} smaller communities.", ""]
    return lines


def _cross_district_section(analysis: Analysis) -> list[str]:
    s = analysis.summary
    pairs: Counter[tuple[str, str]] = Counter()
    for a, b in analysis.network.edges():
        da, db = (
            analysis.network.nodes[a].get("district"),
            analysis.network.nodes[b].get("district"),
        )
        if da and db and da != db:
            pairs[tuple(sorted((_district(analysis, a), _district(analysis, b))))] += 1
    top = sorted(pairs.items(), key=lambda x: (-x[1], x[0]))[:TOP]
    return [
        "## Ties across districts and kinds",
        "",
        f"- E–I index by district: {_fmt(s['ei_district'])}; by kind: {_fmt(s['ei_kind'])} "
        "(−1: every tie stays inside its group, +1: every tie crosses groups).",
        f"- Assortativity by district: {_fmt(s['assortativity_district'])}; by kind: "
        f"{_fmt(s['assortativity_kind'])}.",
        f"- Coverage: the district is known for {_covered(s['coverage_district'])}, the kind for "
        f"{_covered(s['coverage_kind'])}; the measures by district and by kind use only those "
        "organisations (an unknown value is no group).",
        "",
        _table(["district", "district", "ties"], [[a, b, n] for (a, b), n in top])
        if top
        else "No tie joins two known districts.",
        "",
    ]


def _null_section(analysis: Analysis, samples: int | None) -> list[str]:
    count = len(analysis.network)
    if samples is None and count > NULL_AUTO_LIMIT:
        return [
            "## Against chance",
            "",
            f"Not computed: {count:,} organisations (more than {NULL_AUTO_LIMIT:,}); "
            "`segraph report --null-samples N` or `segraph nulls` computes it.",
            "",
        ]
    samples = NULL_SAMPLES if samples is None else samples
    if samples <= 0:
        return []
    s = analysis.settings
    settings = NullSettings(
        samples=samples,
        seed=s.seed,
        method=s.method,
        resolution=s.resolution,
        layer=s.layer,
        weighting=s.weighting,
        max_program_size=s.max_program_size,
        filter=s.filter,
    )
    found = compare_with_null(networks_of(analysis.network, analysis.two_mode), settings)
    rows = [
        [NULL_STATISTICS[c.statistic], _fmt(c.observed), _fmt(c.mean), _fmt(c.z), _fmt(c.p)]
        for c in found.comparisons
        if c.statistic in NULL_STATISTICS
    ]
    return [
        "## Against chance",
        "",
        f"Each measure against {samples} samples of the affiliation null (seed {s.seed}): the "
        "organisation × program network rewired with every organisation's number of programs "
        "and every program's number of participants kept, then projected as this network was "
        "(`segraph nulls`). z = (observed − null mean) / null sd; p is the two-sided empirical "
        "p-value. The measures by district use only the organisations whose district is known.",
        "",
        _table(["measure", "observed", "null mean", "z", "p"], rows),
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


def _provenance_lines(analysis: Analysis) -> list[str]:
    record = analysis.provenance()
    datasets = record["datasets"].split(";") if record["datasets"] else []
    return [
        f"segraph {record['segraph_version']}; datasets: "
        f"{md(', '.join(datasets) or 'none recorded')}; {record['layer']} ties, "
        f"{record['weighting']} weighting; communities: {record['communities']} (seed "
        f"{record['seed']}, resolution {record['resolution']}); selection: "
        f"{md(record['selection'])}.",
        "",
    ]


def report_markdown(
    analysis: Analysis,
    charts: Sequence[str] | None = None,
    no_charts_reason: str = "",
    null_samples: int | None = None,
) -> str:
    """Return the report's Markdown.

    ``charts`` are image links; when None, the report says charts were not drawn and why.
    ``null_samples``: samples of the affiliation null the measures are compared with (0: no
    such section; None: :data:`NULL_SAMPLES` up to :data:`NULL_AUTO_LIMIT` organisations,
    else a note that it was not computed).
    """
    lines = [
        "# The collaboration network",
        "",
        "Organisations are tied when they take part in the same program or have a formal tie "
        "(membership, partnership, support, operation, funding, agreement). Generated by "
        "`segraph report`.",
        "",
        *_provenance_lines(analysis),
        *_size_section(analysis),
        *_central_section(analysis),
        *_brokerage_section(analysis),
        *_community_section(analysis),
        *_cross_district_section(analysis),
        *_null_section(analysis, null_samples),
        "## Charts",
        "",
    ]
    if charts is None:
        lines.append(f"Charts were not drawn: {no_charts_reason or 'not requested'}.")
    else:
        lines.extend(f"{chart}\n" for chart in charts)
    return "\n".join(lines).rstrip() + "\n"


def write_report(
    analysis: Analysis, path: str | Path, charts: bool = True, null_samples: int | None = None
) -> list[Path]:
    """Write the report to ``path`` and its charts beside it; return the files written.

    Parameters
    ----------
    analysis : from :func:`segraph.network.analysis.analyse`.
    path : the Markdown file; charts are ``<stem>-degree.png`` and ``<stem>-communities.png``.
    charts : draw charts when matplotlib is installed.
    null_samples : samples of the affiliation null for the "Against chance" section (0: none;
        None: as :func:`report_markdown`).
    """
    target = check_output_path(path)
    stem = target.with_suffix("")
    images = _draw_charts(analysis, stem) if charts and charts_available() else None
    reason = (
        "matplotlib is not installed (pip install 'segraph[report]')"
        if charts and images is None
        else "not requested (--no-charts)"
    )
    write_text_atomic(target, report_markdown(analysis, images, reason, null_samples))
    written = [target]
    if images is not None:
        written += [stem.with_name(f"{stem.name}-{s}.png") for s in ("degree", "communities")]
    return written
