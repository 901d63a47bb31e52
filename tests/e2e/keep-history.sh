#!/usr/bin/env bash
# history --out loads like the other files kmpterm records: python's
# csv.DictReader and pandas.read_csv with no options give exactly the
# records `history --json` reports, one row each, no comment rows.
. "$(dirname "$0")/lib.sh"
PY=$(command -v /usr/bin/python3 || command -v python3)
"$PY" -c 'import pandas' 2>/dev/null || { echo "pandas missing: apt-get install python3-pandas (make deps)"; exit 1; }

# two simulated meters, one per command: their loggers' clock is fixed, or
# counters such as the operating hours (1004) move on between the two
# when an hour turns (seen at 20:00)
SIM=(--sim --sim-args "--logger-time 2026-11-28T12:30")
"$KMPTERM" "${SIM[@]}" history --logger day --last 6 --out "$T/h.csv" >/dev/null 2>&1
check "history --out exits 0" test $? -eq 0
"$KMPTERM" "${SIM[@]}" history --logger day --last 6 --json >"$T/h.json" 2>/dev/null
check "history --json exits 0" test $? -eq 0
"$PY" - "$T/h.csv" "$T/h.json" >"$T/cmp" 2>&1 <<'PY'
import csv, json, sys, pandas
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
want = json.load(open(sys.argv[2]))["records"]
assert len(rows) == len(want) == 6, (len(rows), len(want))
for r, w in zip(rows, want):
    assert int(r["log_id"]) == w["log_id"], (r["log_id"], w["log_id"])
    for reg, v in w["values"].items():
        assert r[reg] == v["value"], (reg, r[reg], v["value"])
d = pandas.read_csv(sys.argv[1])
assert len(d) == 6 and str(d["log_id"].dtype) == "int64", d.dtypes
assert list(d["log_id"]) == [w["log_id"] for w in want]
print("same")
PY
check "csv.DictReader and pandas.read_csv read the 6 records --json reports, exact values" grep -qx same "$T/cmp"
cat "$T/cmp" | grep -v '^same$' | head -5
finish
