"""信息处理费 under 国办函〔2020〕109号: the bands, law.md's examples and the `gongkai fee` command."""

from __future__ import annotations

import pytest

from gongkai.applications import fees
from gongkai.cli import main


@pytest.mark.parametrize(
    ("count", "total"),
    [
        (0, 0),
        (1, 0),
        (10, 0),
        (11, 100),
        (30, 2000),
        (31, 2200),
        (35, 3000),
        (40, 4000),
        (41, 4300),
        (50, 7000),
        (51, 7400),
    ],
)
def test_by_count(count, total):
    assert fees.fee_by_count(count) == total


@pytest.mark.parametrize(
    ("ordinal", "price"), [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (51, 400)]
)
def test_count_price_of_the_nth_application_in_a_month(ordinal, price):
    assert fees.count_price(ordinal) == price


@pytest.mark.parametrize(
    ("pages", "total"),
    [(0, 0), (30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740), (2219, 83460)],
)
def test_by_volume(pages, total):
    assert fees.fee_by_volume(pages) == total


def test_breakdown_explains_the_bands():
    text = fees.explain(fees.volume_breakdown(2219), "页")
    assert "第31–100页 70页×10元=700元" in text and "第201–2219页 2019页×40元=80760元" in text
    assert text.endswith("合计83460元")


def test_negative_input_is_refused():
    with pytest.raises(ValueError):
        fees.fee_by_volume(-1)
    with pytest.raises(ValueError):
        fees.count_price(0)


@pytest.mark.parametrize(("args", "printed"), [(["--pages", "2219"], "83460"), (["--count", "35"], "3000")])
def test_the_fee_command_prints_the_amount(args, printed, capsys):
    assert main(["fee", *args]) == 0
    assert capsys.readouterr().out.strip() == printed


def test_the_fee_command_can_explain(capsys):
    main(["fee", "--count", "35", "--explain"])
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == "3000" and "第31–35件 5件×200元=1000元" in lines[1]
