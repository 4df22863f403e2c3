#!/usr/bin/env python3
"""Sums the counters of every TRX file under a folder and prints 'N passed, N failed, N skipped'.

Exit status 1 when a test failed or none passed, so a run that silently executed nothing does not look green.
"""
import pathlib
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}


def main(folder: str) -> int:
    passed = failed = skipped = 0
    files = sorted(pathlib.Path(folder).rglob("*.trx"))
    for trx in files:
        counters = ET.parse(trx).getroot().find("t:ResultSummary/t:Counters", NS)
        if counters is None:
            print(f"{trx}: no result counters (the test run did not finish)", file=sys.stderr)
            failed += 1
            continue
        passed += int(counters.get("passed", 0))
        failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
        skipped += int(counters.get("notExecuted", 0))
    if not files:
        print(f"no TRX files under {folder}", file=sys.stderr)
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "TestResults"))
