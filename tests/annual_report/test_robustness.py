"""Whatever the input, ``parse`` returns a Report or raises ParseError, never anything else.

Inputs are derived from the corpus: truncations (at any character or byte), shuffled lines,
mixed encodings, random edits and random bytes. A truncated truth text must moreover never
contradict the truth: what is read is exact, what is cut off is left out.
"""

from __future__ import annotations

import itertools
import json
import random
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.annual_report import check, parse
from gongkai.annual_report.model import ParseError, Report

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
TEXT = SHARED / "corpus" / "text"
FILES = SHARED / "corpus" / "files"
SOURCES = (
    sorted(TEXT.glob("*.txt"))
    + sorted(FILES.glob("pingtan*.txt"))
    + [SHARED / "seed" / "000_4332fcb6fb30e709.txt"]
)
TEXTS = [p.read_text(encoding="utf-8") for p in SOURCES]
TRUTHS: list[tuple[str, dict[str, Any]]] = [
    (p.read_text(encoding="utf-8"), json.loads(p.with_suffix(".truth.json").read_text(encoding="utf-8")))
    for p in SOURCES
    if p.with_suffix(".truth.json").exists()
]
BINARIES = [(p.read_bytes(), p.name) for p in (FILES / "template2021.docx", FILES / "hzq2024.pdf")]

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NOISE = st.sampled_from(
    ["|", "||", "\n", " ", "0", "7", "12", "-", "/", "。", "规章", "（七）总计", "三、", "\ufffd"]
)


def _survives(data: str | bytes, filename: str | None = None) -> Report | None:
    """Parse; a Report must be valid under the JSON schema and acceptable to the checker."""
    try:
        report = parse(data, filename=filename)
    except ParseError as exc:
        assert str(exc)  # a clear message, never an empty one
        return None
    assert Report.from_json(report.to_json()).to_json() == report.to_json()
    check(report)
    return report


@SETTINGS
@given(text=st.sampled_from(TEXTS), cut=st.floats(min_value=0, max_value=1))
def test_truncated_text(text: str, cut: float) -> None:
    _survives(text[: int(len(text) * cut)])


@SETTINGS
@given(
    text=st.sampled_from(TEXTS),
    cut=st.floats(min_value=0, max_value=1),
    codec=st.sampled_from(["utf-8", "gb18030"]),
)
def test_truncated_bytes_cut_inside_a_character(text: str, cut: float, codec: str) -> None:
    data = text.encode(codec)
    _survives(data[: int(len(data) * cut)])


@SETTINGS
@given(text=st.sampled_from(TEXTS), seed=st.integers(min_value=0, max_value=2**32))
def test_shuffled_lines(text: str, seed: int) -> None:
    lines = text.split("\n")
    random.Random(seed).shuffle(lines)
    _survives("\n".join(lines))


@SETTINGS
@given(
    text=st.sampled_from(TEXTS), cuts=st.lists(st.floats(min_value=0, max_value=1), min_size=1, max_size=4)
)
def test_mixed_encodings(text: str, cuts: list[float]) -> None:
    points = sorted({0, len(text), *(int(len(text) * c) for c in cuts)})
    codecs = ["utf-8", "gb18030", "utf-16-le", "big5"]
    data = b"".join(
        text[a:b].encode(codecs[i % len(codecs)], errors="replace")
        for i, (a, b) in enumerate(itertools.pairwise(points))
    )
    _survives(data)


@SETTINGS
@given(
    text=st.sampled_from(TEXTS),
    edits=st.lists(st.tuples(st.floats(min_value=0, max_value=1), NOISE, st.booleans()), max_size=12),
)
def test_random_edits(text: str, edits: list[tuple[float, str, bool]]) -> None:
    for where, noise, delete in edits:
        i = int(len(text) * where)
        text = text[:i] + noise + text[i + (len(noise) if delete else 0) :]
    _survives(text)


@SETTINGS
@given(data=st.binary(max_size=3000), filename=st.sampled_from([None, "a.txt", "a.pdf", "a.docx", "a.html"]))
def test_random_bytes(data: bytes, filename: str | None) -> None:
    _survives(data, filename)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(which=st.sampled_from(BINARIES), cut=st.floats(min_value=0, max_value=1))
def test_truncated_docx_and_pdf(which: tuple[bytes, str], cut: float) -> None:
    data, name = which
    _survives(data[: int(len(data) * cut)], name)


@SETTINGS
@given(which=st.sampled_from(TRUTHS), cut=st.floats(min_value=0, max_value=1))
def test_truncation_never_contradicts_the_truth(which: tuple[str, dict[str, Any]], cut: float) -> None:
    text, truth = which
    report = _survives(text[: int(len(text) * cut)])
    if report is None:
        return
    ambiguous = {a["cell"] for a in report.ambiguous}
    for section in ("section2", "section3", "section4"):
        got = getattr(report, section) or {}
        expected = truth.get(section) or {}
        for key, value in got.items():
            if f"{section}.{key}" in ambiguous:
                continue
            assert key in expected, f"{section}.{key} read but not visible in the full text"
            assert value == expected[key], f"{section}.{key}: {value} != {expected[key]}"
