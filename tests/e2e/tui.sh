#!/usr/bin/env bash
# The interactive terminal, driven in tmux like a person would: keys with
# send-keys, the screen read back with capture-pane, waiting for text (a
# bounded poll of the screen, never a fixed sleep).
#
# Against a kmpsim on a pty (so the test can kill it): register values in
# view 1, CRC OK in view 2, NO_COLOR, resizing to 40x10 and back, the
# header after the simulator dies, q exits 0.  Then --sim with corrupted
# replies: CRC BAD in view 2.
. "$(dirname "$0")/lib.sh"
TUI_SIZE=100x30
. "$(dirname "$0")/lib-tui.sh"

# --- a simulator the test owns -------------------------------------------
start_sim meter --pty --no-pace --link "$T/meter"

start_tui NO_COLOR=1 -- -d "$T/meter"
check "register 60 shows its value in GJ" wait_text 20 '^.{0,3} +60 Heat energy E1 +[0-9]+\.[0-9]+ GJ '
check "the header names the meter" has "connected .*serial 67123456"
check "the footer lists the keys" has 'a add +d delete'
check "NO_COLOR: no colour on the screen" \
	bash -c "! tmux -L '$S' capture-pane -p -e -t kt | grep -Eq $'\e\\\\[([0-9;]*;)?(3[0-7]|4[0-7]|38;5)[;m]'"

keys 2
check "view 2 shows a checked reply" wait_text 10 ' RX +40 3F .*CRC OK'
check "view 2 shows the request as sent" has ' TX +80 3F 10 '
keys 1

tmux -L "$S" resize-window -t kt -x 40 -y 10
check "40x10 says too small" wait_text 10 'too small'
tmux -L "$S" resize-window -t kt -x 100 -y 30
check "back at 100x30 the table returns" wait_text 10 '^.{0,3} +60 Heat energy E1 '

kill "$SIM_PID"
check "the header says it is reconnecting" wait_text 15 'reconnecting to .*meter'
check "the values stay on screen" has '^.{0,3} +60 Heat energy E1 +[0-9]+\.[0-9]+ GJ '
# the old simulator removes its --link at exit: let it finish first
wait "$SIM_PID" 2>/dev/null
start_sim meter2 --pty --no-pace --link "$T/meter"
# (the meter's state, "answering", joins the header at its first reply)
check "it reconnects by itself" wait_text 15 '(●|\+) connected (│|\|) (answering (│|\|) )?type'

quit_tui
check "q exits 0" test "$(cat "$T/exit" 2>/dev/null)" = 0
check "nothing on stderr (no sanitizer report)" test ! -s "$T/stderr"
tmux -L "$S" kill-server 2>/dev/null

# --- colour when allowed: the NO_COLOR check above can fail -------------
start_tui -u NO_COLOR -- --sim --sim-args "--no-pace"
check "colours by default" wait_for 15 bash -c \
	"tmux -L '$S' capture-pane -p -e -t kt | grep -q $'\e\\\\[[0-9;]*4[0-7]m'"
quit_tui
tmux -L "$S" kill-server 2>/dev/null

# --- the built-in simulator with corrupted replies ----------------------
start_tui -- --sim --sim-args "--no-pace --corrupt 30 --busy-ms 100" -r 60,68 --interval 1
keys 2
check "--corrupt 30: CRC BAD in view 2" wait_text 30 'CRC BAD got [0-9A-F]{4} want [0-9A-F]{4}'
check "the header counts the CRC errors" wait_text 30 'failed [1-9][0-9]* \(.*CRC [1-9]'
keys f
check "f: errors only" wait_text 5 'filter: errors'
check "errors only: no CRC OK line" bash -c "! tmux -L '$S' capture-pane -p -t kt | grep -q 'CRC OK'"
keys q
wait_for 10 test -s "$T/exit"
check "q exits 0 (--sim)" test "$(cat "$T/exit" 2>/dev/null)" = 0
check "nothing on stderr (--sim)" test ! -s "$T/stderr"

finish
