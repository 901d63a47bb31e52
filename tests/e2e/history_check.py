#!/usr/bin/env python3
"""Checks for tests/e2e/history.sh: compare what kmpterm history read with
what the simulator's logger holds (kmpsim --dump-logger), computed and
formatted independently here.

  history_check.py json DUMP GOT.json [REG,...] [LOGGER]   every record, exact
                                                (LOGGER: the name expected, e.g. "log 1")
  history_check.py csv DUMP GOT.csv [REG,...]     the same through csv.DictReader
  history_check.py pandas DUMP GOT.csv [REG,...]  the same through pandas.read_csv
  history_check.py reads SIM.jsonl                only B8 05/06/07 requests
  history_check.py module-reads SIM.jsonl         only A1/A2 requests

Prints one line per problem and exits 1 when there is any."""
import csv
import json
import sys

READS = {"GetConfiguration", "GetLogIDPastAbs", "GetLogLastEntryPastAbs"}
UNIT_NAMES = {8: "GJ", 40: "m³", 43: "m³×C", 46: "h"}


def text_of(value, unit):
    """The text a person reads, from the exact value and the unit alone."""
    if unit == 48:  # yymmdd
        v = int(value)
        return "20%02d-%02d-%02d" % (v // 10000, v // 100 % 100, v % 100)
    if unit == 47:  # hhmmss
        v = int(value)
        return "%02d:%02d:%02d" % (v // 10000, v // 100 % 100, v % 100)
    if unit == 79:  # summer-time offset, YY MM DD hh mm ss: 7 bytes
        b = int(value).to_bytes(7, "big")
        assert b[0] == 0, "the simulator logs no summer time"
        return "20%02d-%02d-%02d %02d:%02d:%02d" % tuple(b[1:])
    if unit in UNIT_NAMES:
        return value + " " + UNIT_NAMES[unit]
    return value


def load_dump(path, regs):
    with open(path) as f:
        dump = json.load(f)
    want = regs or dump["registers"]
    records = {}
    for rec in dump["records"]:
        records[rec["log_id"]] = {r: rec["values"][r] for r in map(str, want)}
    return dump, [int(r) for r in want], records


def compare_records(got, records, problems):
    """got: log_id -> {reg: (value, text, unit or None)}."""
    if sorted(got) != sorted(records):
        missing = sorted(set(records) - set(got))
        extra = sorted(set(got) - set(records))
        problems.append("log IDs differ: missing %s, extra %s" % (missing[:10], extra[:10]))
    for log_id, values in records.items():
        g = got.get(log_id)
        if g is None:
            continue
        for reg, want in values.items():
            value, text, unit = g.get(reg, (None, None, None))
            if value != want["value"]:
                problems.append("%d/%s: value %r, want %r" % (log_id, reg, value, want["value"]))
            if unit is not None and unit != want["unit"]:
                problems.append("%d/%s: unit %r, want %r" % (log_id, reg, unit, want["unit"]))
            expect = text_of(want["value"], want["unit"])
            if text != expect:
                problems.append("%d/%s: text %r, want %r" % (log_id, reg, text, expect))


def check_json(dump_path, got_path, regs, problems, logger=None):
    dump, want_regs, records = load_dump(dump_path, regs)
    with open(got_path) as f:
        got = json.load(f)
    keys = list(got.keys())
    if keys != ["logger", "registers", "records", "requests", "failures", "elapsed_s"]:
        problems.append("JSON keys %s" % keys)
    want_logger = logger or dump["logger"]
    if got.get("logger") != want_logger:
        problems.append("logger %r, want %r" % (got.get("logger"), want_logger))
    if got.get("registers") != want_regs:
        problems.append("registers %r, want %r" % (got.get("registers"), want_regs))
    ids = [r["log_id"] for r in got["records"]]
    if ids != sorted(ids, reverse=True) or len(set(ids)) != len(ids):
        problems.append("records are not newest first, once each")
    out = {}
    for rec in got["records"]:
        if list(rec["values"].keys()) != [str(r) for r in want_regs]:
            problems.append("%d: registers %s" % (rec["log_id"], list(rec["values"].keys())))
        out[rec["log_id"]] = {r: (v["value"], v["text"], v["unit"]) for r, v in rec["values"].items()}
    compare_records(out, records, problems)
    print("json: %d records, %s requests, %s failures" % (len(ids), got["requests"], got["failures"]))


def check_csv(dump_path, got_path, regs, problems, use_pandas):
    dump, want_regs, records = load_dump(dump_path, regs)
    header = ["log_id"] + [c for r in want_regs for c in (str(r), "%d_text" % r)]
    out = {}
    if use_pandas:
        import pandas
        frame = pandas.read_csv(got_path, dtype=str, keep_default_na=False)
        columns = list(frame.columns)
        rows = frame.to_dict("records")
    else:
        with open(got_path, newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            rows = list(reader)
            columns = reader.fieldnames
    if columns != header:
        problems.append("header %s, want %s" % (columns, header))
    for row in rows:
        log_id = int(row["log_id"])
        if log_id in out:
            problems.append("log ID %d twice" % log_id)
        out[log_id] = {str(r): (row[str(r)], row["%d_text" % r], None) for r in want_regs}
    compare_records(out, records, problems)
    print("%s: %d rows" % ("pandas" if use_pandas else "csv", len(rows)))


MODULE_READS = {"GetLogLastPresent", "GetLogIdPresent"}


def check_reads(log_path, problems, module=False):
    n = 0
    with open(log_path) as f:
        for line in f:
            ev = json.loads(line)
            if ev.get("event") != "request":
                continue
            n += 1
            if ev.get("write"):
                problems.append("a write reached the meter: %s" % line.strip())
            elif module and ev.get("command") not in MODULE_READS:
                problems.append("not a logger-module read: %s" % line.strip())
            elif not module and (ev.get("command") != "Logger" or ev.get("subcommand") not in READS):
                problems.append("not a logger read: %s" % line.strip())
    if n == 0:
        problems.append("the simulator saw no request")
    what = "A1/A2" if module else "B8 05/06/07"
    print("reads: %d requests, all %s" % (n, what) if not problems else "reads: %d requests" % n)


def main():
    problems = []
    what = sys.argv[1]
    regs = [int(r) for r in sys.argv[4].split(",")] if len(sys.argv) > 4 else None
    if what == "json":
        check_json(sys.argv[2], sys.argv[3], regs, problems, sys.argv[5] if len(sys.argv) > 5 else None)
    elif what in ("csv", "pandas"):
        check_csv(sys.argv[2], sys.argv[3], regs, problems, what == "pandas")
    elif what == "reads":
        check_reads(sys.argv[2], problems)
    elif what == "module-reads":
        check_reads(sys.argv[2], problems, module=True)
    else:
        problems.append("unknown check %s" % what)
    for p in problems[:20]:
        print("problem:", p)
    if len(problems) > 20:
        print("... %d problems in all" % len(problems))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
