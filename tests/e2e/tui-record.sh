#!/usr/bin/env bash
# Issue 14's terminal side and issue 13's flags, in tmux at 80x24 against
# kmpsim: view 4 saves its scan as it goes, and q after a finished scan
# that no file holds (its directory is gone) asks before quitting.  Waits
# poll the screen (bounded), never sleep.
. "$(dirname "$0")/lib.sh"
mkdir -p "$T/gone"
TUI_DIR=$T/gone # the terminal's working directory, where view 4 saves
. "$(dirname "$0")/lib-tui.sh"

# the status line (wrapped onto the footer's row when long)
status_says() { screen | tail -n 2 | tr -d '\n' | grep -Eq -- "$1"; }

start_sim meter --pty --baud 115200 --no-pace --latency 0 --map tests/data/scan-test.map
start_tui LC_ALL=C NO_COLOR=1 -- --timeout 100 -b 115200 -d "$SIM_WHERE" --scan-range 0-300
check "the terminal starts" wait_text 20 'connected'

# --- a finished scan that could not be saved: q asks ----------------------
rmdir "$T/gone" # the working directory is gone: no file can be made in it
keys 4 s
check "the scan says at once that it runs unsaved" wait_text 10 'UNSAVED'
check "... and why" status_says 'kmpterm-scan-[0-9-]+\.csv: '
check "the scan finishes" wait_text 30 'Done: [0-9]+ registers in 0\.\.300'
check "the status line says the results are not saved" status_says 'NOT saved'
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

finish
