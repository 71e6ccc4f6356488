"""Browser: the home page works with the keyboard alone: skip link, main navigation, search box,
links activated with Enter, and a visible focus outline on every control reached."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.portal import data

pytestmark = pytest.mark.browser

FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(), id: el.id, text: (el.innerText || el.value || '').trim(),
    href: el.getAttribute('href') || '', inNav: !!el.closest('nav.mainnav'),
    outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth) || 0,
    boxShadow: style.boxShadow,
  };
}"""


@pytest.fixture
def site(zone, make_staff, seeded_calendar, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return data.build_site(zone, make_staff)


def _tab_until(page, predicate, limit: int = 60) -> dict:
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUSED)
        seen.append(focus)
        assert focus["outlineStyle"] != "none" and focus["outlineWidth"] >= 2, f"焦点不可见：{focus}"
        if predicate(focus):
            return focus
    raise AssertionError(f"没有用 Tab 键到达目标；经过：{[f['text'] or f['id'] for f in seen]}")


def test_home_page_by_keyboard_only(page, site):
    page.goto("/gk/bureau-a/")
    first = _tab_until(page, lambda f: True)
    assert first["text"] == "跳到正文" and first["href"] == "#main"
    nav = _tab_until(page, lambda f: f["inNav"])
    assert nav["text"] == "首页"
    _tab_until(page, lambda f: f["inNav"] and f["text"] == "政务服务事项")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/gk/bureau-a/services/$"))

    page.goto("/gk/bureau-a/")
    box = _tab_until(page, lambda f: f["id"] == "home-q")
    assert box["tag"] == "input"
    page.keyboard.type("食品经营")
    page.keyboard.press("Enter")
    expect(page.get_by_role("region", name="政务服务事项（1 条）")).to_be_visible()
    link = _tab_until(page, lambda f: f["text"] == "食品经营许可" and "/services/" in f["href"])
    assert link["tag"] == "a"
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("食品经营许可")


def test_skip_link_moves_to_the_content(page, site):
    page.goto("/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="跳到正文")).to_be_focused()
    expect(page.get_by_role("link", name="跳到正文")).to_be_visible()
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    nav = _tab_until(page, lambda f: f["tag"] in ("a", "input", "button", "select"))
    assert not nav["inNav"]  # focus continues inside the main content, past the navigation
