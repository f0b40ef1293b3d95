"""The screenshots of docs/map.md: each view of `segraph map` on the bundled data, in Debian's
Chromium (headless, offline), written next to this script.

Usage::

    python docs/images/make_screenshots.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SEGRAPH = str(Path(sys.executable).with_name("segraph"))
NEXT_FRAME = "() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)))"
CENTRE = "서울시사회적경제지원센터"


def write_map(folder: Path, name: str, *options: str) -> Path:
    """A page of the bundled data written by ``segraph map`` with ``options``."""
    path = folder / f"{name}.html"
    subprocess.run([SEGRAPH, "map", *options, "-o", str(path)], check=True, capture_output=True)
    return path


def search(page: Any, name: str) -> None:
    page.fill("#search", name)
    page.press("#search", "Enter")


def first_community(page: Any) -> None:
    page.evaluate("segraphMap.open(Object.keys(segraphMap.data.drill.communities)[0])")


def district(page: Any) -> None:
    page.select_option("#filter-district", label="은평구")


# file name, what it shows, segraph map options, what to do on the page, viewport
VIEWS: list[tuple[str, list[str], Callable[[Any], None] | None, dict[str, int]]] = [
    ("map-organisations", [], None, {"width": 1280, "height": 800}),
    ("map-details", [], lambda page: search(page, CENTRE), {"width": 1280, "height": 800}),
    ("map-filtered", [], district, {"width": 1280, "height": 800}),
    (
        "map-english",
        ["--lang", "en", "--color-by", "community"],
        None,
        {"width": 1280, "height": 800},
    ),
    (
        "map-two-mode",
        ["--network", "two-mode", "--color-by", "area"],
        None,
        {"width": 1280, "height": 800},
    ),
    (
        "map-district-layout",
        ["--layout", "district", "--color-by", "district"],
        None,
        {"width": 1280, "height": 800},
    ),
    ("map-communities", ["--level", "community"], None, {"width": 1280, "height": 800}),
    (
        "map-community-open",
        ["--level", "community"],
        first_community,
        {"width": 1280, "height": 800},
    ),
    ("map-narrow", [], None, {"width": 390, "height": 844}),
]


def main() -> int:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--headless", "--no-sandbox", "--disable-gpu"],
        )
        for name, options, action, viewport in VIEWS:
            path = write_map(Path(tmp), name, *options)
            page = browser.new_page(viewport=viewport)
            page.route(
                "**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort()
            )
            page.goto(path.as_uri())
            page.wait_for_selector("body[data-ready=true]", state="attached", timeout=60_000)
            if action:
                action(page)
            page.evaluate(NEXT_FRAME)
            page.wait_for_timeout(400)  # animations (the focus on a search result) end
            out = HERE / f"{name}.png"
            page.screenshot(path=str(out), full_page=viewport["width"] < 760)
            print(f"wrote {out.relative_to(HERE.parent.parent)}")
            page.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
