#!/usr/bin/env bash
# The meter's state in the terminal (issue 12), driven in tmux against the
# built-in simulator: a meter asleep from the start shows NOT ANSWERING
# and the next step within 5 s of the first failed exchange (the --log
# trace says when that was); pressing its button (B) is the only key, and
# the values come by themselves at the next poll round; a meter that goes
# to sleep after answering is "asleep?" with the time it last answered;
# a head that only echoes says so and points at view 3.  Waits poll the
# screen (bounded), never sleep.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-tui.sh"

now_ns() { date +%s%N; }
row60_ok() { has '^.{0,3} +60 Heat energy E1 +\*?[0-9.]+ GJ .* ok$'; }
status_says() { screen | tail -n 2 | head -n 1 | grep -Eq -- "$1"; }
hdr_says() { screen | head -n 1 | grep -Eq -- "$1"; }
logged_timeout() { grep -q 'TIMEOUT' "$T/asleep.log" 2>/dev/null; }

# --- asleep from the start: the state and the hint, then B and no other key --
start_tui -- --sim --sim-args "--asleep" -r 60,68 --log "$T/asleep.log"
check "the first exchange fails (the trace says so)" wait_for 20 logged_timeout
t_fail=$(now_ns)
check "NOT ANSWERING in the header within 5 s of it" wait_for 5 hdr_says 'connected . NOT ANSWERING since [0-9]{2}:[0-9]{2}:[0-9]{2}'
check "... and the next step in the status line" wait_for 5 status_says 'no answer since [0-9:]{8}: press 5 to identify; polling goes on'
t_shown=$(now_ns)
echo "   shown $(((t_shown - t_fail) / 1000000)) ms after the first TIMEOUT was logged"
check "no value was made up" bash -c "! tmux -L '$S' capture-pane -p -t kt | grep -Eq ' 60 Heat energy E1 +[0-9]'"
keys B
check "B presses the simulated meter's button" wait_text 5 "pressed the simulated meter's button"
t_woke=$(now_ns)
check "woken: values come with no other key" wait_for 20 row60_ok
echo "   read $((($(now_ns) - t_woke) / 1000000)) ms after the button (poll interval 10 s)"
check "the header says answering, and the identity asked again" wait_for 10 hdr_says 'connected . answering . serial [0-9]+'
check "the comeback is said" wait_for 10 status_says 'the meter answers again \(not answering since [0-9:]{8}\)'
quit_tui
check "q exits 0" test "$(cat "$T/exit" 2>/dev/null)" = 0
check "nothing on stderr" test ! -s "$T/stderr"

# --- answered, then asleep: since when, and the button ------------------------
start_tui -- --sim --sim-args "--sleep-after 2" -r 60 --interval 5
check "--sleep-after: read while awake" wait_for 20 row60_ok
check "then asleep? with the time it last answered" wait_for 20 hdr_says 'asleep\? \(was answering until [0-9:]{8}\)'
check "... and the button as the next step" wait_for 5 status_says "was answering until [0-9:]{8}: asleep\? press the meter's front button \(B\)"
keys B
check "B: answering again without another key" wait_for 15 hdr_says 'connected . answering'
quit_tui
check "q exits 0 (asleep after answering)" test "$(cat "$T/exit" 2>/dev/null)" = 0

# --- only the echo: align ----------------------------------------------------
start_tui -- --sim --sim-args "--echo --asleep" -r 60
check "echo only: said in the header" wait_for 15 hdr_says 'ECHO ONLY since [0-9:]{8}'
check "... with view 3 as the next step" wait_for 5 status_says 'only the echo comes back since [0-9:]{8}: press 3 to align or wake it'
quit_tui
check "q exits 0 (echo only)" test "$(cat "$T/exit" 2>/dev/null)" = 0

finish
