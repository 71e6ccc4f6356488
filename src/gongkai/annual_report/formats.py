"""The two national report formats, described as data.

Parsers, the checker and the renderers all read row codes, labels and column order from
here, so a label is spelled once. Codes are the contract of ``specs/annual-report.md`` and
never change; labels follow the official format texts (国办公开办函〔2021〕30号 and
〔2019〕60号).
"""

from __future__ import annotations

from dataclasses import dataclass

SCHEMA_ID = "gongkai.annual-report/1"

# Section 三: applicant columns, always in this order.
COLUMNS: tuple[str, ...] = ("NP", "CE", "RI", "SW", "LS", "OT", "TOT")
COLUMN_LABELS: dict[str, str] = {
    "NP": "自然人",
    "CE": "商业企业",
    "RI": "科研机构",
    "SW": "社会公益组织",
    "LS": "法律服务机构",
    "OT": "其他",
    "TOT": "总计",
}
# The five middle columns sit under this spanning header (there is no subtotal column).
LEGAL_PERSON_LABEL = "法人或其他组织"
LEGAL_PERSON_COLUMNS: tuple[str, ...] = ("CE", "RI", "SW", "LS", "OT")

# Section 四: three groups of five.
SECTION4_COLUMNS: tuple[str, ...] = ("upheld", "corrected", "other", "pending", "total")
SECTION4_COLUMN_LABELS: dict[str, str] = {
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
    "total": "总计",
}
SECTION4_GROUPS: tuple[tuple[str, str], ...] = (
    ("RV", "行政复议"),
    ("LD", "行政诉讼 未经复议直接起诉"),
    ("LR", "行政诉讼 复议后起诉"),
)
SECTION4_GROUP_LABELS: dict[str, str] = dict(SECTION4_GROUPS)

SECTION_NUMERALS: tuple[str, ...] = ("一", "二", "三", "四", "五", "六")
SECTION_HEADINGS: tuple[str, ...] = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)
SECTION_TITLES: dict[str, str] = dict(zip(SECTION_NUMERALS, SECTION_HEADINGS, strict=True))

RESULT_BLOCK_LABEL = "三、本年度办理结果"


@dataclass(frozen=True)
class Row:
    """One data row of the section-三 table.

    ``group`` is the immediate parent label (``（三）不予公开`` for R3.3.1, ``三、本年度办理结果``
    for R3.1); ``block`` is the top-level label every R3.x row sits under, so a renderer can
    build the three-level vertical merge without parsing codes.
    """

    code: str
    label: str
    group: str | None
    block: str | None = None

    @property
    def full_label(self) -> str:
        """Label with its parent, e.g. ``（三）不予公开 1.属于国家秘密`` for messages."""
        if self.group and self.group != self.block:
            return f"{self.group} {self.label}"
        return self.label


@dataclass(frozen=True)
class Section2Item:
    """One line of the section-二 table.

    ``columns`` holds the Chinese column headers; an empty tuple means a single scalar
    value whose header is ``value_label``. ``signed_columns`` are the indices allowed to
    be negative (the 2019 本年增/减).
    """

    key: str
    label: str
    columns: tuple[str, ...]
    decimal: bool = False
    signed_columns: tuple[int, ...] = ()
    article: str = ""
    value_label: str = ""

    @property
    def is_scalar(self) -> bool:
        return not self.columns

    @property
    def width(self) -> int:
        """How many numbers the item holds (1 for a scalar)."""
        return len(self.columns) or 1


@dataclass(frozen=True)
class Format:
    """A national report format: section 二 items and section 三 rows, in official order."""

    name: str
    title: str
    section2: tuple[Section2Item, ...]
    section3_rows: tuple[Row, ...]

    def row(self, code: str) -> Row:
        for r in self.section3_rows:
            if r.code == code:
                return r
        raise KeyError(code)

    def section2_item(self, key: str) -> Section2Item:
        for item in self.section2:
            if item.key == key:
                return item
        raise KeyError(key)

    @property
    def row_codes(self) -> tuple[str, ...]:
        return tuple(r.code for r in self.section3_rows)

    @property
    def section2_keys(self) -> tuple[str, ...]:
        return tuple(i.key for i in self.section2)

    @property
    def result_codes(self) -> tuple[str, ...]:
        """The leaf rows that add up to R3.7 (R3.1 … R3.6.x)."""
        return tuple(c for c in self.row_codes if c.startswith("R3.") and c != "R3.7")


def _rows(other_rows: tuple[tuple[str, str, str | None], ...]) -> tuple[Row, ...]:
    """Build the section-三 rows; only the （六） block differs between formats."""
    b = RESULT_BLOCK_LABEL
    withheld = "（三）不予公开"
    unavailable = "（四）无法提供"
    not_handled = "（五）不予处理"
    head = (
        Row("R1", "一、本年新收政府信息公开申请数量", None),
        Row("R2", "二、上年结转政府信息公开申请数量", None),
        Row("R3.1", "（一）予以公开", b, b),
        Row("R3.2", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", b, b),
        Row("R3.3.1", "1.属于国家秘密", withheld, b),
        Row("R3.3.2", "2.其他法律行政法规禁止公开", withheld, b),
        Row("R3.3.3", "3.危及“三安全一稳定”", withheld, b),
        Row("R3.3.4", "4.保护第三方合法权益", withheld, b),
        Row("R3.3.5", "5.属于三类内部事务信息", withheld, b),
        Row("R3.3.6", "6.属于四类过程性信息", withheld, b),
        Row("R3.3.7", "7.属于行政执法案卷", withheld, b),
        Row("R3.3.8", "8.属于行政查询事项", withheld, b),
        Row("R3.4.1", "1.本机关不掌握相关政府信息", unavailable, b),
        Row("R3.4.2", "2.没有现成信息需要另行制作", unavailable, b),
        Row("R3.4.3", "3.补正后申请内容仍不明确", unavailable, b),
        Row("R3.5.1", "1.信访举报投诉类申请", not_handled, b),
        Row("R3.5.2", "2.重复申请", not_handled, b),
        Row("R3.5.3", "3.要求提供公开出版物", not_handled, b),
        Row("R3.5.4", "4.无正当理由大量反复申请", not_handled, b),
        Row("R3.5.5", "5.要求行政机关确认或重新出具已获取信息", not_handled, b),
    )
    other = tuple(Row(code, label, group, b) for code, label, group in other_rows)
    tail = (
        Row("R3.7", "（七）总计", b, b),
        Row("R4", "四、结转下年度继续办理", None),
    )
    return head + other + tail


OTHER_LABEL = "（六）其他处理"

FORMAT_2021 = Format(
    name="2021",
    title="国办公开办函〔2021〕30号",
    section2=(
        Section2Item(
            "rules",
            "规章",
            ("本年制发件数", "本年废止件数", "现行有效件数"),
            article="第二十条第（一）项",
        ),
        Section2Item(
            "normative_documents",
            "行政规范性文件",
            ("本年制发件数", "本年废止件数", "现行有效件数"),
            article="第二十条第（一）项",
        ),
        Section2Item(
            "licensing", "行政许可", (), article="第二十条第（五）项", value_label="本年处理决定数量"
        ),
        Section2Item("penalty", "行政处罚", (), article="第二十条第（六）项", value_label="本年处理决定数量"),
        Section2Item(
            "coercion", "行政强制", (), article="第二十条第（六）项", value_label="本年处理决定数量"
        ),
        Section2Item(
            "fees",
            "行政事业性收费",
            (),
            decimal=True,
            article="第二十条第（八）项",
            value_label="本年收费金额（单位：万元）",
        ),
    ),
    section3_rows=_rows(
        (
            (
                "R3.6.1",
                "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                OTHER_LABEL,
            ),
            (
                "R3.6.2",
                "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                OTHER_LABEL,
            ),
            ("R3.6.3", "3.其他", OTHER_LABEL),
        )
    ),
)

_PROJECTS = ("上一年项目数量", "本年增/减", "处理决定数量")

FORMAT_2019 = Format(
    name="2019",
    title="国办公开办函〔2019〕60号",
    section2=(
        Section2Item(
            "rules",
            "规章",
            ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
            article="第二十条第（一）项",
        ),
        Section2Item(
            "normative_documents",
            "规范性文件",
            ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
            article="第二十条第（一）项",
        ),
        Section2Item("licensing", "行政许可", _PROJECTS, signed_columns=(1,), article="第二十条第（五）项"),
        Section2Item(
            "other_services",
            "其他对外管理服务事项",
            _PROJECTS,
            signed_columns=(1,),
            article="第二十条第（五）项",
        ),
        Section2Item("penalty", "行政处罚", _PROJECTS, signed_columns=(1,), article="第二十条第（六）项"),
        Section2Item("coercion", "行政强制", _PROJECTS, signed_columns=(1,), article="第二十条第（六）项"),
        Section2Item(
            "fees",
            "行政事业性收费",
            ("上一年项目数量", "本年增/减"),
            signed_columns=(1,),
            article="第二十条第（八）项",
        ),
        Section2Item(
            "procurement",
            "政府集中采购",
            ("采购项目数量", "采购总金额"),
            decimal=True,
            article="第二十条第（九）项",
        ),
    ),
    section3_rows=_rows((("R3.6", OTHER_LABEL, RESULT_BLOCK_LABEL),)),
)

FORMATS: dict[str, Format] = {"2021": FORMAT_2021, "2019": FORMAT_2019}

# Every section-三 code either format knows, in a stable order (2021 order, R3.6 before R3.6.1).
ALL_ROW_CODES: tuple[str, ...] = (
    *FORMAT_2021.row_codes[: FORMAT_2021.row_codes.index("R3.6.1")],
    "R3.6",
    *FORMAT_2021.row_codes[FORMAT_2021.row_codes.index("R3.6.1") :],
)


def row_label(code: str) -> str:
    """Label of a section-三 row code in whichever format defines it."""
    for fmt in (FORMAT_2021, FORMAT_2019):
        if code in fmt.row_codes:
            return fmt.row(code).full_label
    return code
