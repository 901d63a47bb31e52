#!/usr/bin/env bash
# kmpterm scan against kmpsim with a map of 16 registers spread over 0..65535:
# the full range finds exactly them; under dropped and corrupted replies it
# still finds exactly them (no phantom, no miss); killed with kill -9 half
# way and resumed, the CSV holds each once and all of them; when the meter
# stops answering the scan pauses and says so, then goes on; the simulated
# meter only ever sees GetRegister.
. "$(dirname "$0")/lib.sh"
MAP=tests/data/scan-test.map
# The pty has no line rate, but the client keeps one byte time of quiet
# after every reply, and neither side can answer a request before its last
# byte would have arrived: at 1200 baud that alone would make 8192 requests
# last many minutes.  115200 baud on both sides shrinks the byte time.
FAST=(-b 115200)
SIMFAST=(--baud 115200)

map_ids() { grep -v '^#' "$MAP" | awk 'NF>=4 {print $1}' | while read -r id; do printf '%d\n' "$id"; done | sort -n; }
map_vals() { grep -v '^#' "$MAP" | awk 'NF>=4 {print $1, $4}' | while read -r id v; do printf '%d=%s\n' "$id" "$v"; done | sort; }
json_ids() { grep -o '"id":[0-9]*' "$1" | cut -d: -f2 | sort -n; }
json_vals() { grep -o '"id":[0-9]*,"unit":[0-9]*,"unit_name":[^,]*,"length":[0-9]*,"value":"[^"]*"' "$1" |
	sed 's/"id":\([0-9]*\),.*"value":"\([^"]*\)"/\1=\2/' | sort; }
# The CSV read the way a user's script reads it: python's csv.DictReader,
# no options; a row that is no register (a comment line) would show.
PY=$(command -v /usr/bin/python3 || command -v python3)
csv_ids() { "$PY" -c 'import csv,sys
for r in csv.DictReader(open(sys.argv[1], newline="")): print(r["id"])' "$1" | sort -n; }
csv_vals() { "$PY" -c 'import csv,sys
for r in csv.DictReader(open(sys.argv[1], newline="")): print(r["id"] + "=" + r["value"])' "$1" | sort; }
same() { diff -q "$1" "$2" >/dev/null; }
# only_reads LOG: the simulator saw requests, and every one was GetRegister
# (or the GetType and GetSerialNo that name the meter in the files)
only_reads() {
	grep -q '"event":"request"' "$1" &&
		! grep '"event":"request"' "$1" |
			grep -Ev '"command":"(GetRegister|GetType|GetSerialNo)"' | grep -q .
}
requests() { grep -c '"command":"GetRegister"' "$1"; }
map_ids >"$T/ids"
map_vals >"$T/vals"
check "the test map has 16 registers" test "$(wc -l <"$T/ids")" -eq 16

# --- usage errors (exit 2) and outputs refused before scanning (exit 1) ---
"$KMPTERM" --sim scan --resume 2>/dev/null
check "--resume without --out is a usage error" test $? -eq 2
"$KMPTERM" --sim scan --from 10 --to 5 2>/dev/null
check "--from above --to is a usage error" test $? -eq 2
"$KMPTERM" --sim scan --batch 9 2>/dev/null
check "--batch 9 is a usage error" test $? -eq 2
"$KMPTERM" --sim scan --to 65536 2>/dev/null
check "--to 65536 is a usage error" test $? -eq 2

# --- clean line, full range ---
start_sim clean --pty "${SIMFAST[@]}" --no-pace --latency 0 --map "$MAP" --log "$T/clean.jsonl"
PTY=$SIM_WHERE
start=$(date +%s%N)
"$KMPTERM" "${FAST[@]}" -d "$PTY" scan --json --out "$T/full.csv" >"$T/full.json" 2>"$T/full.err"
rc=$?
echo "full 0..65535 scan, no pace: $((($(date +%s%N) - start) / 1000000)) ms"
check "full scan exits 0" test $rc -eq 0
json_ids "$T/full.json" >"$T/got"
check "full scan finds exactly the map's 16 registers" same "$T/got" "$T/ids"
json_vals "$T/full.json" >"$T/got"
check "full scan reports the map's exact values" same "$T/got" "$T/vals"
check "JSON has from, to, requests, failures, elapsed_s" \
	grep -Eq '^\{"from":0,"to":65535,"requests":8192,"failures":0,"elapsed_s":[0-9.]+,"found":\[' "$T/full.json"
check "a discovery has name null, a known ID its name" \
	grep -q '"id":0,"unit":8,"unit_name":"GJ","length":4,"value":"123.45","name":null,"text":"123.45"}.*"name":"Heat energy E1"' "$T/full.json"
csv_ids "$T/full.csv" >"$T/got"
check "the CSV holds exactly the map's registers" same "$T/got" "$T/ids"
csv_vals "$T/full.csv" >"$T/got"
check "the CSV holds the exact values" same "$T/got" "$T/vals"
check "CSV header" test "$(head -n 1 "$T/full.csv")" = $'id,name,value,unit,unit_name,text,length,serial,meter_type\r'
check "CSV quotes a name holding a comma, shows the date as a date, names the meter" \
	grep -qx $'123,"Max flow date, year",220901,48,yy:mm:dd,2022-09-01,4,67123456,0x0034\r' "$T/full.csv"
check "CSV: no comment lines" bash -c "! grep -q '^#' '$T/full.csv'"
check "the journal beside it names the meter and the range" \
	grep -qz $'^kmpterm-scan 1\nrange 0-65535\nbatch 8\nstarted [0-9T:.-]*Z\nserial 67123456\nmeter_type 0x0034\n' "$T/full.csv.journal"
check "JSON names the meter and the start" grep -Eq '"started":"[0-9T:.-]+Z","serial":67123456,"meter_type":52,"sw_revision":"K1","known":false,"asked":65536,"family":null}$' "$T/full.json"
check "the simulated meter saw 8192 requests" test "$(requests "$T/clean.jsonl")" -eq 8192
check "the simulated meter saw only reads (GetRegister, and GetType/GetSerialNo once a run)" only_reads "$T/clean.jsonl"

"$KMPTERM" "${FAST[@]}" -d "$PTY" scan --from 0 --to 130 >"$T/text.out" 2>"$T/text.err"
check "text mode exits 0" test $? -eq 0
check "text table: name, formatted value, unit" grep -Eq '^ +123 +Max flow date, year +2022-09-01 +4 +yy:mm:dd$' "$T/text.out"
check "text table marks discoveries" grep -Eq '^ +0 +\(not in the table: a discovery\) +123.45 +4 +GJ$' "$T/text.out"
check "text mode: no progress line when stderr is not a tty" test ! -s "$T/text.err"
"$KMPTERM" "${FAST[@]}" -d "$PTY" scan --from 0 --to 99 --batch 3 --json >"$T/b3.json"
check "--batch 3: 34 requests for 100 IDs" grep -q '"requests":34,' "$T/b3.json"

n=$(requests "$T/clean.jsonl")
cp "$T/full.csv" "$T/full.before"
"$KMPTERM" "${FAST[@]}" -d "$PTY" scan --out "$T/full.csv" >/dev/null 2>"$T/exists.err"
check "an existing scan file without --resume: exit 1" test $? -eq 1
check "... says to use --resume" grep -q -- '--resume' "$T/exists.err"
check "... and leaves the file alone" same "$T/full.csv" "$T/full.before"
"$KMPTERM" "${FAST[@]}" -d "$PTY" scan --out /proc/version >/dev/null 2>"$T/ro.err"
check "a read-only --out path: exit 1" test $? -eq 1
check "... with a clear message" grep -q 'kmpterm: /proc/version: cannot write the scan file' "$T/ro.err"
"$KMPTERM" "${FAST[@]}" -d "$PTY" scan --out "$T/no/such/dir.csv" >/dev/null 2>"$T/nodir.err"
check "an --out path in a missing directory: exit 1" test $? -eq 1
check "no request was sent for the refused outputs" test "$(requests "$T/clean.jsonl")" -eq "$n"
kill "$SIM_PID"

# --- kill -9 half way, then --resume ---
start_sim killed --pty "${SIMFAST[@]}" --no-pace --latency 0 --map "$MAP" --log "$T/killed.jsonl"
"$KMPTERM" "${FAST[@]}" -d "$SIM_WHERE" scan --out "$T/k.csv" >/dev/null 2>&1 &
KPID=$!
PIDS+=("$KPID")
wait_for 120 grep -qs '^20000,' "$T/k.csv"
check "the CSV grows during the scan (row 20000 seen)" grep -q '^20000,' "$T/k.csv"
kill -9 "$KPID" 2>/dev/null
wait "$KPID" 2>/dev/null
check "killed before the end (65535 not yet in the CSV)" bash -c "! grep -q '^65535,' '$T/k.csv'"
before=$(requests "$T/killed.jsonl")
"$KMPTERM" "${FAST[@]}" -d "$SIM_WHERE" scan --out "$T/k.csv" --resume --json >"$T/k.json" 2>"$T/k.err"
check "--resume exits 0" test $? -eq 0
check "--resume says where it resumes" grep -q 'resuming: [0-9]* of 65536 IDs already done' "$T/k.err"
csv_ids "$T/k.csv" >"$T/got"
check "after kill -9 and --resume the CSV holds each register once, all of them" same "$T/got" "$T/ids"
csv_vals "$T/k.csv" >"$T/got"
check "... with the exact values" same "$T/got" "$T/vals"
json_ids "$T/k.json" >"$T/got"
check "--resume --json reports all 16 (resumed ones included)" same "$T/got" "$T/ids"
total=$(requests "$T/killed.jsonl")
echo "requests: $before before the kill, $((total - before)) after --resume"
check "no completed batch asked again (at most the one in flight)" test "$total" -le 8193
check "--resume asked only the rest" test "$((total - before))" -lt 8192
check "the simulated meter saw only reads (GetRegister, and GetType/GetSerialNo once a run)" only_reads "$T/killed.jsonl"
kill "$SIM_PID"

# --- dropped and corrupted replies ---
# Every failed exchange costs the protocol's 1.6 s pause (the client's
# fail_pause_ms, which the command line does not change), so 0..65535 with
# 20% faults would take 1600 failures x 1.6 s: far too long for CI.
# Instead windows around every register of the map (45 requests) are
# scanned into one CSV with --resume, which also shows that --resume
# continues a file with another range without repeating or losing rows.
start_sim faulty --pty "${SIMFAST[@]}" --no-pace --latency 0 --busy-ms 20 --corrupt 10 --drop 10 --seed 11 \
	--map "$MAP" --log "$T/faulty.jsonl"
allok=1
start=$(date +%s%N)
for w in 0-255 1000-1007 4088-4103 6968-6983 19992-20007 32760-32775 39992-40007 65520-65535; do
	"$KMPTERM" "${FAST[@]}" --timeout 150 -d "$SIM_WHERE" scan --from "${w%-*}" --to "${w#*-}" \
		--out "$T/f.csv" --resume --json >>"$T/f.json" 2>>"$T/f.err" || allok=0
done
echo "fault windows: $((($(date +%s%N) - start) / 1000000)) ms"
check "every window of the fault run exits 0" test $allok -eq 1
check "replies were dropped" grep -q '"result":"dropped"' "$T/faulty.jsonl"
check "replies were corrupted" grep -q '"result":"corrupted"' "$T/faulty.jsonl"
check "failures were counted" grep -q '"failures":[1-9]' "$T/f.json"
csv_ids "$T/f.csv" >"$T/got"
check "under faults: exactly the map's registers, each once (no phantom, no miss)" same "$T/got" "$T/ids"
csv_vals "$T/f.csv" >"$T/got"
check "under faults: the exact values" same "$T/got" "$T/vals"
check "the simulated meter saw only reads (GetRegister, and GetType/GetSerialNo once a run)" only_reads "$T/faulty.jsonl"
kill "$SIM_PID"

# --- the meter stops answering (head moved): pause, say so, go on ---
echo 100 >"$T/quality"
start_sim moved --pty "${SIMFAST[@]}" --no-pace --latency 0 --quality-file "$T/quality" --map "$MAP" --log "$T/moved.jsonl"
"$KMPTERM" "${FAST[@]}" --timeout 100 -d "$SIM_WHERE" scan --out "$T/m.csv" --json >"$T/m.json" 2>"$T/m.err" &
MPID=$!
PIDS+=("$MPID")
wait_for 120 grep -qs '^4095,' "$T/m.csv"
echo 0 >"$T/quality.tmp" && mv "$T/quality.tmp" "$T/quality"
wait_for 60 grep -qs 'scan paused' "$T/m.err"
check "a silent meter pauses the scan with a message" grep -q 'scan paused at ID [0-9]*.*asleep.*head' "$T/m.err"
echo 100 >"$T/quality.tmp" && mv "$T/quality.tmp" "$T/quality"
wait_exit 120 "$MPID"
check "after the head is back the scan goes on and exits 0" test "$RC" -eq 0
json_ids "$T/m.json" >"$T/got"
check "... and finds exactly the map's registers" same "$T/got" "$T/ids"
csv_ids "$T/m.csv" >"$T/got"
check "... and the CSV holds each once" same "$T/got" "$T/ids"
check "the simulated meter saw only reads (GetRegister, and GetType/GetSerialNo once a run)" only_reads "$T/moved.jsonl"
kill "$SIM_PID"

finish
