#!/usr/bin/env bash
# Issue 14's terminal side and issue 13's flags, in tmux at 80x24 against
# kmpsim: view 4 saves its scan as it goes, and q after a finished scan
# that no file holds (its directory is gone) asks before quitting; view 1's
# record key appends read --csv's rows every round, a meter that stops
# answering adds no row and does not stop the recording, the key again
# stops it; view 1's details of info bits 369 and info code 99 of a
# simulated MULTICAL 403 with a leak and a sensor error (--sim-args "--info
# leak,sensor-error") show the decoded flags.  Waits poll the screen
# (bounded), never sleep.
. "$(dirname "$0")/lib.sh"
mkdir -p "$T/gone"
TUI_DIR=$T/gone # the terminal's working directory, where view 4 saves
. "$(dirname "$0")/lib-tui.sh"

# the status line (wrapped at a space onto the footer's row when long: the
# rows join with that space again)
status_says() { screen | tail -n 2 | tr '\n' ' ' | grep -Eq -- "$1"; }

# 30 ms a reply: the scan's 38 requests last over a second, so its first
# message can be read before the last one replaces it (at no latency the
# scan was over in 0.24 s, before a loaded machine read the screen)
start_sim meter --pty --baud 115200 --no-pace --latency 30 --map tests/data/scan-test.map
start_tui LC_ALL=C NO_COLOR=1 -- --timeout 400 -b 115200 -d "$SIM_WHERE" --scan-range 0-300
check "the terminal starts" wait_text 20 'connected'

# --- a finished scan that could not be saved: q asks ----------------------
rmdir "$T/gone" # the working directory is gone: no file can be made in it
keys 4 f # f: every ID of the range at once (s asks the known IDs first)
# both from one look at the screen: the status line of the running scan
unsaved_and_why() { status_says 'UNSAVED: .*kmpterm-scan-[0-9-]+\.csv: '; }
check "the scan says at once that it runs unsaved, and why" wait_for 10 unsaved_and_why
check "the scan finishes" wait_text 30 'Done: [0-9]+ registers in 0\.\.300'
check "the last message says the results are not saved, and why" \
	status_says 'NOT saved: .*kmpterm-scan-[0-9-]+\.csv: .*; e exports'
keys q
check "q after a finished, unsaved scan asks" wait_text 5 "The scan's results are not saved.*Quit anyway\? \(y/n\)"
keys n
check "n: not quitting" wait_text 5 'not quitting'
check "the terminal did not exit" test ! -e "$T/exit"
keys q
check "q asks again" wait_text 5 'Quit anyway\? \(y/n\)'
keys y
exited
check "y quits, status 0" test "$(cat "$T/exit" 2>/dev/null)" = 0
check "nothing on stderr (no sanitizer report)" test ! -s "$T/stderr"
kill "$SIM_PID" 2>/dev/null

# --- view 1 records every round ------------------------------------------
mkdir -p "$T/rec"
TUI_DIR=$T/rec
quality() { printf '%s\n' "$1" >"$T/q.tmp" && mv "$T/q.tmp" "$T/q"; }
quality 100
start_sim rec --pty --baud 115200 --no-pace --latency 0 --quality-file "$T/q"
start_tui LC_ALL=C NO_COLOR=1 -- --timeout 100 --retries 0 -b 115200 --interval 1 -d "$SIM_WHERE"
check "the terminal starts" wait_text 20 'connected'
check "the first round is read" wait_text 10 ' 60 Heat energy E1 .* ok$'
keys c
check "c says where the rows go" wait_text 5 'recording every round to \./kmpterm-readings-[0-9]{8}-[0-9]{6}\.csv'
# the number of rows the status line says the file holds
rows_shown() { screen | grep -Eo 'REC \./kmpterm-readings-[0-9-]+\.csv: [0-9]+ rows?' | grep -Eo '[0-9]+ rows?$' | grep -Eo '^[0-9]+'; }
rows_at_least() { local n; n=$(rows_shown); [ -n "$n" ] && [ "$n" -ge "$1" ]; }
check "between messages the status line names the file and its rows" wait_for 15 rows_at_least 16
FILE=$(ls "$T"/rec/kmpterm-readings-*.csv | head -n 1)
check "the file exists" test -s "$FILE"

# a meter that stops answering: the rounds fail, no row, still recording
quality 0
check "the rounds fail" wait_text 10 'no answer'
N1=$(rows_shown)
failed_count() { screen | grep -Eo 'failed [0-9]+' | head -n 1 | grep -Eo '[0-9]+'; }
F1=$(failed_count)
more_failed() { local f; f=$(failed_count); [ -n "$f" ] && [ "$f" -ge $((F1 + 4)) ]; }
check "two more rounds fail" wait_for 20 more_failed
check "failed rounds add no row" test "$(rows_shown)" = "$N1"
check "... and the recording goes on" has 'REC \./kmpterm-readings-'
quality 100
check "answers again: rows again" wait_for 15 rows_at_least $((N1 + 8))
keys c
check "c again stops, saying how many rows" wait_text 5 'recording stopped: [0-9]+ rows in \./kmpterm-readings-'
N2=$(wc -l <"$FILE")
PY=$(command -v /usr/bin/python3 || command -v python3)
check "csv.DictReader reads read --csv's columns, every row complete" "$PY" -c '
import csv, re, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
assert rows, "no rows"
assert list(rows[0].keys()) == ["time","id","name","value","unit","unit_name","text"], rows[0].keys()
for r in rows:
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", r["time"]), r
    assert r["id"].isdigit() and r["value"] != "", r
e1 = [r for r in rows if r["id"] == "60"]
assert e1 and all(r["name"] == "Heat energy E1" and r["unit_name"] == "GJ" for r in e1), e1[:1]
' "$FILE"
check "pandas reads it with default options" "$PY" -c '
import pandas, sys
d = pandas.read_csv(sys.argv[1])
assert list(d.columns) == ["time","id","name","value","unit","unit_name","text"]
assert len(d) > 0
' "$FILE"
tx_count() { screen | grep -Eo 'TX [0-9]+' | head -n 1 | grep -Eo '[0-9]+'; }
TX1=$(tx_count)
more_tx() { local t; t=$(tx_count); [ -n "$t" ] && [ "$t" -ge $((TX1 + 4)) ]; }
check "the table polls on after the stop" wait_for 15 more_tx
check "stopped: no more rows" test "$(wc -l <"$FILE")" -eq "$N2"
quit_tui
check "q exits, status 0" test "$(cat "$T/exit" 2>/dev/null)" = 0
check "nothing on stderr (no sanitizer report)" test ! -s "$T/stderr"

# --- info-code flags in the details (issue 13) ----------------------------
start_tui LC_ALL=C NO_COLOR=1 -- --sim --sim-args "--profile multical403 --info leak,sensor-error --no-pace" --family multical403 -r 99,369 --interval 2
check "the simulated 403 answers" wait_text 20 ' 369 .* ok$'
keys j Enter
check "Enter on 369: its details" wait_text 5 'Register 369 \(0x0171\)'
check "the sensor error, by name" has '^ Flags +t1 above measuring range or disconnected +\[t1_above_range\]'
check "the leak, by name" has '^ +Pulse input A\(1\): leakage in the system +\[in_a1_leakage\]'
keys k
check "Up: register 99's details" wait_text 5 'Register 99 \(0x0063\)'
check "99 names the same sensor error (display digit 2)" has '^ Flags +t1 above measuring range'
check "... and the same leak (display digit 7)" has '^ +Pulse input A\(1\): leakage in the system'
check "a chart of the values this session follows" has '^ History +the last [0-9]+ of [0-9]+ reads this session'
quit_tui
check "q exits, status 0 (--sim)" test "$(cat "$T/exit" 2>/dev/null)" = 0
check "nothing on stderr (--sim)" test ! -s "$T/stderr"

finish
