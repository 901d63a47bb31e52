#!/usr/bin/env bash
# kmpterm read/type/serial against kmpsim over a pty, over TCP, through
# ser2net, with echo, corruption, noise, drops, stray zeros and a sleeping
# port: every value reported is the map's value, or it is reported missing
# or failed; never a wrong one.
. "$(dirname "$0")/lib.sh"
MAP=tests/data/sim-read.map
IDS="60 68 74 80 86 87 89 266 1002 1003 1004 128 9999"
expected() { # the map as "id=value" lines, sorted
	grep -v '^#' "$MAP" | awk 'NF>=4 {print $1 "=" $4}' | sort
}
expected >"$T/expected"

# values_ok FILE: every "value" in the JSON lines of FILE equals the map's
values_ok() {
	grep -o '"id":[0-9]*,"name":[^}]*"value":"[^"]*"' "$1" |
		sed 's/"id":\([0-9]*\),.*"value":"\([^"]*\)"/\1=\2/' | sort -u >"$T/got"
	[ -s "$T/got" ] && comm -23 "$T/got" "$T/expected" | { ! grep -q .; }
}

# --- pty, clean line ---
start_sim clean --pty --no-pace --map "$MAP" --log "$T/clean.jsonl"
PTY=$SIM_WHERE
"$KMPTERM" -d "$PTY" read --json $IDS >"$T/r1.json" 2>"$T/r1.err"
check "read over a pty exits 0" test $? -eq 0
check "read over a pty gives the map's values" values_ok "$T/r1.json"
check "all 12 map registers reported" test "$(grep -o '"id":[0-9]*,"name"' "$T/r1.json" | wc -l)" -eq 12
check "9999 reported missing" grep -q '"missing":\[9999\]' "$T/r1.json"
check "special units formatted" grep -q '"text":"20:02:43"' "$T/r1.json"
check "negative exact value" grep -q '"value":"-123.45"' "$T/r1.json"
check "0.0 keeps its decimal" grep -q '"id":80,[^}]*"value":"0.0"' "$T/r1.json"
check "13 IDs took 2 requests (8 per request)" test "$(grep -c '"GetRegister"' "$T/clean.jsonl")" -eq 2
"$KMPTERM" -d "$PTY" read 60 1002 >"$T/r1.txt"
check "text table shows name, value and unit" grep -Eq '^ +60 +Heat energy E1 +123.45 +GJ' "$T/r1.txt"
check "text table shows the clock" grep -q '20:02:43' "$T/r1.txt"
out=$("$KMPTERM" -d "$PTY" serial)
check "serial" test "$out" = 67123456
out=$("$KMPTERM" -d "$PTY" --json type)
check "type --json" test "$out" = '{"meter_type":52,"sw_revision":"K1"}'
check "options after the command" bash -c "'$KMPTERM' read 60 -d '$PTY' --retries 4 --json | grep -q '\"value\":\"123.45\"'"
"$KMPTERM" -d "$PTY" read --json --repeat 3 --interval 0 60 >"$T/rep.json"
check "--repeat 3 prints 3 JSON lines" test "$(wc -l <"$T/rep.json")" -eq 3
check "kmpsim saw only reads (no write command)" bash -c "grep '\"event\":\"request\"' '$T/clean.jsonl' | grep -v '\"command\":\"Get' | { ! grep -q .; }"
kill "$SIM_PID"

# --- echo, corruption, noise, drops, stray zeros: values right or absent ---
start_sim faulty --pty --no-pace --busy-ms 50 --map "$MAP" --echo --corrupt 10 --noise 5 --drop 5 --stray-zero --seed 7
for i in 1 2 3 4 5 6; do
	"$KMPTERM" -d "$SIM_WHERE" --log "$T/faulty.log" --retries 6 read --json $IDS >>"$T/faulty.json" 2>>"$T/faulty.err"
done
check "under faults every reported value is the map's" values_ok "$T/faulty.json"
check "faults happened (CRC BAD in the log)" grep -q 'CRC BAD' "$T/faulty.log"
check "echo recognised (ECHO in the log)" grep -q $'\tECHO\t' "$T/faulty.log"
check "log lines have ISO time, direction, hex, status" \
	grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\.[0-9]{3}Z	(TX|RX)	[0-9A-F ]+	CRC OK' "$T/faulty.log"
kill "$SIM_PID"

# --- a CRC-bad reply never yields a value: every reply corrupted ---
start_sim allbad --pty --no-pace --busy-ms 10 --map "$MAP" --corrupt 100
"$KMPTERM" -d "$SIM_WHERE" --retries 1 read --json 60 86 >"$T/bad.json" 2>"$T/bad.err"
rc=$?
check "all replies corrupted: exit 1" test $rc -eq 1
check "all replies corrupted: no value printed" bash -c "! grep -q '\"value\"' '$T/bad.json'"
check "all replies corrupted: reported failed" grep -q '"failed":\[{"id":60' "$T/bad.json"
check "all replies corrupted: message on stderr" grep -q 'no valid answer' "$T/bad.err"
kill "$SIM_PID"

# --- TCP ---
start_sim tcp --tcp 0 --no-pace --map "$MAP"
for scheme in tcp socket; do
	"$KMPTERM" -d "$scheme://127.0.0.1:$SIM_WHERE" read --json 60 68 >"$T/tcp.json"
	check "read over $scheme://" values_ok "$T/tcp.json"
done
kill "$SIM_PID"

# --- ser2net: kmpsim pty -> ser2net -> socket://127.0.0.1:PORT -> kmpterm ---
if command -v ser2net >/dev/null && command -v ss >/dev/null; then
	start_sim s2n --pty --map "$MAP" --link "$T/meter"
	# a port below the kernel's ephemeral range (32768-60999 by default,
	# where other programs' connections and listeners get theirs), and
	# ser2net itself seen listening on it (ss), so a port another program
	# holds is never taken for ser2net's: try another then
	s2n_listens() { ss -ltnpH "sport = :$port" 2>/dev/null | grep -q "pid=$s2n,"; }
	for _try in 1 2 3 4 5; do
		port=$((20000 + RANDOM % 12000))
		cat >"$T/ser2net.yaml" <<YAML
connection: &meter
  accepter: tcp,127.0.0.1,$port
  connector: serialdev,$T/meter,1200n82,local
  options:
    kickolduser: true
YAML
		ser2net -n -d -c "$T/ser2net.yaml" >"$T/ser2net.log" 2>&1 &
		s2n=$!
		PIDS+=("$s2n")
		wait_for 10 s2n_listens && break
		kill "$s2n" 2>/dev/null
		wait "$s2n" 2>/dev/null
	done
	check "ser2net listens on 127.0.0.1:$port" s2n_listens
	"$KMPTERM" -d "socket://127.0.0.1:$port" read --json 60 86 1002 >"$T/s2n.json" 2>"$T/s2n.err"
	check "read through ser2net" values_ok "$T/s2n.json"
	check "read through ser2net: all three values" test "$(grep -o '"value"' "$T/s2n.json" | wc -l)" -eq 3
else
	skip "ser2net or ss (iproute2) not installed: read through ser2net not tried"
fi

# --- a sleeping port: no answer until the button (SIGUSR1) ---
start_sim sleepy --pty --no-pace --busy-ms 10 --map "$MAP" --sleep-after 1
# 1 s without a request puts it to sleep; probing before then would keep
# it awake (a meter stays awake while it is being read: tests/e2e/sim.sh)
sleep 1.5
check "asleep: serial fails with exit 1" bash -c "! '$KMPTERM' -d '$SIM_WHERE' --retries 0 --timeout 200 serial 2>'$T/sleep.err'"
check "asleep: says timeout" grep -q 'timeout' "$T/sleep.err"
kill -USR1 "$SIM_PID"
check "woken by the button: serial works" bash -c "'$KMPTERM' -d '$SIM_WHERE' --timeout 300 serial >/dev/null"
kill "$SIM_PID"

# --- the link drops during a batch: exit 1 with a message, no hang ---
start_sim drop --pty --map "$MAP"
"$KMPTERM" -d "$SIM_WHERE" read --repeat 1000 --interval 0 60 >"$T/drop.out" 2>"$T/drop.err" &
reader=$!
PIDS+=("$reader")
# pull the plug once some rounds were read (not after a fixed time: on a
# loaded machine the pty may not even be open yet)
rounds_read() { [ "$(grep -c '^ *60 ' "$T/drop.out")" -ge 3 ]; }
check "link drop: rounds read before the drop" wait_for 20 rounds_read
kill "$SIM_PID"
wait_for 10 bash -c "! kill -0 $reader 2>/dev/null"
check "link drop: kmpterm ended" bash -c "! kill -0 $reader 2>/dev/null"
wait "$reader"
check "link drop: exit 1" test $? -eq 1
check "link drop: says so" grep -Eq 'link|closed|input/output' "$T/drop.err"

# --- usage errors: one line, Try --help, exit 2 ---
for args in "read 70000" "read abc" "read" "--bogus read 60" "read 60 --interval x" "-b 0 read 60" "--parity mark read 60"; do
	"$KMPTERM" -d /dev/null $args >/dev/null 2>"$T/usage.err"
	rc=$?
	check "usage error '$args' exits 2" test $rc -eq 2
	check "usage error '$args' says Try" grep -Eq "Try 'kmpterm (read )?--help'" "$T/usage.err"
done
check "--help exits 0" bash -c "'$KMPTERM' --help >/dev/null"
check "--version" bash -c "'$KMPTERM' --version | grep -q '^kmpterm [0-9]'"

# --- device errors: one line, exit 1 ---
"$KMPTERM" -d /dev/does-not-exist serial 2>"$T/nodev.err"
check "missing device exits 1" test $? -eq 1
check "missing device says so" grep -q 'no such device' "$T/nodev.err"
"$KMPTERM" -d /dev/null serial 2>"$T/notser.err"
check "not a serial port" grep -q 'not a serial port' "$T/notser.err"
"$KMPTERM" -d tcp://127.0.0.1:1 serial 2>"$T/refused.err"
check "TCP refused" grep -q 'connection refused' "$T/refused.err"
finish
