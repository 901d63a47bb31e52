#!/usr/bin/env bash
# View 3 (Align) in tmux at 80x24, against a kmpsim whose alignment quality
# the test changes at run time through its --quality-file: quality 100
# shows GOOD, 0 with an echoing head shows ECHO ONLY within two seconds and
# the 1.6 s pause, 50 lets some replies through, 100 again recovers.
# Without --echo, quality 0 is SILENT.  Under --sim the arrows move the
# head off the window.  Waits poll the screen (bounded), never sleep.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-tui.sh"
# quality Q: what kmpsim_quality_write does, a rename so no half number is read
quality() { printf '%s\n' "$1" >"$T/q.tmp" && mv "$T/q.tmp" "$T/q"; }
# within SECONDS REGEX: the screen shows REGEX within SECONDS of now
within() {
	local t0=$(date +%s%N)
	wait_text "$1" "$2" || return 1
	echo "   ($(( ($(date +%s%N) - t0) / 1000000 )) ms)"
}

# --- an echoing head on a simulator the test steers -----------------------
quality 100
start_sim meter --pty --no-pace --echo --quality-file "$T/q" --link "$T/meter"
start_tui NO_COLOR=1 -- -d "$T/meter"
check "the terminal starts" wait_text 20 'connected'
keys 3
check "view 3: quality 100 is GOOD" wait_text 10 'GOOD +last 20 probes / 5 s'
check "view 3: smoothed high too" wait_text 5 'smoothed (9[0-9]|100) %'
check "view 3: the probes get replies" has 'last: OK x[0-9]+'
check "view 3: GetSerialNo with the short timeout" has 'GetSerialNo, timeout 400 ms'
check "view 3: the bars give their rate" has 'last 20 +\[.*\] +(9[0-9]|100) % of [0-9]+'
check "the header says the poller waits" has 'poll: waits for the alignment'
check "the header says who has the link" has 'link: alignment'
check "the view says it too" has 'register polling held while this view probes'
check "the screen fits 80x24 (hint and bell rows shown)" has '^bell off'

quality 0
check "quality 0 with echo: ECHO ONLY within 2 s" within 2 'last: ECHO ONLY'
check "quality 0: the verdict drops to BAD at once, saying why" wait_text 2 'BAD +falling: probes fail'
check "quality 0: the 1.6 s pause is said on screen" wait_text 3 'waiting: 1\.6 s pause after a failure \(next probe in [0-9.]+ s\)'
# while replies got through in the last 5 s the hint is "partly aligned"
check "quality 0: then the hint is about the echo" wait_text 8 "hint: only the head's own echo comes back"
check "quality 0: ECHO ONLY counted" has 'ECHO ONLY [1-9]'
check "quality 0: the big figure is BAD once the 5 s window is past" wait_text 7 'BAD +last 20 probes / 5 s'
check "quality 0: no reply counted as OK since" bash -c "! tmux -L '$S' capture-pane -p -t kt | grep -q 'last: OK'"

# At quality 50 each probe gets its reply with chance 1/2, and a failed
# probe costs its 0.4 s timeout and the 1.6 s pause: 15 s held about 7
# probes, all failing once in 128 runs (seen once).  40 s holds about 20
# (once in a million); the wait ends at the first OK.
quality 50
check "quality 50: some replies get through again" within 40 'last: OK'
quality 100
check "quality 100 again: GOOD within a few probes" wait_text 10 'GOOD +last 20 probes / 5 s'

keys b
check "b: the bell is on, and says so" wait_text 5 'bell ON'
keys b
check "b again: off" wait_text 5 'bell off'

keys 1
check "view 1: polling resumes when the view closes" wait_text 10 'poll every|poll: reading'
check "view 1: no longer held" bash -c "! tmux -L '$S' capture-pane -p -t kt | grep -q 'waits for the alignment'"
quit_tui
check "q exits 0" test "$(cat "$T/exit" 2>/dev/null)" = 0
check "nothing on stderr" test ! -s "$T/stderr"

# --- no echo: quality 0 is silence ----------------------------------------
start_sim silent --pty --no-pace --quality 0 --link "$T/silent"
start_tui NO_COLOR=1 -- -d "$T/silent"
wait_text 20 'connected|waiting for' >/dev/null
keys 3
check "quality 0 without echo: SILENT" wait_text 10 'last: SILENT'
check "SILENT: the hint says nothing comes back" wait_text 3 'hint: nothing comes back'
check "SILENT: no echo counted" has 'ECHO ONLY 0'
quit_tui
check "q exits 0 (silent meter)" test "$(cat "$T/exit" 2>/dev/null)" = 0

# --- --sim: the arrows move the head ---------------------------------------
start_tui NO_COLOR=1 -- --sim --sim-args "--no-pace --echo"
wait_text 20 'connected' >/dev/null
keys 3
check "--sim: the head over the window is drawn" wait_text 10 '\[\]head'
check "--sim: the footer names the arrows" has 'arrows move the head'
check "--sim: GOOD on the sweet spot" wait_text 10 'GOOD +last 20 probes'
for _ in 1 2 3 4 5 6; do keys Right; done
check "--sim: six steps right is off the window" wait_text 5 'head \+6,\+0: quality 0 %'
# within 5: the probe in flight while the head passes the window's edge can
# come back cut off, and its wait and 1.6 s pause come first (2.3 s seen)
check "--sim: off the window only the echo comes back" within 5 'last: ECHO ONLY'
keys c
check "--sim: c brings it back to the sweet spot" wait_text 5 'head \+0,\+0: quality 100 %'
check "--sim: replies again" wait_text 10 'last: OK'
quit_tui
check "q exits 0 (--sim)" test "$(cat "$T/exit" 2>/dev/null)" = 0
check "nothing on stderr (--sim)" test ! -s "$T/stderr"

finish
