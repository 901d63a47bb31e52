#!/usr/bin/env bash
# The port picker, driven in tmux: with no -d, no KMP_DEVICE (env -u) and
# not exactly one USB serial port, the terminal asks which port to open
# instead of failing.  It lists what `kmpterm ports` lists plus the
# simulated meter; choosing the simulator opens the register table on it.
# q cancels with exit 0; a KMP_DEVICE skips the question; a batch command
# still fails with the list of what it found.
. "$(dirname "$0")/lib.sh"
TUI_ENV=(-u KMP_DEVICE)
. "$(dirname "$0")/lib-tui.sh"

# an empty config directory: a user's "device = ..." would skip the picker
export XDG_CONFIG_HOME=$T/config
usb=$("$KMPTERM" ports --json | grep -o '"usb":true' | wc -l)
if [ "$usb" -eq 1 ]; then
	echo "this machine has exactly one USB serial port: the terminal opens it, no picker to test"
	exit 77
fi
mapfile -t paths < <("$KMPTERM" ports --json | grep -o '"path":"[^"]*"' | cut -d'"' -f4)

# the start of a picker entry: the selection mark (or none), then the text
entry='^ (  |> |▶ )'


# --- the picker, then the simulated meter --------------------------------
start_tui --
check "the picker appears" wait_text 10 'which port is the optical head on\?'
check "it says why it asks" has 'No device given .*(no USB serial port|several USB serial ports|no serial port) found'
for p in "${paths[@]}"; do
	check "it lists $p" has "$entry$p( |\$)"
done
check "the simulated meter is the last entry" \
	bash -c "tmux -L '$S' capture-pane -p -t kt | grep -E '${entry}[^ ]' | tail -n 1 | grep -q 'Simulated meter (no hardware)'"
check "the footer lists its keys" has 'Up/Down choose +Enter open +q quit'
keys End Enter
check "choosing the simulator opens the register table with values" \
	wait_text 20 '^.{0,3} +60 Heat energy E1 +[0-9]+\.[0-9]+ GJ '
check "the header says it is simulated" has '^ SIMULATED METER \(kmpsim\) '
check "the status line says the values are made up" has 'Simulated meter: values are made up'
keys q
exited
check "q exits 0" test "$(cat "$T/exit" 2>/dev/null)" = 0
check "nothing on stderr (no sanitizer report)" test ! -s "$T/stderr"
tmux -L "$S" kill-server 2>/dev/null

# --- cancel: leaving is not a failure ------------------------------------
start_tui --
wait_text 10 'which port is the optical head on\?' >/dev/null
keys q
exited
check "q in the picker exits 0" test "$(cat "$T/exit" 2>/dev/null)" = 0
check "... without a message" test ! -s "$T/stderr"
tmux -L "$S" kill-server 2>/dev/null

# --- a named device skips the question -----------------------------------
start_tui KMP_DEVICE="$T/no-such-head" --
check "KMP_DEVICE: no picker, the terminal waits for it" wait_text 10 'waiting for .*no-such-head'
check "... and the picker never showed" bash -c "! tmux -L '$S' capture-pane -p -t kt | grep -q 'which port'"
keys q
exited
tmux -L "$S" kill-server 2>/dev/null

# --- batch commands still fail with what they found ----------------------
env -u KMP_DEVICE ASAN_OPTIONS=detect_leaks=0 "$KMPTERM" read 60 >"$T/out" 2>"$T/err" </dev/null
check "read without a device exits 1" test $? = 1
check "... saying what it found" grep -q 'no device given' "$T/err"

finish
