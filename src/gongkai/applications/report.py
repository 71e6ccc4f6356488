"""Section 三 of the annual report as one database query over what the cases recorded.

For agency A and year Y, over cases with a receipt date (annual-report.md, Section 三):
- R1   received in Y;
- R2   received before Y and not closed before Y (上年结转);
- R3.x closed in Y, by the reply's row; R3.7 all closed in Y;
- R4   received by the end of Y and not closed by then (结转下年度).
Every received case is in exactly one of "closed before Y", "closed in Y", "open at the end of
Y" or "received after Y", so R1 + R2 = R3.7 + R4 holds by construction (S3-BAL); TOT is the sum
of the columns (S3-ROWSUM) and R3.7 the sum of the leaf rows (S3-RESULT), because a closed case
has exactly one row (a database constraint).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q

from gongkai.annual_report.formats import COLUMNS, FORMAT_2021, Format
from gongkai.orgs.models import Agency

from .choices import ApplicantType
from .models import Application

APPLICANT_COLUMNS = [c for c in COLUMNS if c != "TOT"]
if [t.value for t in ApplicantType] != APPLICANT_COLUMNS:  # the report's columns are our applicant types
    raise ImportError("申请人类型与年报第三部分的列不一致")
LEAF_ROWS_2021 = FORMAT_2021.result_codes


def _conditions(year: int) -> dict[str, Q]:
    start, end = date(year, 1, 1), date(year, 12, 31)
    closed_in_year = Q(closed_on__gte=start, closed_on__lte=end)
    conditions = {
        "R1": Q(received_on__gte=start, received_on__lte=end),
        "R2": Q(received_on__lt=start) & (Q(closed_on__isnull=True) | Q(closed_on__gte=start)),
    }
    for code in LEAF_ROWS_2021:
        conditions[code] = closed_in_year & Q(reply_row=code)
    conditions["R3.7"] = closed_in_year
    conditions["R4"] = Q(received_on__lte=end) & (Q(closed_on__isnull=True) | Q(closed_on__gt=end))
    return conditions


def section3(agency: Agency, year: int, fmt: Format = FORMAT_2021) -> dict[str, list[int]]:
    """{row code: [NP, CE, RI, SW, LS, OT, TOT]} for `fmt` (the 2019 format folds R3.6.x)."""
    conditions = _conditions(year)
    aliases = {code: f"c{i}" for i, code in enumerate(conditions)}
    relevant = Application.objects.filter(
        agency=agency,
        received_on__isnull=False,
        received_on__lte=date(year, 12, 31),
    ).filter(Q(closed_on__isnull=True) | Q(closed_on__gte=date(year, 1, 1)))
    grouped = (
        relevant.order_by()
        .values("applicant_type")
        # received_on is never null here: counting it lets PostgreSQL answer from the report index.
        .annotate(**{aliases[code]: Count("received_on", filter=q) for code, q in conditions.items()})
    )
    counts = {code: dict.fromkeys(APPLICANT_COLUMNS, 0) for code in conditions}
    for group in grouped:
        for code, alias in aliases.items():
            counts[code][group["applicant_type"]] = group[alias]
    result: dict[str, list[int]] = {}
    for code in fmt.row_codes:
        if code in counts:
            by_type = counts[code]
        else:  # 2019 format: （六）其他处理 is one row
            parts = [counts[c] for c in LEAF_ROWS_2021 if c.startswith(code + ".")]
            by_type = {t: sum(p[t] for p in parts) for t in APPLICANT_COLUMNS}
        row = [by_type[t] for t in APPLICANT_COLUMNS]
        result[code] = [*row, sum(row)]
    return result
