"""The map pages of a national-scale ecosystem, timed in Debian's Chromium as a user meets them.

Writes the organisation-level and the community-level map of ``--orgs`` synthetic organisations
(``segraph synth``, whole ``segraph map`` processes, wall clock), opens each in headless Chromium
through playwright with every network request blocked (1280×800), and measures:

- load: from navigation to the map drawn (``body[data-ready]``);
- search to centred: typing a name in the search box and pressing Enter, until the organisation
  is selected, drawn and at the centre of the canvas (the community level first opens its
  community), for ``--searches`` organisations drawn with a fixed seed;
- opening a community (community level): every community, from the call the node's click makes
  until the members are drawn, and back to the overview;
- the longest main-thread task after load (the browser's Long Tasks API), per action: idle, the
  searches, the communities, a filter and the reset.

Usage::

    python benchmarks/map_browser.py --orgs 20000 -o benchmarks/MAP.md

Targets: search to centred ≤ 1 s, opening any community ≤ 1 s, no task over 0.5 s after load.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from commands import SEGRAPH, publish, synth, timed
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
VIEWPORT = {"width": 1280, "height": 800}
SEARCH_TARGET, OPEN_TARGET, TASK_TARGET = 1.0, 1.0, 0.5

# every long task (over 50 ms) the page runs, from the first script on
RECORD_LONG_TASKS = """
window.__longTasks = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
}).observe({ type: "longtask", buffered: true });
"""

# resolves once the next frame has been drawn
NEXT_FRAME = "() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)))"

CENTRED = """(id) => {
  const net = segraphMap.network, position = net.getPositions([id])[id];
  if (!position) return false;
  const at = net.canvasToDOM(position);
  const box = net.body.container.getBoundingClientRect();
  return segraphMap.highlighted()[0] === id
    && Math.abs(at.x - box.width / 2) < 5 && Math.abs(at.y - box.height / 2) < 5;
}"""


class MapTab:
    """A Chromium tab holding one map page, cut off from the network."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.page = browser.new_page(viewport=VIEWPORT)
        self.page.route(
            "**/*",
            lambda route: (
                route.continue_() if route.request.url.startswith("file:") else route.abort()
            ),
        )
        self.errors: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.add_init_script(RECORD_LONG_TASKS)
        started = time.perf_counter()
        self.page.goto(path.resolve().as_uri(), timeout=600_000)
        self.page.wait_for_selector("body[data-ready=true]", state="attached", timeout=600_000)
        self.load = time.perf_counter() - started
        self.longest: dict[str, float] = {}

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)

    @contextmanager
    def action(self, name: str) -> Iterator[None]:
        """Keep the longest task run while the block runs, under ``name``."""
        self.js("window.__longTasks.length = 0")
        yield
        self.js(NEXT_FRAME)
        tasks = self.js("window.__longTasks")
        self.longest[name] = max([self.longest.get(name, 0.0), *(t / 1000 for t in tasks)])

    def search(self, organisation: str, name: str) -> float:
        """Seconds from typing ``name`` to ``organisation`` selected, drawn and centred."""
        self.page.fill("#search", "")
        started = time.perf_counter()
        self.page.fill("#search", name)
        self.page.press("#search", "Enter")
        try:  # checked on each animation frame (small maps move there in 0.3 s)
            self.page.wait_for_function(CENTRED, arg=organisation, polling="raf", timeout=30_000)
        except PlaywrightTimeout:
            raise AssertionError(f"search for {name!r} did not centre {organisation}") from None
        return time.perf_counter() - started

    def open_community(self, key: str) -> tuple[float, float]:
        """Seconds to open community ``key`` (members drawn) and to go back to the overview."""
        started = time.perf_counter()
        self.js("(key) => segraphMap.open(key)", key)
        self.js(NEXT_FRAME)
        opened = time.perf_counter() - started
        if self.js("document.body.dataset.view") != key:
            raise AssertionError(f"community {key} did not open")
        started = time.perf_counter()
        self.js("segraphMap.back()")
        self.js(NEXT_FRAME)
        return opened, time.perf_counter() - started


def organisations(tab: MapTab) -> list[tuple[str, str]]:
    """Every organisation of the page as (node id, Korean name)."""
    return [
        tuple(pair)
        for pair in tab.js(
            """() => {
              const d = segraphMap.data;
              if (d.level !== "community") {
                return segraphMap.nodes.get().map((n) => [n.id, n.label_ko]);
              }
              return Object.values(d.drill.communities).flatMap(
                (c) => c.members.map((m) => [d.drill.prefix + m[0], m[1]]));
            }"""
        )
    ]


def searched(name: str) -> str:
    """A name as the page's search compares it (no case, no spaces)."""
    return "".join(name.lower().split())


def unique_names(tab: MapTab, count: int, seed: int) -> list[tuple[str, str]]:
    """``count`` organisations, drawn with ``seed``, whose Korean name no other one has."""
    everyone = organisations(tab)
    keys = Counter(searched(name) for _, name in everyone)
    unique = sorted(pair for pair in everyone if keys[searched(pair[1])] == 1)
    return random.Random(seed).sample(unique, min(count, len(unique)))


def searches(tab: MapTab, chosen: list[tuple[str, str]]) -> list[float]:
    """Search each chosen organisation in turn; the seconds each took."""
    with tab.action("searches"):
        return [tab.search(node, name) for node, name in chosen]


def filter_switch_and_reset(tab: MapTab) -> None:
    """Choose the first district of the menu, switch the language twice, then press Reset."""
    with tab.action("district filter"):
        tab.js(
            """() => { const s = document.getElementById("filter-district");
            s.value = s.options[1].value; s.dispatchEvent(new Event("change")); }"""
        )
    with tab.action("language switch"):
        tab.page.click("#lang")
        tab.js(NEXT_FRAME)
        tab.page.click("#lang")
    with tab.action("reset"):
        tab.page.click("#reset")


def idle(tab: MapTab, seconds: float = 3.0) -> None:
    with tab.action("idle after load"):
        tab.page.wait_for_timeout(seconds * 1000)


def summary(values: list[float]) -> str:
    return f"median {statistics.median(values):.3f} s, max {max(values):.3f} s"


def verdict(value: float, target: float) -> str:
    return f"≤ {target:g} s: {'met' if value <= target else 'missed'}"


def measure_page(browser: Any, path: Path, level: str, args: argparse.Namespace) -> list[str]:
    """Rows of the results table for one page."""
    tab = MapTab(browser, path)
    rows = [f"| {level} | load (navigation to map drawn) | {tab.load:.2f} s | |"]
    idle(tab)
    chosen = unique_names(tab, args.searches, args.seed)
    times = searches(tab, chosen)
    rows.append(
        f"| {level} | search to centred ({len(times)} organisations) | {summary(times)} "
        f"| {verdict(max(times), SEARCH_TARGET)} |"
    )
    if level == "community":
        keys = tab.js("Object.keys(segraphMap.data.drill.communities)")
        sizes = tab.js(
            "Object.fromEntries(Object.entries(segraphMap.data.drill.communities)"
            ".map(([k, c]) => [k, c.members.length]))"
        )
        opened: dict[str, float] = {}
        back: list[float] = []
        with tab.action("communities"):
            for key in keys:
                opened[key], returned = tab.open_community(key)
                back.append(returned)
        largest = max(keys, key=lambda k: sizes[k])
        slowest = max(keys, key=lambda k: opened[k])
        rows.append(
            f"| {level} | open a community (all {len(keys)}) | {summary(list(opened.values()))}; "
            f"largest ({sizes[largest]:,} members) {opened[largest]:.3f} s; slowest "
            f"{sizes[slowest]:,} members | {verdict(max(opened.values()), OPEN_TARGET)} |"
        )
        rows.append(f"| {level} | back to the overview | {summary(back)} | |")
        tab.js("(key) => segraphMap.open(key)", largest)  # the filters work inside a community
        rows.append(f"| {level} | (filter, language and reset: in the largest community) | | |")
    filter_switch_and_reset(tab)
    for action, longest in sorted(tab.longest.items()):
        target = verdict(longest, TASK_TARGET)
        rows.append(f"| {level} | longest task: {action} | {longest:.3f} s | {target} |")
    if tab.errors:
        raise AssertionError(f"{path.name}: page errors: {tab.errors}")
    tab.page.close()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orgs", type=int, default=20_000)
    parser.add_argument("--searches", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--output", type=Path)
    args = parser.parse_args(argv)
    written: list[str] = []
    rows: list[str] = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        folder = Path(tmp)
        data = synth(args.orgs, folder)
        pages: dict[str, Path] = {}
        for level in ("organisation", "community"):
            html = folder / f"{level}.html"
            command = [SEGRAPH, "map", "--data", str(data), "--level", level, "-o", str(html)]
            seconds = timed(command)
            pages[level] = html
            written.append(
                f"| `segraph map --level {level}` | {seconds:.2f} s | {html.stat().st_size:,} |"
            )
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        for level, html in pages.items():
            rows.extend(measure_page(browser, html, level, args))
        browser.close()
    lines = [
        "# Map pages at national scale, in the browser",
        "",
        f"`python benchmarks/map_browser.py --orgs {args.orgs} --searches {args.searches} "
        f"--seed {args.seed}`, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: "
        f"{args.orgs:,} synthetic organisations (`segraph synth`), headless Debian Chromium "
        f"{VIEWPORT['width']}×{VIEWPORT['height']}, network blocked.",
        "",
        "| command | seconds (whole process) | page bytes |",
        "|---|---:|---:|",
        *written,
        "",
        "| page | what | time | target |",
        "|---|---|---|---|",
        *rows,
    ]
    publish(lines, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
