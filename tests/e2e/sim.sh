#!/usr/bin/env bash
# kmpsim as a program: a meter stays awake while it is being read and falls
# asleep once the reading stops, the button (SIGUSR1) wakes it, and bad
# input gets one line and the documented exit status (2 the user's input,
# 1 the system's).
. "$(dirname "$0")/lib.sh"
MAP=tests/data/sim-read.map

# --- issue 10, item 5: reading keeps the port awake ---
start_sim awake --pty --no-pace --latency 0 --busy-ms 10 --map "$MAP" --sleep-after 2 \
	--log "$T/awake.jsonl"
# 8 rounds 0.5 s apart: 3.5 s of reading, well past the 2 s sleep timer
"$KMPTERM" -d "$SIM_WHERE" --retries 0 --timeout 300 read --json --repeat 8 --interval 0.5 60 \
	>"$T/awake.json" 2>"$T/awake.err"
check "read for 3.5 s with --sleep-after 2: exit 0" test $? -eq 0
check "every one of the 8 rounds has the value" \
	test "$(grep -o '"value":"123.45"' "$T/awake.json" | wc -l)" -eq 8
check "no request met a sleeping port" bash -c "! grep -q '\"result\":\"asleep\"' '$T/awake.jsonl'"
# once the reading stops, it falls asleep 2 s after the last request; any
# probe before then would itself keep it awake, so let the 2 s pass first
# (the time passing is what is tested here, not an event to wait for)
sleep 2.5
check "asleep 2 s after the last request: serial fails" \
	bash -c "! '$KMPTERM' -d '$SIM_WHERE' --retries 0 --timeout 200 serial >/dev/null 2>&1"
check "the simulator logged it asleep" grep -q '"result":"asleep"' "$T/awake.jsonl"
kill -USR1 "$SIM_PID"
check "the button (SIGUSR1) wakes it" \
	bash -c "'$KMPTERM' -d '$SIM_WHERE' --retries 0 --timeout 300 serial >/dev/null"
check "the wake is logged" grep -q '"event":"wake","from":"SIGUSR1"' "$T/awake.jsonl"
kill "$SIM_PID"

# --- bad input: exit 2, one line; the system failing: exit 1 ---
expect_exit() { # expect_exit STATUS PATTERN args...
	local want=$1 pattern=$2; shift 2
	timeout 30 "$KMPSIM" "$@" >"$T/out" 2>"$T/err"
	local rc=$?
	if [ $rc -eq "$want" ] && grep -Eq -- "$pattern" "$T/err" && [ "$(wc -l <"$T/err")" -le 2 ]; then
		ok "kmpsim $* -> $rc: $(head -n 1 "$T/err")"
	else
		bad "kmpsim $* -> exit $rc (want $want), stderr: $(head -n 3 "$T/err")"
	fi
}
# issue 10, item 21: 1e-66 is refused for its exponent, not its length
printf '60 8 1 0.%s1\n' "$(printf '0%.0s' $(seq 65))" >"$T/tiny.map"
expect_exit 2 "tiny.map:1: value 0\.0+1 has 66 decimal places: the exponent goes down to -63" \
	--map "$T/tiny.map"
expect_exit 2 "no-such.map: No such file" --map "$T/no-such.map"
expect_exit 2 "Try 'kmpsim --help'" --sleep-after -1
expect_exit 1 "^kmpsim: $T/no-dir/sim.log: No such file or directory" --log "$T/no-dir/sim.log"
check "--help after a bad option: usage error" bash -c "! '$KMPSIM' --bogus --help >/dev/null 2>&1"
check "--help prints the sleep rule" bash -c "'$KMPSIM' --help | grep -q 'wake-up (SIGUSR1 = the button) or the last request'"
finish
