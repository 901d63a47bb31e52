#!/usr/bin/env bash
# View 4 (Scan) in tmux at 80x24, against kmpsim with the scan test map:
# --scan-range presets the range, s asks its known IDs first (the view
# says "known IDs: N/N"), f the rest of the range in the same file (the
# view says "rest of range"), the summary and the found
# IDs on screen are exactly the map's in 0..2000 (discoveries marked), e
# writes a CSV in the scan --out format that holds them with their exact
# values; q during a scan asks first; a silent meter (quality 0 through
# kmpsim's --quality-file) pauses the scan and the view says why, s goes
# on, x stops it; the meter saw nothing but reads.  Waits poll the screen
# (bounded), never sleep.
. "$(dirname "$0")/lib.sh"
TUI_DIR=$T # where e writes its CSV
. "$(dirname "$0")/lib-tui.sh"

MAP=tests/data/scan-test.map
quality() { printf '%s\n' "$1" >"$T/q.tmp" && mv "$T/q.tmp" "$T/q"; }

# the map's registers in 0..2000: "ID VALUE", sorted by ID
map_in_range() {
	grep -v '^#' "$MAP" | awk 'NF>=4 {print $1, $4}' | while read -r id v; do
		id=$((id))
		[ "$id" -le 2000 ] && printf '%d %s\n' "$id" "$v"
	done | sort -n
}
# the found table on screen: "ID VALUE" of each row, the value read at
# the columns of the VALUE heading (names and units hold spaces)
screen_rows() {
	screen | awk '
		!h && / ID NAME / { h = 1; end = index($0, "VALUE") + 4; next }
		h && $1 ~ /^[0-9]+$/ || h && $2 ~ /^[0-9]+$/ {
			id = ($1 ~ /^[0-9]+$/) ? $1 : $2
			n = split(substr($0, 1, end), f, " ")
			print id, f[n]
		}' | sort -n
}
only_reads() {
	grep -q '"event":"request"' "$1" &&
		! grep '"event":"request"' "$1" | grep -Ev '"command":"(GetRegister|GetType|GetSerialNo)"' | grep -q .
}

map_in_range >"$T/want"
check "the map has 9 registers in 0..2000" test "$(wc -l <"$T/want")" -eq 9

quality 100
# 115200 baud on both sides: no reply can come before the request's last
# byte would have arrived, which at 1200 baud would make 251 requests last
# over a minute
start_sim meter --pty --baud 115200 --no-pace --latency 0 --quality-file "$T/q" --map "$MAP" --log "$T/sim.jsonl"
start_tui LC_ALL=C NO_COLOR=1 -- --timeout 100 -b 115200 -d "$SIM_WHERE" --scan-range 0-2000
check "the terminal starts" wait_text 20 'connected'
keys 4
check "--scan-range presets the range" wait_text 5 'Range 0\.\.2000 \(2001 IDs\)'
check "the view says how to start" has 's +start: the IDs public sources name first, then f asks the rest'
check "the footer has the view's keys" has 's known IDs first +f whole range +r range'
check "without --family: every family's known IDs" has 'known IDs and names: all families'
KNOWN=$(screen | sed -n 's/.*Range 0\.\.2000 (2001 IDs), \([0-9][0-9]*\) of them known.*/\1/p' | head -n 1)
check "the intro counts the known IDs of the range" test "${KNOWN:-0}" -gt 100 -a "${KNOWN:-0}" -lt 2001

# --- the known IDs of 0..2000, then the rest ----------------------------
status_says() { screen | tail -n 2 | tr -d '\n' | grep -Eq -- "$1"; }
keys s
check "s asks the known IDs first: the summary comes" wait_text 60 "Known IDs done: [0-9]+ registers among $KNOWN known IDs of 0\.\.2000\."
check "the view says which pass it was" has "Known IDs of 0\.\.2000 \($KNOWN\)"
check "the bar counts the known IDs" has "\] 100\.0%  known IDs: $KNOWN/$KNOWN"
check "... and offers the rest, one key away" status_says "f asks the rest of 0\.\.2000 \($((2001 - KNOWN)) IDs"
screen_rows >"$T/got.known"
check "the known pass found some of the map's registers" grep -qx '60 4567.89' "$T/got.known"
check "... but not 0 and 7, which no public table names" bash -c "! grep -Eq '^(0|7) ' '$T/got.known'"
check "the known pass was saved as it went" status_says 'saved in ?\./kmpterm-scan-[0-9]{8}-[0-9]{6}\.csv'
keys f
check "f asks the rest of the range: the summary comes" wait_text 60 'Done: 9 registers in 0\.\.2000, 3 of them discoveries'
check "DONE, every ID settled" has 'DONE'
check "the bar is full at 2001/2001 for the rest of the range" has '\] 100\.0%  rest of range: 2001/2001 IDs'
check "the view says which pass it was" has 'Rest of 0\.\.2000 \(2001 IDs\)'
REQ=$(( (KNOWN + 7) / 8 + (2001 - KNOWN + 7) / 8 ))
check "counts: found, requests of both passes (no ID asked twice), no failure" has "found 9 \(3 discoveries\) +requests $REQ +failures 0"
screen_rows >"$T/got"
# the date and the clock show in their own form on screen, as in view 1
sed -e 's/^123 220901$/123 2022-09-01/' -e 's/^1002 200243$/1002 20:02:43/' "$T/want" >"$T/want.screen"
check "the IDs and values on screen are the map's in 0..2000" diff "$T/want.screen" "$T/got"
check "discoveries are marked" bash -c "tmux -L '$S' capture-pane -p -t kt | grep -Ec '^.{0,2} +[078] \(discovery\) ' | grep -qx 3"
check "known IDs have their names" has '^.{0,2} +60 Heat energy E1 +4567\.89 GJ +4 yes$'
check "special units show in their form" has '^.{0,2} +123 Max flow date, year +2022-09-01 +4'
# the status line (wrapped onto the footer's row when long)
check "the status line says view 1 polls again" status_says 'scan done in .*view 1 polls again'

check "the scan was saved as it went, in the file the status line names" status_says 'saved in ?\./kmpterm-scan-[0-9]{8}-[0-9]{6}\.csv'
check "both passes went to one file" test "$(ls "$T"/kmpterm-scan-*.csv 2>/dev/null | wc -l)" -eq 1
CSV=$(ls "$T"/kmpterm-scan-*.csv 2>/dev/null | head -n 1)
check "the saved file is there" test -s "$CSV"
cp "$CSV" "$T/saved.csv"
cp "$CSV.journal" "$T/saved.csv.journal.orig"
keys e
check "e says where it wrote the CSV (a name of its own)" wait_text 5 'wrote 9 registers to \./kmpterm-scan-[0-9]{8}-[0-9]{6}(-[0-9]+)?\.csv'
CSV=$(ls -t "$T"/kmpterm-scan-*.csv 2>/dev/null | head -n 1)
# the saved file has the rest pass's rows after the known pass's; e's is
# in ID order
check "e's file and the saved one hold the same rows" diff <(sort "$T/saved.csv") <(sort "$CSV")
check "the CSV exists" test -s "$CSV"
check "CSV header as scan --out" test "$(head -n 1 "$CSV")" = $'id,name,value,unit,unit_name,text,length,serial,meter_type\r'
PY=$(command -v /usr/bin/python3 || command -v python3)
"$PY" -c 'import csv,sys
for r in csv.DictReader(open(sys.argv[1], newline="")): print(r["id"], r["value"])' "$CSV" | sort -n >"$T/csv"
check "the CSV holds the map's registers with exact values" diff "$T/want" "$T/csv"
check "CSV quotes a name with a comma, shows the date" grep -q '^123,"Max flow date, year",220901,48,yy:mm:dd,2022-09-01,4,' "$CSV"
check "CSV: a discovery has an empty name" grep -q '^7,,0.0,22,kW,0.0,1,' "$CSV"
check "CSV: data rows only" bash -c "! grep -q '^#' '$CSV'"
# the journal of e's file is compact; the saved one has a line per batch
# after the known pass's: together they settle every ID of the range
settled() {
	"$PY" -c 'import sys
ids = set()
for line in open(sys.argv[1]):
    w = line.split()
    if len(w) >= 2 and w[0] == "done":
        for part in w[1].split(","):
            a, _, b = part.partition("-")
            ids.update(range(int(a), int(b or a) + 1))
sys.exit(0 if ids == set(range(2001)) else 1)' "$1"
}
check "its journal: every ID of the range is settled" grep -qx 'done 0-2000' "$CSV.journal"
check "the saved file's journal: both passes settle every ID of the range" settled "$T/saved.csv.journal.orig"

# --- the whole range: q asks, a silent meter pauses, x stops ------------
keys r
check "r opens the range prompt" wait_text 5 'Scan range, now 0-2000'
keys 70000 Enter
check "70000 is refused, the prompt stays" wait_text 5 '70000 is not a register ID \(0\.\.65535\)'
keys C-u 0-65535 Enter
check "a new range" wait_text 5 'range 0\.\.65535 \(65536 IDs'
# f: the whole range, skipping the 2001 IDs settled above
keys f
check "the full range runs" wait_text 10 'RUNNING'
check "... as the rest of it" has 'rest of range: [0-9]+/65536 IDs'
check "the header says the poller waits, and who has the link" bash -c "tmux -L '$S' capture-pane -p -t kt | grep -q 'poll: waits for the scan' && tmux -L '$S' capture-pane -p -t kt | grep -q 'link: scan'"
keys q
check "q during a scan asks first" wait_text 5 'Quit anyway\? \(y/n\)'
keys n
check "n: the scan goes on" wait_text 5 'not quitting'
check "... still running" has 'RUNNING'
check "the terminal did not exit" test ! -e "$T/exit"

quality 0
check "a silent meter pauses the scan" wait_text 60 'PAUSED'
check "the view says why" has 'Paused: the meter stopped answering'
check "... and what to do" has 'asleep.*|head moved\?'
check "... and how to go on" has 's resumes, x stops'
quality 100
keys s
check "s resumes" wait_text 10 'RUNNING'
keys x
check "x stops the scan" wait_text 10 'STOPPED'
check "the view says what is kept" has 'Stopped at ID [0-9]+ with [0-9]+ of 65536 IDs settled'
tmux -L "$S" capture-pane -p -t kt >"$T/stopped.txt"
keys q
wait_for 10 test -s "$T/exit"
check "q after the scan exits at once, status 0" test "$(cat "$T/exit" 2>/dev/null)" = 0
check "nothing on stderr (no sanitizer report)" test ! -s "$T/stderr"
check "the simulated meter saw only reads" only_reads "$T/sim.jsonl"

finish
