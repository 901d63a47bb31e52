#!/usr/bin/env python3
"""Checks for tests/e2e/tui-history.sh: what view 6 showed against what
`kmpterm history --json` read from the same simulated meter.

  tui_history_check.py rows SCREEN.txt GOT.json   every table row on the screen
                                                  (log ID, date, 60 and 68) is the
                                                  JSON's record; prints how many
  tui_history_check.py minmax GOT.json REG        "MIN MAX" of REG's exact values
  tui_history_check.py reads SIM.jsonl            only reads: GetType, GetSerialNo,
                                                  GetRegister, B8 05/06/07, A1, A2

Prints one line per problem and exits 1 when there is any."""
import json
import re
import sys
from decimal import Decimal

LOGGER_READS = {"GetConfiguration", "GetLogIDPastAbs", "GetLogLastEntryPastAbs"}
OTHER_READS = {"GetType", "GetSerialNo", "GetRegister"}
MODULE_READS = {"GetLogLastPresent", "GetLogIdPresent"}


def records(path):
    with open(path) as f:
        return {r["log_id"]: r["values"] for r in json.load(f)["records"]}


def check_rows(screen_path, json_path, problems):
    recs = records(json_path)
    # a row: the selection mark, the log ID, the date and time, then the
    # values with their units (C locale: m3 for m³)
    row = re.compile(r"^.{2}\s*(\d+) (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) +([0-9.]+) GJ +([0-9.]+) m3 ")
    n = 0
    with open(screen_path) as f:
        for line in f:
            m = row.match(line)
            if not m:
                continue
            n += 1
            log_id, date, e1, v1 = int(m.group(1)), m.group(2), m.group(3), m.group(4)
            want = recs.get(log_id)
            if want is None:
                problems.append("log ID %d on screen, not in the JSON" % log_id)
                continue
            if date != want["348"]["text"]:
                problems.append("%d: date %s, JSON %s" % (log_id, date, want["348"]["text"]))
            if e1 != want["60"]["value"]:
                problems.append("%d: 60 is %s, JSON %s" % (log_id, e1, want["60"]["value"]))
            if v1 != want["68"]["value"]:
                problems.append("%d: 68 is %s, JSON %s" % (log_id, v1, want["68"]["value"]))
    if n == 0:
        problems.append("no record row on the screen")
    print(n)


def minmax(json_path, reg):
    vals = [v[reg]["value"] for v in records(json_path).values()]
    lo = min(vals, key=Decimal)
    hi = max(vals, key=Decimal)
    print(lo, hi)


def check_reads(log_path, problems):
    asked = 0
    with open(log_path) as f:
        for line in f:
            e = json.loads(line)
            if e.get("event") != "request":
                continue
            asked += 1
            cmd = e.get("command")
            if cmd in OTHER_READS or cmd in MODULE_READS:
                continue
            if cmd == "Logger" and e.get("subcommand") in LOGGER_READS:
                continue
            problems.append("not a read: %s" % line.strip())
    if not asked:
        problems.append("the simulator logged no request")


def main():
    problems = []
    what = sys.argv[1]
    if what == "rows":
        check_rows(sys.argv[2], sys.argv[3], problems)
    elif what == "minmax":
        minmax(sys.argv[2], sys.argv[3])
    elif what == "reads":
        check_reads(sys.argv[2], problems)
    else:
        problems.append("unknown check " + what)
    for p in problems:
        print(p)
    sys.exit(1 if problems else 0)


main()
