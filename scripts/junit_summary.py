"""Print one line per backend from pytest's JUnit XML: "<backend>: N passed, N failed[, N skipped]"."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def main(paths: list[str]) -> int:
    ok = True
    for path in paths:
        backend = Path(path).stem.removeprefix("junit-")
        if not Path(path).exists():
            print(f"{backend}: 0 passed, 1 failed (no results: the suite did not run)")
            ok = False
            continue
        suite = ET.parse(path).getroot()
        suite = suite if suite.tag == "testsuite" else suite.find("testsuite")
        tests, failures, errors, skipped = (
            int(suite.get(k, 0)) for k in ("tests", "failures", "errors", "skipped")
        )
        failed = failures + errors
        passed = tests - failed - skipped
        line = f"{backend}: {passed} passed, {failed} failed"
        print(line + (f", {skipped} skipped" if skipped else ""))
        ok = ok and failed == 0 and tests > 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
