#!/usr/bin/env bash
# View 6 (History) in tmux against kmpsim's loggers: at 80x24 s reads the
# whole day logger (pausable: s pauses and resumes), the rows on screen at
# both ends of the table are the records `kmpterm history --json` reads
# from the same simulated meter (log IDs, dates, exact values), c draws the
# chart of register 60 with its exact smallest and largest values and the
# dates, q asks while the records are unexported, e writes a CSV that
# python's csv module loads and that is byte for byte the file `history
# --out` writes; at 120x40 a reading is stopped with x, then the newest 30
# records are read with the table and the chart on one screen; a MULTICAL
# 601's logger module (-a 0x7F) is read with A1/A2 once its registers are
# given; the simulated meters saw only reads.  Waits poll the screen (bounded).
. "$(dirname "$0")/lib.sh"
TUI_DIR=$T # where e writes its CSV
. "$(dirname "$0")/lib-tui.sh"
PY=$(command -v /usr/bin/python3 || command -v python3) || { echo "python3 is missing (make deps installs it)"; exit 77; }
CHECK=("$PY" "$PWD/tests/e2e/tui_history_check.py")
WHEN=2026-11-28T12:30
FAST=(-b 115200)

# the tab of the History view: its number is the table's, whichever
# views come before it
history_key() { screen | sed -n 3p | grep -Eo '[0-9] History' | cut -c1; }

# 20 ms a reply: the whole read lasts about 2 s, so the pause and stop keys
# land while it runs even on a loaded machine (at no latency it was 0.6 s)
start_sim meter --pty --baud 115200 --no-pace --latency 20 --logger-time "$WHEN" --log "$T/sim.jsonl"
start_tui LC_ALL=C NO_COLOR=1 -- --timeout 100 "${FAST[@]}" -d "$SIM_WHERE"
check "the terminal starts" wait_text 20 'connected'
K=$(history_key)
check "a History tab" test -n "$K"
keys "$K"
check "the view shows the choice: the day logger" wait_text 5 'Logger: day \(B8\)'
check "... every register it holds" has 'Registers: every one the logger holds'
check "the footer has the view's keys" has 's read +l logger +r registers +n newest N'

# --- the whole day logger, paused once on the way --------------------------
keys s
check "s reads: RUNNING" wait_text 10 'RUNNING'
keys s
check "s pauses" wait_text 10 'PAUSED'
check "... saying so and how to go on" has 'Paused by you\. s resumes, x stops'
check "the header says who has the link" has 'link: history'
keys s
check "s resumes" wait_text 10 'RUNNING'
check "the reading ends: DONE" wait_text 120 'DONE'
check "every record read" has '\] 100\.0%  460/460 records'
check "the summary" has 'Done: 460 records\. e saves them as CSV\.'
check "the footer after it" has 'e export +c chart'
screen >"$T/top.txt"
keys End
check "End: the oldest record" wait_text 5 '^>   1001 2025-08-26 00:00:00'
screen >"$T/bottom.txt"

# --- the chart -------------------------------------------------------------
keys c
check "c draws the chart of register 60" wait_text 5 'Chart of 60 Heat energy E1 \(GJ\), 460 records'
screen >"$T/chart.txt"

# --- q asks while the records are unexported -------------------------------
keys q
check "q asks first" wait_text 5 'History records not exported \(e in view 6 saves them\)\. Quit anyway\? \(y/n\)'
keys n
check "n: it stays" wait_text 5 'not quitting'
check "... running" test ! -e "$T/exit"

keys e
check "e says where it wrote the CSV" wait_text 5 'wrote 460 records to \./kmpterm-history-[0-9]{8}-[0-9]{6}\.csv'
CSV=$(ls "$T"/kmpterm-history-*.csv 2>/dev/null | head -n 1)
check "the CSV exists" test -s "$CSV"
keys q
exited
check "q after the export exits at once, status 0" test "$(cat "$T/exit" 2>/dev/null)" = 0
check "nothing on stderr (no sanitizer report)" test ! -s "$T/stderr"

# --- the same meter through the batch command ------------------------------
"$KMPTERM" "${FAST[@]}" -d "$SIM_WHERE" history --json >"$T/got.json" 2>"$T/got.err"
check "history --json on the same meter exits 0" test $? -eq 0
check "the rows at the top of the table are its records" "${CHECK[@]}" rows "$T/top.txt" "$T/got.json"
check "... 13 of them at 80x24" test "$("${CHECK[@]}" rows "$T/top.txt" "$T/got.json")" = 13
check "the rows at the bottom too" "${CHECK[@]}" rows "$T/bottom.txt" "$T/got.json"
read -r LO HI < <("${CHECK[@]}" minmax "$T/got.json" 60)
check "the chart's largest value is the largest of register 60 ($HI)" grep -q "^ *$HI" "$T/chart.txt"
check "... and its smallest ($LO)" grep -q "^ *$LO" "$T/chart.txt"
check "... over the first and the last record's dates" grep -Eq '2025-08-26 .*2026-11-28' "$T/chart.txt"
check "... in bars" grep -q '###' "$T/chart.txt"
"$KMPTERM" "${FAST[@]}" -d "$SIM_WHERE" history --out "$T/cli.csv" >/dev/null 2>&1
check "history --out on the same meter exits 0" test $? -eq 0
# the same header and rows; history --out writes them as they arrive (the
# oldest comes with the first probe), the export newest first
check "the export has the header of history --out" test "$(head -n 1 "$CSV")" = "$(head -n 1 "$T/cli.csv")"
tail -n +2 "$CSV" | sort >"$T/export.rows"
tail -n +2 "$T/cli.csv" | sort >"$T/cli.rows"
check "... and byte for byte its rows" cmp "$T/export.rows" "$T/cli.rows"
check "... newest first" test "$(sed -n 2p "$CSV" | cut -d, -f1)" = 1460
"$PY" -c 'import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
assert len(rows) == 460, len(rows)
assert rows[0]["log_id"] == "1460" and rows[0]["348_text"] == "2026-11-28 00:00:00", rows[0]
assert rows[0]["60"] == "1233.501" and rows[0]["60_text"] == "1233.501 GJ", rows[0]
assert len({r["log_id"] for r in rows}) == 460' "$CSV"
check "python's csv module loads the export: 460 rows, each once" test $? -eq 0
check "its journal lists them" grep -qx 'done 1001-1460' "$CSV.journal"

# --- 120x40: x stops a reading; the newest 30 with the table and the chart --
TUI_SIZE=120x40
start_tui LC_ALL=C NO_COLOR=1 -- --timeout 100 "${FAST[@]}" -d "$SIM_WHERE"
check "the terminal starts at 120x40" wait_text 20 'connected'
keys "$(history_key)"
check "the view" wait_text 5 'Logger: day'
keys s
check "s reads" wait_text 10 'RUNNING'
check "records arrive" wait_text 20 '^>   1460 2026-11-28'
keys x
check "x stops the reading" wait_text 10 'STOPPED'
check "... keeping what was read" has 'Stopped with [0-9]+ records read: e saves them, s reads again\.'
check "... and gives the link back to view 1" wait_text 5 'history stopped: .*view 1 polls again'
keys n
check "n opens the newest-N prompt" wait_text 5 'Newest N records \(empty: all\):'
keys 30 Enter
check "the newest 30" wait_text 5 'the newest 30 records: s starts'
keys s
check "the newest 30 read" wait_text 60 '\] 100\.0%  30/30 records'
check "the table and the chart on one screen" bash -c "tmux -L '$S' capture-pane -p -t kt | grep -q 'LOG ID DATE' && tmux -L '$S' capture-pane -p -t kt | grep -q 'Chart of 60 Heat energy E1 (GJ), 30 records'"
check "every value column fits at 120 columns" has 'columns 1-6 of 6'
check "the table shows 1460 down to 1431 by scrolling: first rows" has '^>   1460 2026-11-28 00:00:00 1233\.501 GJ'
keys q
check "q with records not exported asks" wait_text 5 'Quit anyway\? \(y/n\)'
keys y
exited
check "y quits, status 0" test "$(cat "$T/exit" 2>/dev/null)" = 0
check "nothing on stderr at 120x40" test ! -s "$T/stderr"

# --- a MULTICAL 601's logger module (-a 0x7F): A1/A2, registers given ----------
# its UART model hears 1200 baud only: the default line settings
start_sim m601 --pty --no-pace --latency 0 --profile multical601 --logger-time "$WHEN" --log "$T/m601.jsonl"
TUI_SIZE=80x24
start_tui LC_ALL=C NO_COLOR=1 -- --timeout 400 -a 0x7F -d "$SIM_WHERE"
check "the terminal starts on the module" wait_text 20 'connected'
keys "$(history_key)"
check "-a 0x7F: the module's log 1" wait_text 5 'Logger: log 1 \(logger module, A0\.\.A3\)'
keys s
check "s without registers says the module cannot list them" wait_text 5 'r sets them'
keys r 1003,60,68 Enter n 10 Enter s
check "the newest 10 records of log 1" wait_text 60 '\] 100\.0%  10/10 records'
check "... dated by 1003, with exact values" has '^>   1460 2026-11-28 1233\.501 GJ 8758\.33 m3'
keys q y
exited
check "quit after y, status 0" test "$(cat "$T/exit" 2>/dev/null)" = 0
check "the module saw only reads (A1, A2 and the terminal's own reads)" "${CHECK[@]}" reads "$T/m601.jsonl"
check "... A2 among them" grep -q '"command":"GetLogIdPresent"' "$T/m601.jsonl"

check "the simulated meter saw only reads" "${CHECK[@]}" reads "$T/sim.jsonl"
check "... and was asked for its day logger" grep -q '"subcommand":"GetLogIDPastAbs","logger":"day"' "$T/sim.jsonl"

finish
