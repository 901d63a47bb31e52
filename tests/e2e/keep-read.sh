#!/usr/bin/env bash
# Readings over time: `read --csv` (one row per register per round, ISO
# 8601 UTC time), `--out FILE` (appended safely), `--format influx` (each
# line accepted by a line-protocol grammar checker, tests/e2e/py/
# lineproto.py), and a round that fails writes no row and does not stop
# the recording.
. "$(dirname "$0")/lib.sh"
MAP=tests/data/sim-read.map
PY=$(command -v /usr/bin/python3 || command -v python3)
"$PY" -c 'import pandas' 2>/dev/null || { echo "pandas missing: apt-get install python3-pandas (make deps)"; exit 1; }
LP="$PY $(dirname "$0")/py/lineproto.py"
# rows FILE: "id=value" per row (csv.DictReader, no options)
rows() { "$PY" -c 'import csv,sys
for r in csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")): print(r["id"] + "=" + r["value"])' "$1"; }

start_sim clean --pty --no-pace --map "$MAP" --log "$T/sim.jsonl"
PTY=$SIM_WHERE

# --- read --repeat 5 --interval 1 --csv: 5 rounds ---
"$KMPTERM" -d "$PTY" read --repeat 5 --interval 1 --csv 60 86 1002 1003 9999 >"$T/r.csv" 2>"$T/r.err"
check "read --csv --repeat 5 exits 0" test $? -eq 0
check "header first" test "$(head -n 1 "$T/r.csv")" = $'time,id,name,value,unit,unit_name,text\r'
check "one header only" test "$(grep -c '^time,' "$T/r.csv")" -eq 1
rows "$T/r.csv" | sort | uniq -c | awk '{print $1, $2}' >"$T/counts"
printf '5 1002=200243\n5 1003=220901\n5 60=123.45\n5 86=53.65\n' >"$T/want"
check "5 rounds of the 4 registers the meter has, exact values (9999 has no row)" diff "$T/counts" "$T/want"
"$PY" - "$T/r.csv" >"$T/pd" 2>&1 <<'PY'
import sys, pandas
d = pandas.read_csv(sys.argv[1])
assert list(d.columns) == ["time", "id", "name", "value", "unit", "unit_name", "text"], list(d.columns)
t = pandas.to_datetime(d["time"])
assert str(t.dt.tz) == "UTC", t.dt.tz
rounds = sorted(set(d["time"]))
gaps = [(b - a).total_seconds() for a, b in zip(sorted(set(t))[:-1], sorted(set(t))[1:])]
print(len(d), len(rounds), int(d["id"].sum()))
print(d.loc[d["id"] == 1003, "text"].iloc[0], d.loc[d["id"] == 1002, "text"].iloc[0], d.loc[d["id"] == 86, "unit_name"].iloc[0])
print("gaps", all(0.8 < g < 3 for g in gaps))
PY
check "pandas.read_csv (defaults): 20 rows, 5 rounds of distinct UTC times" grep -qx '20 5 10755' "$T/pd"
check "pandas: dates and times as text, UTF-8 units" grep -qx '2022-09-01 20:02:43 °C' "$T/pd"
check "rounds about --interval 1 apart" grep -qx 'gaps True' "$T/pd"
check "time is ISO 8601 UTC with milliseconds" grep -Eq '^20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z,60,Heat energy E1,123.45,8,GJ,123.45' "$T/r.csv"

# --- --out: appended safely ---
"$KMPTERM" -d "$PTY" read --out "$T/o.csv" --repeat 2 --interval 0 60 68 >"$T/o.stdout" 2>/dev/null
check "--out writes nothing on standard output" test ! -s "$T/o.stdout"
"$KMPTERM" -d "$PTY" read --out "$T/o.csv" 60 68 2>/dev/null
check "a second --out run appends: one header, 6 rows" test "$(rows "$T/o.csv" | wc -l)" -eq 6 -a "$(grep -c '^time,' "$T/o.csv")" -eq 1
printf '2026-11-29T12:00:00.000Z,60,Heat en' >>"$T/o.csv" # a kill in the middle of a row
"$KMPTERM" -d "$PTY" read --out "$T/o.csv" 60 2>"$T/torn.err"
check "a torn last line: removed and said" grep -q 'removed a last line cut off (35 bytes)' "$T/torn.err"
check "... the file reads clean: 7 rows" test "$(rows "$T/o.csv" | wc -l)" -eq 7
check "... nothing but data rows" "$PY" -c 'import pandas,sys; d = pandas.read_csv(sys.argv[1]); assert len(d) == 7 and set(d["id"]) == {60, 68}' "$T/o.csv"
echo "name,street" >"$T/other.csv"
"$KMPTERM" -d "$PTY" read --out "$T/other.csv" 60 2>"$T/other.err"
check "another CSV is not appended to: exit 1" test $? -eq 1
check "... with the reason" grep -q "other.csv: not a CSV of kmpterm read" "$T/other.err"
check "... and left alone" test "$(cat "$T/other.csv")" = "name,street"
"$KMPTERM" -d "$PTY" read --out "$T/j.csv" --json 60 2>/dev/null
check "--out with --json is a usage error" test $? -eq 2
"$KMPTERM" -d "$PTY" read --format xml 60 2>/dev/null
check "--format xml is a usage error" test $? -eq 2
"$KMPTERM" -d "$PTY" scan --csv 2>/dev/null
check "--csv does not apply to scan (exit 2)" test $? -eq 2

# --- InfluxDB line protocol ---
"$KMPTERM" -d "$PTY" read --format influx --repeat 2 --interval 0 60 86 89 1002 1003 128 >"$T/i.lp" 2>/dev/null
check "--format influx exits 0" test $? -eq 0
$LP "$T/i.lp" >"$T/i.parsed" 2>"$T/i.err"
check "every line is accepted by the line-protocol grammar" test $? -eq 0
check "12 points" test "$(wc -l <"$T/i.parsed")" -eq 12
check "tags escaped (spaces in the name), the value a float from the exact decimal" \
	grep -q $'^kmp\tid=86;name=Temperature T1 (flow);unit=°C\tvalue=float:53.65\t[0-9]\\{19\\}$' "$T/i.parsed"
check "the raw line escapes the spaces" grep -q '^kmp,id=86,name=Temperature\\ T1\\ (flow),unit=°C value=53.65 ' "$T/i.lp"
check "a negative exact value" grep -q $'\tid=128;.*\tvalue=float:-123.45\t' "$T/i.parsed"
check "a date: the number and the checked date as a string field" grep -q $'\tid=1003;.*\tvalue=float:220901;text=string:2022-09-01\t' "$T/i.parsed"
check "a clock: the time as a string field" grep -q $'\tvalue=float:200243;text=string:20:02:43\t' "$T/i.parsed"
now=$(date +%s)
check "timestamps are nanoseconds of now" awk -F'\t' -v now="$now" '{ s = substr($4, 1, 10) + 0; if (s < now - 60 || s > now + 5 || length($4) != 19) exit 1 }' "$T/i.parsed"
kill "$SIM_PID"

# an ASCII register (382's meter type text): a string field only
"$KMPTERM" --sim --sim-args=--profile=k382 -b 9600 --stopbits 1 read --format influx 1 1126 >"$T/a.lp" 2>/dev/null
$LP "$T/a.lp" >"$T/a.parsed"
check "an ASCII register: accepted, text only" grep -q $'\tid=1126;name=Meter type (text);unit=ASCII\ttext=string:685-382-KA-20\t' "$T/a.parsed"

# --- a round that fails writes no row and does not stop the recording ---
echo 100 >"$T/quality"
start_sim flaky --pty --no-pace --map "$MAP" --quality-file "$T/quality"
"$KMPTERM" -d "$SIM_WHERE" --timeout 200 --retries 0 read --out "$T/f.csv" --repeat 0 --interval 0.3 60 86 \
	>/dev/null 2>"$T/f.err" &
REC=$!
PIDS+=("$REC")
nrows() { [ -s "$T/f.csv" ] && [ "$(rows "$T/f.csv" | wc -l)" -ge "$1" ]; }
check "recording: the first rounds are written" wait_for 20 nrows 4
echo 0 >"$T/quality.tmp" && mv "$T/quality.tmp" "$T/quality"
check "the head moves: a round fails and says so" wait_for 20 grep -q 'round [0-9]*: 2 registers got no valid answer; no row written for them' "$T/f.err"
before=$(rows "$T/f.csv" | wc -l)
echo 100 >"$T/quality.tmp" && mv "$T/quality.tmp" "$T/quality"
check "the head is back: the recording goes on (new rows)" wait_for 20 nrows $((before + 4))
kill -INT "$REC"
wait "$REC"
check "Ctrl-C ends --repeat 0; exit 1 because a round failed" test $? -eq 1
check "... says how many rounds it recorded" grep -q 'recording stopped after [0-9]* rounds' "$T/f.err"
check "... every row a value the map holds" bash -c "! '$PY' -c 'import csv,sys
for r in csv.DictReader(open(sys.argv[1], newline=\"\")): print(r[\"id\"] + \"=\" + r[\"value\"])' '$T/f.csv' | grep -v -e '^60=123.45$' -e '^86=53.65$' | grep -q ."
check "... rows come in pairs (a failed round wrote none)" test $(($(rows "$T/f.csv" | wc -l) % 2)) -eq 0
finish
