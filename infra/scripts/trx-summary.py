#!/usr/bin/env python3
"""Sums the TRX files of a test run: names each failed test with the start of its message, then prints the
PostgreSQL share and the closing 'N passed, N failed' line."""
import glob
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
folder = sys.argv[1]
passed = failed = skipped = postgres_passed = postgres_total = 0
failures = []
files = glob.glob(f"{folder}/**/*.trx", recursive=True)
for path in files:
    root = ET.parse(path).getroot()
    for result in root.iterfind(".//t:UnitTestResult", NS):
        outcome = result.get("outcome")
        name = result.get("testName", "")
        if outcome == "Passed":
            passed += 1
        elif outcome == "NotExecuted":
            skipped += 1
        else:
            failed += 1
            message = result.find(".//t:Output/t:ErrorInfo/t:Message", NS)
            text = (message.text or "").strip() if message is not None else ""
            failures.append(f"FAILED {name}: {' '.join(text.split())[:400]}")
        if "OnPostgres" in name:
            postgres_total += 1
            postgres_passed += outcome == "Passed"

for failure in failures:
    print(failure)
if not files:
    print("No test results were written.")
    failed += 1
print(f"PostgreSQL tests: {postgres_passed} of {postgres_total} passed")
print(f"{passed} passed, {failed} failed, {skipped} skipped")
