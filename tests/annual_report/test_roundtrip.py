"""Render random valid reports to every output format, parse them back, get the same numbers.

This is what ties the writers to the parser: a label spelled differently, a merged cell
split the wrong way or a number formatted oddly shows up here as a lost or shifted value.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.annual_report import check, parse, render
from gongkai.annual_report.formats import COLUMNS, FORMATS, SECTION4_GROUPS, SECTION_NUMERALS
from gongkai.annual_report.model import Report

AGENCIES = (
    "平潭综合实验区",
    "淮安市洪泽区人民政府",
    "唐山高新技术产业开发区行政审批局",
    "北京市海淀区教育委员会",
    "某县<农业农村>&水利局",
    "上海市浦东新区人民政府办公室",
)
SENTENCES = (
    "本年度，我单位认真贯彻落实《中华人民共和国政府信息公开条例》。",
    "进一步完善主动公开目录，规范依申请公开办理流程。",
    "加强政府网站信息发布审核，做到先审查、后公开。",
    "政务公开工作人员业务水平有待进一步提高。",
    "本年度未收取信息处理费。",
    "人大代表建议和政协提案办理结果均已按要求公开。",
)
SHARED = Path(__file__).resolve().parents[2].parent / "shared"
CORPUS = sorted(
    [
        *(SHARED / "corpus" / "text").glob("*.txt"),
        *(SHARED / "corpus" / "files").glob("*.txt"),
        *(SHARED / "corpus" / "files").glob("*.pdf"),
        *(SHARED / "seed").glob("*.txt"),
    ]
)
COLUMN_COUNT = len(COLUMNS) - 1  # the six applicant columns; TOT is their sum

counts = st.integers(min_value=0, max_value=40) | st.integers(min_value=0, max_value=99999)
small = st.integers(min_value=0, max_value=30)
# Amounts in 万元 or 元 with at most two decimals, as published.
amounts = st.integers(min_value=0, max_value=10**9).map(lambda cents: cents / 100)


@st.composite
def section2(draw: st.DrawFn, fmt: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in FORMATS[fmt].section2:
        if item.is_scalar:
            out[item.key] = draw(amounts if item.decimal else counts)
            continue
        values: list[Any] = []
        for i in range(item.width):
            if i in item.signed_columns:
                values.append(draw(st.integers(min_value=-500, max_value=500)))
            elif item.decimal and i == item.width - 1:
                values.append(draw(amounts))
            else:
                values.append(draw(counts))
        out[item.key] = values
    return out


def _with_totals(cells: list[int]) -> list[int | None]:
    return [*cells, sum(cells)]


@st.composite
def section3(draw: st.DrawFn, fmt: str) -> dict[str, list[int | None]]:
    """Rows that satisfy S3-ROWSUM, S3-RESULT and S3-BAL; some zero cells published empty."""
    spec = FORMATS[fmt]
    results = {code: [draw(small) for _ in range(COLUMN_COUNT)] for code in spec.result_codes}
    total = [sum(results[code][c] for code in spec.result_codes) for c in range(COLUMN_COUNT)]
    carried_out = [draw(small) for _ in range(COLUMN_COUNT)]
    carried_in = [min(draw(small), total[c] + carried_out[c]) for c in range(COLUMN_COUNT)]
    received = [total[c] + carried_out[c] - carried_in[c] for c in range(COLUMN_COUNT)]
    rows = {"R1": received, "R2": carried_in, **results, "R3.7": total, "R4": carried_out}
    table: dict[str, list[int | None]] = {code: _with_totals(rows[code]) for code in spec.row_codes}
    if draw(st.booleans()):
        # A cell published empty reads back as null; only zeros, so the identities still hold.
        zeros = [(code, c) for code, cells in table.items() for c, v in enumerate(cells) if v == 0]
        for code, c in draw(st.lists(st.sampled_from(zeros), max_size=3)) if zeros else []:
            table[code][c] = None
    return table


@st.composite
def section4(draw: st.DrawFn) -> dict[str, list[int | None]]:
    out: dict[str, list[int | None]] = {}
    for code, _label in SECTION4_GROUPS:
        out[code] = _with_totals([draw(small) for _ in range(4)])
    return out


@st.composite
def reports(draw: st.DrawFn) -> Report:
    fmt = draw(st.sampled_from(sorted(FORMATS)))
    year = draw(
        st.integers(min_value=2021, max_value=2025) if fmt == "2021" else st.sampled_from([2019, 2020])
    )
    narrative = {
        numeral: "\n".join(draw(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=3)))
        for numeral in ("一", "五", "六")
    }
    return Report(
        format=fmt,
        year=year,
        agency=draw(st.sampled_from(AGENCIES)),
        sections_present=list(SECTION_NUMERALS),
        section2=draw(section2(fmt)),
        section3=draw(section3(fmt)),
        section4=draw(section4()),
        narrative=narrative,
    )


FILENAMES = {"html": "report.html", "docx": "report.docx", "pdf": "report.pdf", "txt": "report.txt"}
NUMBERS = ("format", "year", "agency", "section2", "section3", "section4")


def _nfkc(narrative: dict[str, str]) -> dict[str, str]:
    # The parser folds full-width punctuation (，→ ,) as it reads; compare modulo that.
    return {k: unicodedata.normalize("NFKC", v) for k, v in narrative.items()}


def _assert_same_numbers(original: Report, to: str) -> None:
    parsed = parse(render(original, to), filename=FILENAMES[to])
    for attr in NUMBERS:
        assert getattr(parsed, attr) == getattr(original, attr), f"{attr} ({to}, format {original.format})"
    assert parsed.sections_present == original.sections_present, to
    assert _nfkc(parsed.narrative) == _nfkc(original.narrative), to


_SETTINGS = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}


@given(report=reports())
@settings(max_examples=50, **_SETTINGS)
def test_generated_reports_are_valid(report: Report) -> None:
    """The generator's promise: every identity of section 三 and 四 holds."""
    assert check(report).ok, check(report).to_json()


@pytest.mark.parametrize("to", ["html", "docx", "txt"])
@settings(max_examples=40, **_SETTINGS)
@given(report=reports())
def test_round_trip(to: str, report: Report) -> None:
    _assert_same_numbers(report, to)


@pytest.mark.pdf
@settings(max_examples=15, **_SETTINGS)
@given(report=reports())
def test_round_trip_pdf(report: Report) -> None:
    _assert_same_numbers(report, "pdf")


@pytest.mark.pdf
@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_real_reports_survive_a_round_trip(path: Path) -> None:
    """Real, often partial reports (a lost table, R3.6 in a 2021 table, empty rows) keep their numbers.

    Only the sections change: a table is written under its heading even where the source
    lost the heading.
    """
    original = parse(path)
    with_tables = {"二": original.section2, "三": original.section3, "四": original.section4}
    expected_sections = [
        n for n in SECTION_NUMERALS if n in original.sections_present or with_tables.get(n) is not None
    ]
    # PDF (the slow one) for the published PDFs and the seed; the other formats for all.
    targets = (
        ("txt", "html", "docx", "pdf")
        if path.suffix == ".pdf" or path.parent.name == "seed"
        else ("txt", "html", "docx")
    )
    for to in targets:
        parsed = parse(render(original, to), filename=FILENAMES[to])
        for attr in NUMBERS:
            assert getattr(parsed, attr) == getattr(original, attr), f"{attr} ({to})"
        assert parsed.sections_present == expected_sections, to


def test_the_corpus_is_there() -> None:
    assert len(CORPUS) >= 20, f"shared corpus not found under {SHARED}"
