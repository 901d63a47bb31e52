#!/usr/bin/env bash
# The terminal's dead ends of the field trial (issue 10), driven in tmux:
# the built-in simulator killed (-9) is started again and read again; with
# --sleep-after its optical port sleeps and B (the meter's button) wakes
# it; a device that is a regular file is given up on and one that is
# missing is waited for, each said once with what to try; a --log that
# cannot be written is said in the status line; the scratch directory of
# --sim is gone after q.  Waits poll the screen (bounded), never sleep.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-tui.sh"

# the simulator: the child of kmpterm (the pane runs a shell, kmpterm, and
# kmpterm forks kmpsim)
sim_pid() {
	local pane term
	pane=$(tmux -L "$S" list-panes -t kt -F '#{pane_pid}')
	term=$(pgrep -P "$pane" | head -n 1)
	[ -n "$term" ] && pgrep -P "$term" | head -n 1
}
# status_says REGEX: the status line, joined with the footer's row it may
# wrap into, matches
status_says() { screen | tail -n 2 | tr '\n' ' ' | grep -Eq -- "$1"; }
row60_ok() { has '^.{0,3} +60 Heat energy E1 +\*?[0-9.]+ GJ .* ok$'; }

# --- killed: started again ------------------------------------------------
export TMPDIR=$T
start_tui -- --sim -r 60,68 --interval 1
check "--sim: register 60 read" wait_for 20 row60_ok
SIM=$(sim_pid)
check "the simulator runs as a child" test -n "$SIM"
kill -9 "$SIM"
check "killed: the terminal says so and starts a new one" \
	wait_text 10 'simulator was killed by signal 9'
check "the new simulator is read again" wait_text 15 '(●|\+) connected'
check "a new simulator process" bash -c "p=\$(pgrep -P \$(pgrep -P \$(tmux -L '$S' list-panes -t kt -F '#{pane_pid}') | head -n 1) | head -n 1); [ -n \"\$p\" ] && [ \"\$p\" != '$SIM' ]"
check "values are read again after the restart" wait_for 15 row60_ok
quit_tui
check "q exits 0" test "$(cat "$T/exit" 2>/dev/null)" = 0
check "nothing on stderr" test ! -s "$T/stderr"
check "the scratch directory is gone" bash -c "! ls -d '$T'/kmpterm-sim.* 2>/dev/null | grep -q ."

# --- asleep: B wakes it -----------------------------------------------------
start_tui -- --sim --sim-args "--sleep-after 2" -r 60 --interval 5
check "--sleep-after: read while awake" wait_for 20 row60_ok
keys r
check "asleep: the read fails" wait_text 20 '^.{0,3} +60 Heat energy E1 .* no answer$'
keys B
check "B: the button is pressed" wait_text 5 "pressed the simulated meter's button"
keys r
check "awake again: read ok" wait_for 15 row60_ok
quit_tui
check "q exits 0 (sleeping meter)" test "$(cat "$T/exit" 2>/dev/null)" = 0

# --- devices that cannot work, or are not there -------------------------------
: >"$T/regular_file"
start_tui -- -d "$T/regular_file"
check "a regular file: given up on, said in the header" \
	wait_text 10 "gave up on $T/regular_file"
check "... and in the status line, with what to try" \
	status_says 'error: .*not +a +serial +port +\(try +kmpterm +ports\); +not +retrying +\(q +quits\)'
quit_tui
check "q exits 0 (regular file)" test "$(cat "$T/exit" 2>/dev/null)" = 0
start_tui -- -d "$T/ttyUSB7"
check "a missing device: waited for" wait_text 10 "waiting for $T/ttyUSB7"
check "... said once in the status line, with what to try" status_says \
	'error: .*ttyUSB7: no such device +\(plugged +in\? +try +kmpterm +ports\); +it +is +opened +as +soon +as +it +can +be'
quit_tui
check "q exits 0 (missing device)" test "$(cat "$T/exit" 2>/dev/null)" = 0

# --- a --log that cannot be written -----------------------------------------
start_tui -- --sim -r 60 --log /dev/full
check "--log /dev/full: said in the status line" \
	wait_text 15 'error: cannot write the --log file /dev/full: No space left on device'
check "the terminal goes on reading" wait_for 15 row60_ok
quit_tui
check "q exits 0 (--log /dev/full)" test "$(cat "$T/exit" 2>/dev/null)" = 0

finish
