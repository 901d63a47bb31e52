#!/usr/bin/env bash
# View 5, "Identify" (issue 12), driven in tmux: against a simulated 382
# at 9600 8N1 (the terminal starts at 1200 8N2) each try shows as it ends,
# the verdict names 9600 8N1 and the terminal goes on reading at them
# with no other key; a meter asleep behind an echoing head gets echo-only
# with its hint and the line back at the terminal's settings; s stops a
# run and puts the line back; over TCP it classifies only and names the
# ser2net line.  The simulators' logs show read requests only.  Waits poll
# the screen (bounded), never sleep.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-tui.sh"

hdr_says() { screen | head -n 1 | grep -Eq -- "$1"; }
status_says() { screen | tail -n 2 | tr '\n' ' ' | grep -Eq -- "$1"; }
# only_reads LOG: the simulator logged requests, every one a read
only_reads() {
	grep -q '"event":"request"' "$1" && ! grep -q '"write":true' "$1" &&
		! grep '"event":"request"' "$1" | grep -vqE '"command":"(GetType|GetSerialNo|GetRegister|/#1|/#2)"'
}

# --- a 382 at 9600 8N1: found, and read at them afterwards ---------------------
export TMPDIR=$T
start_tui -- --sim --sim-args "--profile k382 --log $T/k382.jsonl" -r 1,2
check "the terminal starts at 1200 8N2: the 382 does not answer" wait_text 20 'NOT ANSWERING since'
keys 5
check "5: identify runs" wait_text 5 'identify: running [0-9.]+ s'
check "... owning the link" has 'link: identify'
check "each try shows as it ends, before the verdict" \
	wait_for 15 bash -c "tmux -L '$S' capture-pane -p -t kt | grep -Eq '1  1200 8N2 +KMP +silent' && ! tmux -L '$S' capture-pane -p -t kt | grep -q 'verdict'"
check "the verdict: 9600 8N1" wait_text 25 'verdict +kmp: a KMP meter answers at 9600 8N1'
check "the meter named: serial and family" bash -c "tmux -L '$S' capture-pane -p -t kt | grep -Eq 'serial +5601234' && tmux -L '$S' capture-pane -p -t kt | grep -Eq 'family +electricity'"
check "the terminal now reads at 9600 8N1" has 'line +the terminal now reads at 9600 8N1 \(it started at 1200 8N2\)'
check "the link is handed back" wait_for 5 bash -c "! tmux -L '$S' capture-pane -p -t kt | grep -q 'link: identify'"
keys Down Down Down Down Down
check "the config lines (scrolled to)" wait_text 5 'baud = 9600'
keys 1
check "view 1 reads at the settings found, no other key" wait_for 15 hdr_says 'connected . answering'
check "... values of the 382" wait_text 15 '^.{0,3} +1 .* ok$'
quit_tui
check "q exits 0" test "$(cat "$T/exit" 2>/dev/null)" = 0
check "nothing on stderr" test ! -s "$T/stderr"
check "the simulator heard read requests only" only_reads "$T/k382.jsonl"

# --- asleep behind an echoing head: echo-only, and the line back -----------------
start_tui -- --sim --sim-args "--asleep --echo --log $T/echo.jsonl" -r 60
check "echo only before identify" wait_text 20 'ECHO ONLY since'
keys 5
check "identify: echo-only after the sweep" wait_text 30 'verdict +echo-only: only the head.s echo comes back'
check "... its hint: wake the meter, or align" has 'hint +Only the head.s echo comes back'
check "... the line back at 1200 8N2" has 'line +nothing answered: the line is back at 1200 8N2'
check "... five tries: four KMP settings and the legacy protocol" has '5  300/1200 7E2 +legacy'
keys B
check "woken: the terminal reads again with no other key" wait_for 20 hdr_says 'connected . answering'
quit_tui
check "q exits 0 (echo only)" test "$(cat "$T/exit" 2>/dev/null)" = 0
check "the simulator heard read requests only (the legacy /#1 included)" only_reads "$T/echo.jsonl"
# the sleeping meter logs what it could not take as bytes: "/#1" among them
check "... the legacy /#1 reached the meter (as bytes: it sleeps)" grep -q '"raw":"2f2331"' "$T/echo.jsonl"

# --- s stops a run: the line goes back -----------------------------------------
start_tui -- --sim --sim-args "--asleep" -r 60
wait_text 20 'NOT ANSWERING since' >/dev/null
keys 5
check "identify runs" wait_text 5 'identify: running'
check "... reaches another setting" wait_text 15 '1  1200 8N2 +KMP +silent'
keys s
check "s: stopped, the line goes back" wait_text 10 'line +stopped: the line goes back to 1200 8N2'
check "... no verdict" has 'verdict +none: stopped before the end'
keys r
check "... r runs it again" wait_text 5 'identify: running'
keys 1
check "leaving the view stops it" wait_for 5 bash -c "! tmux -L '$S' capture-pane -p -t kt | grep -q 'link: identify'"
quit_tui
check "q exits 0 (stopped)" test "$(cat "$T/exit" 2>/dev/null)" = 0

# --- over TCP: classify only ----------------------------------------------------
start_sim tcp --tcp 0 --profile multical403 --log "$T/tcp.jsonl"
start_tui -- -d "socket://127.0.0.1:$SIM_WHERE" -r 60
check "TCP: connected" wait_text 20 'connected'
keys 5
check "TCP: one try at the bridge's settings" wait_text 15 "1  the bridge's +KMP +answer"
check "TCP: the verdict" wait_text 10 'verdict +kmp: a KMP meter answers$'
check "TCP: nothing changed" has "line +over TCP the serial settings are the bridge's: nothing was changed"
check "TCP: a single try" bash -c "! tmux -L '$S' capture-pane -p -t kt | grep -Eq '^ +2  '"
keys Down Down Down Down Down Down Down Down
check "TCP: the ser2net line" wait_text 5 'ser2net +connector: serialdev,/dev/ttyUSB0,1200n82'
quit_tui
check "q exits 0 (TCP)" test "$(cat "$T/exit" 2>/dev/null)" = 0
check "TCP: the simulator's line settings never changed" bash -c "! grep -q '\"event\":\"line\"' '$T/tcp.jsonl' || [ \$(grep -c '\"event\":\"line\"' '$T/tcp.jsonl') -le 1 ]"

finish
