#!/usr/bin/env bash
# Bad input everywhere: a clear one-line message and the documented exit
# status (1 runtime, 2 usage), never a crash or a hang.
. "$(dirname "$0")/lib.sh"
MAP=tests/data/sim-read.map

# usage errors: exit 2
expect 2 "unknown command 'frobnicate'" "$KMPTERM" frobnicate
expect 2 "unknown option '--frobnicate'" "$KMPTERM" --frobnicate read 60
expect 2 "invalid register '-1'" "$KMPTERM" -d /dev/null read -- -1
expect 2 "invalid register '0x10000'" "$KMPTERM" -d /dev/null read 0x10000
expect 2 "invalid register '1e3'" "$KMPTERM" -d /dev/null read 1e3
expect 2 "invalid register" "$KMPTERM" -d /dev/null -r 60,x
expect 2 "empty scan range" "$KMPTERM" -d /dev/null scan --from 10 --to 5
expect 2 "invalid scan range" "$KMPTERM" -d /dev/null --scan-range 9-2
expect 2 "invalid batch" "$KMPTERM" -d /dev/null scan --batch 9
expect 2 "invalid count" "$KMPTERM" -d /dev/null probe --count 0
expect 2 "needs a value" "$KMPTERM" read 60 -d
expect 2 "unknown option '--bogus'" "$KMPTERM" --sim --sim-args "--bogus" serial
printf '60 8 4 123.45\n68 40 4 1.2.3\n' >"$T/bad.map"
expect 2 "bad.map:2: " "$KMPTERM" --sim --sim-args "--map $T/bad.map" serial
expect 2 "bad.map:2: " "$KMPSIM" --map "$T/bad.map"
expect 2 "Try" "$KMPSIM" --latency abc

# runtime errors: exit 1
expect 1 "no such device" "$KMPTERM" -d /dev/kmpterm-missing serial
expect 1 "not a serial port" "$KMPTERM" -d /dev/null serial
expect 1 "not a serial port" "$KMPTERM" -d "$T" serial
echo x >"$T/file"
expect 1 "not a serial port" "$KMPTERM" -d "$T/file" serial
expect 1 "connection refused" "$KMPTERM" -d tcp://127.0.0.1:1 serial
expect 1 "cannot resolve host" "$KMPTERM" -d tcp://kmpterm-no-such-host.invalid:2002 serial
expect 2 "tcp://host:port" "$KMPTERM" -d tcp://127.0.0.1 serial
env -u KMP_DEVICE "$KMPTERM" read 60 >"$T/out" 2>"$T/err"
rc=$?
check "no device and no single USB port: exit 1" test $rc -eq 1
check "no device: says what to do" grep -Eq 'use -d DEV|--sim' "$T/err"

# a busy port: the second kmpterm on the same pty
start_sim busy --pty --map "$MAP" --latency 0
"$KMPTERM" -d "$SIM_WHERE" --log "$T/holder.trace" read --repeat 100000 --interval 1 60 \
	>/dev/null 2>"$T/holder.err" &
holder=$!
PIDS+=("$holder")
# the holder has the port (and its lock) once its first request went out;
# probing before that could take the lock first and make the holder fail
wait_for 10 grep -qs "$(printf '\tTX\t')" "$T/holder.trace" ||
	bad "the holder sent no request: $(cat "$T/holder.err")"
expect 1 "port busy" "$KMPTERM" -d "$SIM_WHERE" serial
check "the holder still holds the port" kill -0 "$holder"
kill "$holder"

# permission denied (root bypasses file modes: run as nobody)
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	chmod 600 "$SIM_WHERE"
	expect 1 "permission denied: add your user to the dialout group" \
		setpriv --reuid=nobody --regid=nogroup --clear-groups "$KMPTERM" -d "$SIM_WHERE" serial
else
	skip "permission denied not tried: needs root and setpriv"
fi

# scan --out that cannot be written: before any request goes out
mkdir -p "$T/ro" && chmod 500 "$T/ro"
if [ "$(id -u)" = 0 ]; then
	expect 1 "ro/x.csv" setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"$KMPTERM" --sim scan --from 0 --to 10 --out "$T/ro/x.csv"
else
	expect 1 "ro/x.csv" "$KMPTERM" --sim scan --from 0 --to 10 --out "$T/ro/x.csv"
fi

# a terminal that cannot run curses
TERM=dumb "$KMPTERM" --sim </dev/null >"$T/out" 2>"$T/err"
rc=$?
check "no terminal: exit 1 with one line" bash -c "test $rc -eq 1 && test \$(wc -l <'$T/err') -eq 1"
finish
