#!/usr/bin/env bash
# kmpterm history against kmpsim's loggers: every record of the day logger
# comes back exactly (values, units, dates, log IDs) as kmpsim
# --dump-logger says the simulated meter holds, checked and formatted
# independently by history_check.py; also when the line drops and corrupts
# replies; killed with kill -9 half way and resumed, the CSV holds each
# record once and loads with csv.DictReader (and pandas when installed);
# the simulated meter only ever sees B8 05/06/07; bad input gets one line
# and the documented exit status; events shows the event status' flags.
. "$(dirname "$0")/lib.sh"
# Debian's python3 (where make deps puts python3-pandas), else the one on PATH
PY=$(command -v /usr/bin/python3 || command -v python3) || { echo "python3 is missing (make deps installs it)"; exit 77; }
CHECK=("$PY" tests/e2e/history_check.py)
WHEN=2026-11-28T12:30
REGS=1002,1003,60,68
# the pty has no line rate; a high one shrinks the client's quiet gaps
FAST=(-b 115200)
SIMOPT=(--pty --no-pace --latency 5 --logger-time "$WHEN")

# rows FILE: data rows of a CSV (CRLF line ends)
rows() { tail -n +2 "$1" | grep -c $'\r$'; }

"$KMPSIM" --dump-logger day --logger-time "$WHEN" >"$T/dump.json"
check "kmpsim --dump-logger day exits 0" test $? -eq 0
check "the dump holds 460 day records, newest 1460 on $WHEN" \
	test "$(grep -o '"log_id":' "$T/dump.json" | wc -l)" -eq 460
check "the dump's newest record is 2026-11-28" \
	grep -q '^{"log_id":1460,"time":"2026-11-28 00:00:00"' "$T/dump.json"

# --- help ---
"$KMPTERM" history --help >"$T/help" 2>&1
check "history --help exits 0" test $? -eq 0
check "... with its usage" grep -q '^Usage: kmpterm \[-d DEV | --sim\] history' "$T/help"
"$KMPTERM" help events >"$T/help" 2>&1
check "help events exits 0 with its usage" grep -q '^Usage: kmpterm \[-d DEV | --sim\] events' "$T/help"
"$KMPTERM" --sim history --count 5 2>"$T/err"
check "an option history does not use is a usage error" test $? -eq 2
check "... saying so" grep -q -- "--count does not apply to history" "$T/err"

# --- usage errors (exit 2), refused outputs (exit 1): one line each ---
start_sim usage "${SIMOPT[@]}"
"$KMPTERM" "${FAST[@]}" -d "$SIM_WHERE" history --logger week 2>"$T/err"
check "--logger week is a usage error" test $? -eq 2
check "... naming the loggers" grep -q "year, month, day, hour" "$T/err"
"$KMPTERM" "${FAST[@]}" -d "$SIM_WHERE" history --resume 2>/dev/null
check "--resume without --out is a usage error" test $? -eq 2
"$KMPTERM" "${FAST[@]}" -d "$SIM_WHERE" history -r 60,60 2>/dev/null
check "a register twice is a usage error" test $? -eq 2
"$KMPTERM" "${FAST[@]}" -d "$SIM_WHERE" history --last 0 2>/dev/null
check "--last 0 is a usage error" test $? -eq 2
"$KMPTERM" "${FAST[@]}" -d "$SIM_WHERE" -a 0x7F history 2>"$T/err"
check "a logger module without -r is a usage error" test $? -eq 2
"$KMPTERM" "${FAST[@]}" -d "$SIM_WHERE" history extra 2>/dev/null
check "an argument is a usage error" test $? -eq 2
: >"$T/exists.csv"
"$KMPTERM" "${FAST[@]}" -d "$SIM_WHERE" history --out "$T/exists.csv" 2>"$T/err"
check "an existing --out file is refused (exit 1)" test $? -eq 1
check "... saying to use --resume" grep -q "resume" "$T/err"
"$KMPTERM" "${FAST[@]}" -d "$SIM_WHERE" history -r 60,74 2>"$T/err"
check "a register the logger does not hold: exit 1" test $? -eq 1
check "... naming it in one line" test "$(cat "$T/err")" = "kmpterm: the day logger does not hold register 74"
"$KMPTERM" "${FAST[@]}" -d "$SIM_WHERE" history --logger minute-1 2>"$T/err"
check "a logger the meter does not keep: exit 1" test $? -eq 1
check "... in one line" test "$(cat "$T/err")" = "kmpterm: the meter keeps no minute-1 logger"

# --- every record of the day logger, every register, clean line ---
start_sim clean "${SIMOPT[@]}" --log "$T/clean.jsonl"
"$KMPTERM" "${FAST[@]}" -d "$SIM_WHERE" history --json >"$T/all.json" 2>"$T/all.err"
check "history --json exits 0" test $? -eq 0
check "every record exactly as the simulator holds it" "${CHECK[@]}" json "$T/dump.json" "$T/all.json"
check "the JSON starts as documented" \
	grep -q '^{"logger":"day","registers":\[1003,1002,348,60,68,97,110,99,1004\],"records":\[{"log_id":1460,"values":{"1003":{"value":"261128","unit":48,"text":"2026-11-28"}' "$T/all.json"
check "no failure on a clean line" grep -q '"failures":0,' "$T/all.json"
check "the simulated meter saw only B8 05/06/07" "${CHECK[@]}" reads "$T/clean.jsonl"

# text output: a table, newest first, dates as dates
"$KMPTERM" "${FAST[@]}" -d "$SIM_WHERE" history -r "$REGS" --last 3 >"$T/text.out" 2>/dev/null
check "text mode exits 0" test $? -eq 0
check "text: a header and three records" test "$(grep -c '^ *14[56][0-9] ' "$T/text.out")" -eq 3
check "text: the newest row" grep -Eq '^ +1460 +00:00:00 +2026-11-28 +1233\.501 GJ +8758\.33 m³' "$T/text.out"

# --- a line that drops and corrupts replies ---
start_sim faulty "${SIMOPT[@]}" --corrupt 10 --drop 10 --seed 7 --log "$T/faulty.jsonl"
"$KMPTERM" "${FAST[@]}" --timeout 400 -d "$SIM_WHERE" history -r "$REGS" --json \
	>"$T/faulty.json" 2>"$T/faulty.err"
check "history under --corrupt 10 --drop 10 exits 0" test $? -eq 0
check "... every record exactly" "${CHECK[@]}" json "$T/dump.json" "$T/faulty.json" "$REGS"
check "... with failures counted" grep -Eq '"failures":[1-9][0-9]*,' "$T/faulty.json"
check "... the simulator did drop and corrupt" \
	bash -c "grep -q '\"result\":\"dropped\"' '$T/faulty.jsonl' && grep -q '\"result\":\"corrupted\"' '$T/faulty.jsonl'"
check "... and saw only B8 05/06/07" "${CHECK[@]}" reads "$T/faulty.jsonl"

# --- kill -9 half way, then --resume: each record once ---
# paced at 9600 baud so that the reading takes seconds and can be cut
start_sim resume --pty --baud 9600 --latency 5 --logger-time "$WHEN" --log "$T/resume.jsonl"
"$KMPTERM" -b 9600 -d "$SIM_WHERE" history -r "$REGS" --out "$T/day.csv" >/dev/null 2>&1 &
KP=$!
PIDS+=("$KP")
wait_for 60 bash -c "[ -s '$T/day.csv' ] && [ \$(tail -n +2 '$T/day.csv' | grep -c \$'\r\$') -ge 40 ]"
kill -9 "$KP" 2>/dev/null
wait "$KP" 2>/dev/null
first=$(rows "$T/day.csv")
check "killed half way: some records in the CSV ($first)" test "$first" -ge 40 -a "$first" -lt 460
check "a journal beside it" grep -q '^logger day$' "$T/day.csv.journal"
# what a kill between the rows and the journal can leave: a row the
# journal does not list, cut off
printf '1001,0,00:00:00,2508' >>"$T/day.csv"
"$KMPTERM" "${FAST[@]}" -d "$SIM_WHERE" history --out "$T/day.csv" --resume --json \
	>"$T/resumed.json" 2>"$T/resumed.err"
check "--resume exits 0" test $? -eq 0
check "... saying what it continues" grep -q "resuming the day logger: $first records already read" "$T/resumed.err"
check "... reading only the rest" test "$(grep -o '"log_id":' "$T/resumed.json" | wc -l)" -eq $((460 - first))
check "the CSV holds every record once, exactly (csv.DictReader)" \
	"${CHECK[@]}" csv "$T/dump.json" "$T/day.csv" "$REGS"
check "the CSV is plain RFC 4180: CRLF rows, no comment lines" \
	bash -c "[ \$(grep -c \$'\r\$' '$T/day.csv') -eq 461 ] && ! grep -q '^#' '$T/day.csv'"
if "$PY" -c 'import pandas' 2>/dev/null; then
	check "pandas.read_csv with default options reads the same rows" \
		"${CHECK[@]}" pandas "$T/dump.json" "$T/day.csv" "$REGS"
else
	skip "pandas.read_csv: python3-pandas is not installed"
fi
check "the journal lists every record" grep -q '^done 1001-1460$' "$T/day.csv.journal"
check "no temporary file left beside the CSV" test "$(ls "$T" | grep -c '^day\.csv')" -eq 2
check "the resumed reading also sent only B8 05/06/07" "${CHECK[@]}" reads "$T/resume.jsonl"

# --- the profiles: a MULTICAL 603 keeps B8 loggers, a MULTICAL 21 none ---
start_sim m603 --pty --profile multical603 --no-pace --latency 5 --logger-time "$WHEN"
"$KMPTERM" -d "$SIM_WHERE" history --logger month -r 1003,60 --last 3 >"$T/m603.out" 2>&1
check "multical603: the month logger's newest three" \
	bash -c "grep -Eq '^ +48 +2026-11-01 ' '$T/m603.out' && [ \$(grep -c '^ *4[678] ' '$T/m603.out') -eq 3 ]"
"$KMPSIM" --dump-logger day --profile multical21 >/dev/null 2>"$T/err"
check "kmpsim --dump-logger for a water meter: no loggers (exit 2)" test $? -eq 2
check "... saying so" grep -q "multical21 meter keeps no loggers" "$T/err"

# --- a MULTICAL 601: its logger top module at 7F (A0..A3) ---
"$KMPSIM" --dump-logger day --profile multical601 --logger-time "$WHEN" >"$T/dump601.json"
start_sim m601 --pty --profile multical601 --no-pace --latency 5 --logger-time "$WHEN" \
	--log "$T/m601.jsonl"
"$KMPTERM" -d "$SIM_WHERE" -a 0x7F history --logger 1 -r 60,68,1003 --json \
	>"$T/m601.json" 2>"$T/m601.err"
check "the 601's logger module (-a 0x7F --logger 1): exit 0" test $? -eq 0
check "... every record of its log exactly" \
	"${CHECK[@]}" json "$T/dump601.json" "$T/m601.json" 60,68,1003 "log 1"
check "... asking only A1 and A2" "${CHECK[@]}" module-reads "$T/m601.jsonl"
"$KMPTERM" --timeout 300 -d "$SIM_WHERE" history --last 2 2>"$T/err"
check "B8 at the 601 itself: exit 1" test $? -eq 1
check "... pointing at the logger module" grep -q "a logger module at -a 0x7F" "$T/err"

# --- a meter without loggers (a map) ---
start_sim nolog --pty --no-pace --latency 5 --map tests/data/sim-good.map
"$KMPTERM" "${FAST[@]}" --timeout 300 -d "$SIM_WHERE" history 2>"$T/err"
check "a meter that never answers B8: exit 1" test $? -eq 1
check "... saying it may have no data logger" grep -q "no data logger" "$T/err"

# --- events ---
start_sim events "${SIMOPT[@]}" --log "$T/events.jsonl"
"$KMPTERM" "${FAST[@]}" -d "$SIM_WHERE" events >"$T/events.out"
check "events exits 0" test $? -eq 0
check "events: the four bytes and the named flag" \
	bash -c "grep -q 'ES0..ES3: 00 00 01 00' '$T/events.out' && grep -q 'es2_interval_log_unread' '$T/events.out'"
"$KMPTERM" "${FAST[@]}" -d "$SIM_WHERE" events --json >"$T/events.json"
check "events --json" grep -q '^{"event_status":\[0,0,1,0\],"flags":\[{"name":"es2_interval_log_unread","text":"ES2: the interval log has unread records","known":true}\]}$' "$T/events.json"
check "events sent GetEventStatus only" \
	bash -c "[ \$(grep -c '\"event\":\"request\"' '$T/events.jsonl') -eq 2 ] && ! grep '\"event\":\"request\"' '$T/events.jsonl' | grep -vq '\"command\":\"GetEventStatus\"'"
finish
