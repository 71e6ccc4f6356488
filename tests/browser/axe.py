"""Accessibility checks with axe-core, injected into the page under test.

`vendor/axe-core/axe.min.js` and its LICENSE (MPL-2.0) are the npm package axe-core 4.14.1
(`npm pack axe-core`), unchanged: nothing is fetched at test time and no CDN is used. To update,
`npm pack axe-core` in a temporary directory, extract it and copy those two files over.

The pages' Content-Security-Policy allows only our own scripts, so the browser context that runs
these checks is created with `bypass_csp=True` (see `axe_context`).
"""

from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).with_name("vendor") / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("serious", "critical")


def run_axe(page) -> list[dict]:
    """Every violation axe finds on the current page (WCAG 2.0/2.1 A and AA rules)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        TAGS,
    )
    return result["violations"]


def blocking(violations: list[dict]) -> list[str]:
    """Serious and critical violations, one readable line each (rule, impact, first targets)."""
    lines = []
    for v in violations:
        if v.get("impact") in BLOCKING:
            targets = ", ".join(" ".join(n["target"]) for n in v["nodes"][:4])
            lines.append(f"{v['id']} ({v['impact']}): {v['help']} — {targets}")
    return lines


def assert_accessible(page, label: str = "") -> None:
    problems = blocking(run_axe(page))
    where = label or page.url
    assert not problems, f"{where}:\n" + "\n".join(problems)
