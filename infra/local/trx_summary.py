#!/usr/bin/env python3
"""Counts the test results of every TRX file under a folder and prints 'N passed, N failed, N skipped'.

Before that line it names every failed test with the first lines of its message, so a CI log that keeps only its
tail still says what failed. Exit status 1 when a test failed or none passed, so a run that silently executed
nothing does not look green.
"""
import pathlib
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}


def main(folder: str) -> int:
    passed = failed = skipped = 0
    failures = []
    files = sorted(pathlib.Path(folder).rglob("*.trx"))
    for trx in files:
        root = ET.parse(trx).getroot()
        if root.find("t:ResultSummary/t:Counters", NS) is None:
            print(f"{trx}: no result counters (the test run did not finish)", file=sys.stderr)
            failed += 1
        for result in root.iterfind("t:Results/t:UnitTestResult", NS):
            outcome = result.get("outcome", "")
            if outcome == "Passed":
                passed += 1
            elif outcome == "NotExecuted":
                skipped += 1
            else:
                failed += 1
                message = result.findtext("t:Output/t:ErrorInfo/t:Message", default="", namespaces=NS).strip()
                failures.append((result.get("testName", "?"), outcome, message))
    if not files:
        print(f"no TRX files under {folder}", file=sys.stderr)
    for name, outcome, message in failures:
        print(f"FAILED ({outcome}): {name}")
        for line in message.splitlines()[:6]:
            print(f"    {line[:300]}")
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "TestResults"))
