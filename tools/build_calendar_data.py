"""Regenerate src/gongkai/core/data/calendar.json from PyPI `chinesecalendar`.

The deadline code never calls chinesecalendar: this script seeds the editable calendar table
(through the data migration) with each year's State Council notice as the source.
Run: .venv/bin/python tools/build_calendar_data.py
"""

from __future__ import annotations

import json
from pathlib import Path

import chinese_calendar

YEARS = range(2019, 2027)
NOTICES = {
    2019: "国办发明电〔2018〕15号",
    2020: "国办发明电〔2019〕16号；国办发明电〔2020〕1号（延长春节假期）",
    2021: "国办发明电〔2020〕27号",
    2022: "国办发明电〔2021〕11号",
    2023: "国办发明电〔2022〕16号",
    2024: "国办发明电〔2023〕7号",
    2025: "国办发明电〔2024〕12号",
    2026: "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）",
}
NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
}
OUT = Path(__file__).resolve().parents[1] / "src" / "gongkai" / "core" / "data" / "calendar.json"


def main() -> None:
    years = {}
    for year in YEARS:

        def days(table: dict, year: int = year) -> list[list[str]]:
            return [[d.isoformat(), NAMES[name]] for d, name in sorted(table.items()) if d.year == year]

        years[str(year)] = {
            "source": NOTICES[year],
            "holidays": days(chinese_calendar.holidays),
            "workdays": days(chinese_calendar.workdays),
        }
    payload = {"generated_from": "PyPI chinesecalendar (import chinese_calendar)", "years": years}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
