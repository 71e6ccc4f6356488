"""Parsing the shared corpus of real reports against the hand-made truth files.

Every visible cell must come out exactly; a row the truth leaves out (not visible in the
input) must be left out too, and a cell the truth lists as ambiguous must be reported as
ambiguous with the same readings. The corpus lives beside the repository
(``../shared/corpus``) and is never copied into it.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from gongkai.annual_report import check, parse
from gongkai.annual_report.formats import COLUMNS, FORMATS, SECTION4_GROUPS
from gongkai.annual_report.model import Report

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
TEXT = SHARED / "corpus" / "text"
FILES = SHARED / "corpus" / "files"
SEED = SHARED / "seed" / "000_4332fcb6fb30e709.txt"
INDEX = {e["id"]: e for e in json.loads((TEXT / "index.json").read_text(encoding="utf-8"))}

TEXT_TRUTHS = sorted(TEXT.glob("*.truth.json"))
FILE_TRUTHS = sorted(FILES.glob("*.truth.json"))
ALL_FILES = sorted(p for p in FILES.iterdir() if p.suffix in (".pdf", ".txt", ".docx", ".html"))


def _source(truth_path: Path) -> Path:
    stem = truth_path.name.removesuffix(".truth.json")
    return next(p for p in truth_path.parent.iterdir() if p.stem == stem and not p.name.endswith(".json"))


def _cells(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _accuracy(report: Report, truth: dict[str, Any]) -> tuple[int, int, list[str]]:
    """(exact cells, visible cells, differences). Ambiguous truth cells count when reported ambiguous."""
    ambiguous = {a["cell"] for a in report.ambiguous}
    exact = total = 0
    diffs: list[str] = []
    for section in ("section2", "section3", "section4"):
        expected = truth.get(section)
        got = getattr(report, section)
        if expected is None:
            if got:
                diffs.append(f"{section}: 应不可见，实为 {got}")
            continue
        got = got or {}
        for key, value in expected.items():
            want = _cells(value)
            total += len(want)
            cell = f"{section}.{key}"
            if cell in ambiguous:
                exact += len(want)
                continue
            have = _cells(got.get(key, [object()] * len(want)))
            exact += sum(1 for a, b in zip(want, have, strict=False) if a == b)
            if have != want:
                diffs.append(f"{cell}: 应为 {value}，实为 {got.get(key, '缺失')}")
        extra = [k for k in got if k not in expected]
        if extra:
            diffs.append(f"{section}: 多出不可见的行 {extra}")
    return exact, total, diffs


@pytest.mark.parametrize(
    "truth_path", TEXT_TRUTHS + FILE_TRUTHS, ids=lambda p: p.name.removesuffix(".truth.json")
)
def test_truth_cells_exact(truth_path: Path) -> None:
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    report = parse(_source(truth_path))
    exact, total, diffs = _accuracy(report, truth)
    assert not diffs, "\n".join(diffs)
    assert exact == total
    assert report.format == truth["format"]


@pytest.mark.parametrize("truth_path", FILE_TRUTHS, ids=lambda p: p.name.removesuffix(".truth.json"))
def test_truth_ambiguous_cells_and_metadata(truth_path: Path) -> None:
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    report = parse(_source(truth_path))
    expected = {a["cell"]: sorted(a["candidates"]) for a in truth.get("ambiguous", [])}
    got = {a["cell"]: sorted(a["candidates"]) for a in report.ambiguous}
    assert got == expected
    for entry in truth.get("ambiguous", []):
        # The value the source page prints is one of the readings offered.
        assert entry["value"] in entry["candidates"]
    assert report.year == truth["year"]
    assert report.agency == truth["agency"]
    assert report.complete is truth["complete"]


@pytest.mark.parametrize("path", sorted(TEXT.glob("*.txt")), ids=lambda p: p.stem)
def test_text_format_year_and_plausibility(path: Path) -> None:
    """Every web text, with or without truth: the index's format and year, sane values."""
    entry = INDEX[path.stem]
    report = parse(path)
    assert report.format == entry["format"]
    assert report.year == entry["year"]
    if entry["complete"]:
        assert report.complete
    _assert_plausible(report)
    # Through the JSON schema and back: every value has the type the contract promises.
    assert Report.from_json(report.to_json()).to_json() == report.to_json()
    check(report)  # the checker accepts whatever the parser returns


def _assert_plausible(report: Report) -> None:
    spec = FORMATS[report.format] if report.format else None
    for code, cells in (report.section3 or {}).items():
        assert len(cells) == len(COLUMNS)
        assert all(v is None or (isinstance(v, int) and v >= 0) for v in cells), code
        if spec is not None and code not in spec.row_codes:
            assert code == "R3.6"  # the single （六） row printed under 2021 headers
    for code, cells in (report.section4 or {}).items():
        assert code in dict(SECTION4_GROUPS)
        assert all(v is None or (isinstance(v, int) and v >= 0) for v in cells)


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_every_corpus_file_parses(path: Path) -> None:
    report = parse(path)
    assert report.format in ("2019", "2021")
    _assert_plausible(report)
    assert Report.from_json(report.to_json()).to_json() == report.to_json()


def test_blank_template_has_every_2021_row_with_null_cells() -> None:
    report = parse(FILES / "template2021.docx")
    assert report.format == "2021"
    assert list(report.section3 or {}) == list(FORMATS["2021"].row_codes)
    assert all(v is None for cells in report.section3.values() for v in cells)
    widths = {item.key: item.width for item in FORMATS["2021"].section2}
    assert report.section2 == {k: [None] * w if w > 1 else None for k, w in widths.items()}
    assert report.sections_present == ["一", "二", "三", "四", "五", "六"]


def test_seed_report() -> None:
    report = parse(SEED)
    assert report.format == "2021"
    assert report.year == 2023
    assert report.section2["licensing"] == 11741
    assert report.section2["penalty"] == 61
    assert list(report.section3) == list(FORMATS["2021"].row_codes)
    assert all(v == 0 for cells in report.section3.values() for v in cells)
    assert report.section4 is None
    assert "四" in report.sections_present and "六" not in report.sections_present
    assert report.sections_present == ["一", "二", "三", "四", "五"]
    assert "依申请公开情况" in report.narrative["一"]
    assert report.complete


def test_hzq_single_other_row_is_kept_as_r36() -> None:
    report = parse(FILES / "hzq2024.pdf")
    assert "R3.6" in report.section3
    assert not any(code.startswith("R3.6.") for code in report.section3)


def test_parse_and_check_are_fast() -> None:
    """Parsing plus checking a typical web text takes a few milliseconds (target ≥ 200 reports/s)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(TEXT.glob("*.txt"))]
    texts += [SEED.read_text(encoding="utf-8")]
    for text in texts:  # warm the caches once, as a long batch would
        check(parse(text))
    start = time.perf_counter()
    rounds = 3
    for _ in range(rounds):
        for text in texts:
            check(parse(text))
    per_report = (time.perf_counter() - start) / (rounds * len(texts))
    # 4x slack over the 5 ms target so a loaded CI machine does not flake.
    assert per_report < 0.020, f"{per_report * 1000:.1f} ms per report"
