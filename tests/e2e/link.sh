#!/usr/bin/env bash
# Opening a link as a user meets it (issue 11, issue 10 item 6): a TCP
# bridge that never answers neither freezes the terminal nor hangs a
# command, a host name is looked up, and errors say what to try.
. "$(dirname "$0")/lib.sh"
: "${HANG_LISTENER:=build/bench/hang_listener}"
[ -x "$HANG_LISTENER" ] || { echo "FAIL: $HANG_LISTENER missing (make e2e builds it)"; exit 1; }
MAP=tests/data/sim-read.map

# a bridge whose accept queue is full: connects hang instead of failing
"$HANG_LISTENER" >"$T/hang.port" 2>"$T/hang.err" &
PIDS+=("$!")
wait_for 10 test -s "$T/hang.port" || { echo "FAIL: hang_listener: $(cat "$T/hang.err")"; exit 1; }
HANG=tcp://127.0.0.1:$(head -n 1 "$T/hang.port")

# --- batch commands ---
start=$(date +%s)
timeout 30 "$KMPTERM" -d "$HANG" serial >"$T/hang.out" 2>"$T/hang.stderr"
rc=$?
check "hanging bridge: serial exits 1" test $rc -eq 1
check "hanging bridge: says the bridge does not answer" \
	grep -q "$HANG: no connection within 5 s (the bridge does not answer)" "$T/hang.stderr"
check "hanging bridge: gives up after the connect timeout" test $(($(date +%s) - start)) -le 15

# a host name goes through the lookup, off the loop, and still connects
start_sim tcp --tcp 0 --no-pace --map "$MAP"
"$KMPTERM" -d "tcp://localhost:$SIM_WHERE" serial >"$T/lookup.out" 2>"$T/lookup.err"
rc=$?
check "tcp://localhost:PORT: serial works" test $rc -eq 0
check "tcp://localhost:PORT: prints the serial number" grep -Eq '[0-9]' "$T/lookup.out"

# what to try when the device is missing or is no serial port
"$KMPTERM" -d "$T/ttyUSB7" serial 2>"$T/nodev.err"
rc=$?
check "missing device: exit 1" test $rc -eq 1
check "missing device: points at kmpterm ports" \
	grep -q "$T/ttyUSB7: no such device (plugged in? try kmpterm ports)" "$T/nodev.err"
echo x >"$T/file"
"$KMPTERM" -d "$T/file" serial 2>"$T/notser.err"
rc=$?
check "regular file: exit 1" test $rc -eq 1
check "regular file: not a serial port, try kmpterm ports" \
	grep -q "$T/file: not a serial port (try kmpterm ports)" "$T/notser.err"
"$KMPTERM" -d "rfc2217://127.0.0.1:2002" serial 2>"$T/scheme.err"
rc=$?
check "unknown scheme: a usage error (exit 2)" test $rc -eq 2

# --- the terminal keeps answering keys while the bridge does not ---
. "$(dirname "$0")/lib-tui.sh"
start_tui -- -d "$HANG"
check "terminal drawn while connecting" wait_text 5 '\[1 Registers\]'
names=(x Registers Trace Align Scan)
# the old blocking connect froze the loop in 5 s stretches
for v in 2 3 4 1; do
	keys "$v"
	check "view $v shown within 2 s while connecting" wait_text 2 "\\[$v ${names[$v]}\\]"
done
check "the header says why" wait_text 12 'no connection within 5 s'
keys 2
check "keys still answered between attempts" wait_text 2 '\[2 Trace\]'
check "q quits while connecting" quit_tui
check "exit status 0" test "$(cat "$T/exit" 2>/dev/null)" = 0
finish
