"""The large-text mode (适老化) works without script: a link sets a cookie, every page then renders
large, the cache keeps the two modes apart, and the standard link switches back."""

from __future__ import annotations

from gongkai.portal import cache as portal_cache


def test_large_text_mode_is_a_link_and_a_cookie(client, zone):
    portal_cache.bump()
    page = client.get("/gk/bureau-a/").content.decode()
    assert '<body class="portal">' in page and ">大字版</a>" in page
    assert 'href="/gk/bureau-a/?a11y=large"' in page
    response = client.get("/gk/bureau-a/", {"a11y": "large"})
    assert response.cookies["gk_a11y"].value == "large"
    assert '<body class="portal a11y-large">' in response.content.decode()
    # Persisted: other pages render large, cached apart from the standard ones.
    page = client.get("/gk/bureau-a/").content.decode()
    assert "a11y-large" in page and "标准版" in page
    assert client.get("/gk/bureau-a/")[portal_cache.HEADER] == "hit"
    assert "a11y-large" in client.get("/gk/bureau-a/").content.decode()
    back = client.get("/gk/bureau-a/guide/", {"a11y": "standard"})
    assert back.cookies["gk_a11y"].value == "" and "a11y-large" not in back.content.decode()
    assert "a11y-large" not in client.get("/gk/bureau-a/").content.decode()


def test_toggle_keeps_the_query(client, zone):
    page = client.get("/services/", {"type": "licensing"}).content.decode()
    assert 'href="/services/?type=licensing&amp;a11y=large"' in page


def test_stylesheet_has_the_large_text_rules(client, db):
    css = client.get("/static/gongkai/site.css")
    text = b"".join(css.streaming_content).decode() if css.streaming else css.content.decode()
    assert "body.a11y-large" in text and ":focus-visible" in text
