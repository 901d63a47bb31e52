#!/usr/bin/env bash
# The scan's files as people use them: `scan --out` loads with python's
# csv.DictReader and pandas.read_csv with no options into exactly the rows
# expected; the journal beside it keeps --resume working when the journal
# or a row is lost; a scan file of an older kmpterm (with '# done' lines)
# is converted by --resume; another meter's scan is not continued.
. "$(dirname "$0")/lib.sh"
MAP=tests/data/scan-test.map
FAST=(-b 115200)
PY=$(command -v /usr/bin/python3 || command -v python3)
"$PY" -c 'import pandas' 2>/dev/null || { echo "pandas missing: apt-get install python3-pandas (make deps)"; exit 1; }

# the map's registers in 0..200 as "id=value", sorted
map_vals() {
	grep -v '^#' "$MAP" | awk 'NF>=4 {print $1, $4}' | while read -r id v; do
		id=$((id)); [ "$id" -le 200 ] && printf '%d=%s\n' "$id" "$v"
	done | sort
}
map_vals >"$T/want"
check "the map has 8 registers in 0..200" test "$(wc -l <"$T/want")" -eq 8
# dictreader FILE: every row as id=value (csv.DictReader, no options)
dictreader() { "$PY" -c 'import csv,sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
for r in rows: print(r["id"] + "=" + r["value"])' "$1" | sort; }
requests() { grep -c '"command":"GetRegister"' "$1"; }

start_sim clean --pty --no-pace --latency 0 --map "$MAP" --log "$T/sim.jsonl"
PTY=$SIM_WHERE
"$KMPTERM" "${FAST[@]}" -d "$PTY" scan --scan-range 0-200 --out "$T/s.csv" >/dev/null 2>"$T/s.err"
check "scan --out 0-200 exits 0" test $? -eq 0
dictreader "$T/s.csv" >"$T/got"
check "csv.DictReader reads exactly the map's 8 registers, exact values" diff "$T/got" "$T/want"
"$PY" - "$T/s.csv" >"$T/pandas" 2>&1 <<'PY'
import sys, pandas
d = pandas.read_csv(sys.argv[1])
assert list(d.columns) == ["id", "name", "value", "unit", "unit_name", "text", "length", "serial", "meter_type"], list(d.columns)
assert str(d["id"].dtype) == "int64", d.dtypes   # no comment row turned the IDs into text
print(len(d), ",".join(str(i) for i in d["id"]))
print(d.loc[d["id"] == 123, "text"].iloc[0], d.loc[d["id"] == 123, "name"].iloc[0])
print(d.loc[d["id"] == 1, "unit_name"].iloc[0], int(d["serial"].iloc[0]))
PY
check "pandas.read_csv (defaults): 8 rows, integer IDs, in order" grep -qx '8 0,1,2,7,8,13,60,123' "$T/pandas"
check "pandas: the date as a date and the quoted name" grep -qx '2022-09-01 Max flow date, year' "$T/pandas"
check "pandas: UTF-8 unit name and the meter's serial" grep -qx 'm³ 67123456' "$T/pandas"

# --- the journal is lost: the rows are kept, the rest asked again ---
rm "$T/s.csv.journal"
n=$(requests "$T/sim.jsonl")
"$KMPTERM" "${FAST[@]}" -d "$PTY" scan --scan-range 0-200 --out "$T/s.csv" --resume >/dev/null 2>"$T/nj.err"
check "resume without a journal exits 0" test $? -eq 0
check "... says the journal is missing and what happens" grep -q 'journal (.*s.csv.journal) is missing: the registers in the file are kept' "$T/nj.err"
dictreader "$T/s.csv" >"$T/got"
check "... and the file still holds each register once" diff "$T/got" "$T/want"
check "... its journal is back" grep -qx 'kmpterm-scan 1' "$T/s.csv.journal"
check "... every ID but the 8 found was asked again (one request per 8 IDs)" \
	test $(($(requests "$T/sim.jsonl") - n)) -ge 24

# --- a row the journal counts is lost: asked again ---
grep -v '^60,' "$T/s.csv" >"$T/s2.csv" && cp "$T/s.csv.journal" "$T/s2.csv.journal"
n=$(requests "$T/sim.jsonl")
"$KMPTERM" "${FAST[@]}" -d "$PTY" scan --out "$T/s2.csv" --resume >/dev/null 2>"$T/lost.err"
check "a lost row: --resume says so" grep -q '1 register the journal counts has no row in the file; asked again' "$T/lost.err"
dictreader "$T/s2.csv" >"$T/got"
check "... and reads it again: all 8 once" diff "$T/got" "$T/want"
check "... with one request" test $(($(requests "$T/sim.jsonl") - n)) -eq 1

# --- an old-format file (kmpterm before the journal) ---
cat >"$T/old.csv" <<'OLD'
id,unit,unit_name,length,value,name
# kmpterm scan from=0 to=200 batch=8
0,8,GJ,4,123.45,
1,40,m³,4,1875.56,
2,41,l/h,2,245,
7,22,kW,1,0.0,
# done 0-7
8,37,°C,3,53.65,
13,51,,7,1234567,"Energy in, high resolution"
# done 8-15
OLD
n=$(requests "$T/sim.jsonl")
"$KMPTERM" "${FAST[@]}" -d "$PTY" scan --out "$T/old.csv" --resume >/dev/null 2>"$T/old.err"
check "an old-format file: --resume exits 0" test $? -eq 0
check "... says it converted it and where the progress went" \
	grep -q "old.csv: a scan file of an older kmpterm (with '# done' lines): converted to plain CSV, its progress now in .*old.csv.journal" "$T/old.err"
check "... keeps its range (0-200 from its '# kmpterm scan' line)" grep -q '^range 0-200$' "$T/old.csv.journal"
check "... no comment lines are left" bash -c "! grep -q '^#' '$T/old.csv'"
dictreader "$T/old.csv" >"$T/got"
check "... and holds each register of 0..200 once" diff "$T/got" "$T/want"
check "... only IDs 16..200 were asked (24 requests)" test $(($(requests "$T/sim.jsonl") - n)) -eq 24

# --- another meter's scan is not continued ---
sed -i 's/^serial 67123456$/serial 11111111/' "$T/s.csv.journal"
cp "$T/s.csv" "$T/s.before"
"$KMPTERM" "${FAST[@]}" -d "$PTY" scan --out "$T/s.csv" --resume >/dev/null 2>"$T/other.err"
check "another meter's scan file: exit 1" test $? -eq 1
check "... says whose scan it holds" grep -q 's.csv holds a scan of meter 11111111, this is meter 67123456' "$T/other.err"
check "... and leaves the rows alone" diff "$T/s.csv" "$T/s.before"
kill "$SIM_PID"
finish
