#!/usr/bin/env bash
# kmpterm probe against kmpsim: every probe classified right (OK at quality
# 100, ECHO ONLY with an echoing head at quality 0, SILENT without one), the
# exit status, the --sim path, and a quality changed while probing shows in
# the probes within the protocol's limits.
. "$(dirname "$0")/lib.sh"

field() { sed -n "s/.*\"$1\":\([0-9.]*\).*/\1/p" "$2"; }

# probe_bg NAME ARGS...: run kmpterm probe --json in the background (bounded
# by `timeout`); its pid in $PROBE_PID, output in $T/NAME.json
probe_bg() {
	local name=$1; shift
	timeout 120 "$KMPTERM" "$@" >"$T/$name.json" 2>"$T/$name.err" &
	PROBE_PID=$!
	PIDS+=("$PROBE_PID")
}

# --- the classes: the failing runs take ~2 s a probe, so all run at once ---
start_sim good --pty --no-pace --quality 100
probe_bg good -d "$SIM_WHERE" probe --count 10 --json
p_good=$PROBE_PID
start_sim echo --pty --no-pace --echo --quality 0
probe_bg echo -d "$SIM_WHERE" probe --count 10 --json
p_echo=$PROBE_PID
start_sim silent --pty --no-pace --quality 0
probe_bg silent -d "$SIM_WHERE" probe --count 10 --json
p_silent=$PROBE_PID
probe_bg simecho --sim --sim-args "--no-pace --echo --quality 0" probe --count 5 --json
p_simecho=$PROBE_PID
start_sim half --pty --no-pace --quality 50 --seed 5
probe_bg half -d "$SIM_WHERE" probe --count 8 --json
p_half=$PROBE_PID

wait "$p_good"
check "quality 100: exit 0" test $? -eq 0
check "quality 100: 10 sent, 10 OK" grep -q '^{"sent":10,"ok":10,"echo_only":0,"silent":0,"noisy":0,"garbage":0,"rate_hz":[0-9.]*,"latency_ms_median":[0-9.]*}$' "$T/good.json"
check "quality 100: a rate is reported" test "$(field rate_hz "$T/good.json" | tr -d .)" -gt 0
"$KMPTERM" -d "$(head -n 1 "$T/good.out")" probe --count 3 >"$T/good.txt"
check "text summary: exit 0" test $? -eq 0
check "text summary: counts" grep -q '3 sent, 3 OK (100 %)' "$T/good.txt"
check "text summary: band" grep -q 'alignment: good' "$T/good.txt"
check "text summary: hint" grep -q 'hint: aligned' "$T/good.txt"
check "text summary: the meter's serial" grep -q 'meter serial 67123456' "$T/good.txt"

wait "$p_echo"
check "quality 0 with echo: exit 1" test $? -eq 1
check "quality 0 with echo: 10 ECHO ONLY" grep -q '^{"sent":10,"ok":0,"echo_only":10,"silent":0,"noisy":0,"garbage":0,.*"latency_ms_median":null}$' "$T/echo.json"
check "quality 0 with echo: says why on stderr" grep -q 'no valid reply to 10 probes (mostly ECHO ONLY)' "$T/echo.err"

wait "$p_silent"
check "quality 0 without echo: exit 1" test $? -eq 1
check "quality 0 without echo: 10 SILENT" grep -q '^{"sent":10,"ok":0,"echo_only":0,"silent":10,"noisy":0,"garbage":0,' "$T/silent.json"

wait "$p_simecho"
check "--sim quality 0 with echo: exit 1" test $? -eq 1
check "--sim quality 0 with echo: 5 ECHO ONLY" grep -q '^{"sent":5,"ok":0,"echo_only":5,"silent":0,' "$T/simecho.json"

wait "$p_half"
check "quality 50: exit 0 (some got through)" test $? -eq 0
ok=$(field ok "$T/half.json")
sum=$(($(field ok "$T/half.json") + $(field silent "$T/half.json") + $(field noisy "$T/half.json") + $(field garbage "$T/half.json")))
check "quality 50: some OK, some not ($(cat "$T/half.json"))" test "$ok" -gt 0 -a "$ok" -lt 8
check "quality 50: every probe classified once" test "$sum" -eq 8

"$KMPTERM" -d "$(head -n 1 "$T/good.out")" probe extra >/dev/null 2>"$T/usage.err"
check "probe with an argument: usage error (exit 2)" test $? -eq 2

# --- quality changed while probing: the probes follow ---
Q=$T/quality
echo 100 >"$Q"
start_sim live --pty --no-pace --echo --quality-file "$Q"
LOG=$T/live.log
# run directly, not under `timeout`: SIGINT below must reach kmpterm once
# (timeout repeats it and adds SIGCONT, which can catch a sanitizer's exit
# leak check half way and hang it); bounded by the wait after the SIGINT
"$KMPTERM" -d "$SIM_WHERE" --log "$LOG" probe --count 100000 --json >"$T/live.json" 2>"$T/live.err" &
p_live=$!
PIDS+=("$p_live")
count() { local n; n=$(grep -c "$1" "$LOG" 2>/dev/null); echo "${n:-0}"; }
rx_more_than() { [ "$(count $'\tRX\t')" -gt "$1" ]; }
ms_of() { date -d "$1" +%s%3N; }
set_quality() { echo "$1" >"$Q.tmp" && mv "$Q.tmp" "$Q" && date +%s%3N; }
check "quality 100: replies flow" wait_for 10 rx_more_than 4

t0=$(set_quality 0)
check "quality 0: an ECHO ONLY probe follows" wait_for 10 grep -q $'\tTIMEOUT\t-\tECHO ONLY' "$LOG"
t1=$(ms_of "$(grep $'\tTIMEOUT\t' "$LOG" | head -n 1 | cut -f1)")
echo "quality 100 -> 0: first ECHO ONLY after $((t1 - t0)) ms"
check "quality 0 seen within 2 s" test $((t1 - t0)) -le 2000

rx_before=$(count $'\tRX\t')
t2=$(set_quality 100)
check "quality 100 again: a reply follows" wait_for 10 rx_more_than "$rx_before"
t3=$(ms_of "$(grep $'\tRX\t' "$LOG" | sed -n "$((rx_before + 1))p" | cut -f1)")
echo "quality 0 -> 100: first reply after $((t3 - t2)) ms"
# the worst case is one probe timeout (400 ms) + the 1.6 s pause + the exchange
check "quality 100 seen within 2.2 s (timeout + 1.6 s pause)" test $((t3 - t2)) -le 2200
check "no probe stuck: replies keep flowing" wait_for 5 rx_more_than $((rx_before + 4))

kill -INT "$p_live"
check "SIGINT ends the probe run" wait_for 20 gone "$p_live"
kill -KILL "$p_live" 2>/dev/null
wait "$p_live"
check "interrupted probe: exit 1" test $? -eq 1
check "interrupted probe: JSON with both classes" grep -Eq '"ok":[1-9][0-9]*,"echo_only":[1-9]' "$T/live.json"
n_tx=$(count $'\tTX\t')
sent=$(field sent "$T/live.json")
check "every probe in the log is counted ($sent of $n_tx)" test "$sent" -ge $((n_tx - 1)) -a "$sent" -le "$n_tx"
finish
