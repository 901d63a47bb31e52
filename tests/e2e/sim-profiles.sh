#!/usr/bin/env bash
# kmpsim's profiles and its line: every profile answers at its own line
# settings with its own identity, and only there (a client at other
# settings gets no answer, and what the meter sends arrives garbled); the
# MULTICAL 66C answers /#1 and /#2 only at 300 in / 1200 out; a TCP bridge
# set wrong (--line) behaves like a wrong pty; the line faults (dead, text,
# push, inverted, echo only) each look like themselves; --info sets the
# flags the codec names; the log names every request it received.
. "$(dirname "$0")/lib.sh"

# answers are read with kmpterm's retries (a loaded machine may be slow);
# "no answer" checks use --retries 0 and a short timeout
kt() { "$KMPTERM" -d "$SIM_WHERE" "$@"; }
# Raw access to the pty, every open in a child process: this script may be
# a session leader, and a tty it opened itself could become its controlling
# terminal.
# (set the line first: a client may have left VMIN at 0, and cat would
# take the first empty read for the end)
rx_start() { cat <"$SIM_WHERE" >"$1" & RX=$!; PIDS+=("$RX"); }
rx_stop() { kill "$RX" 2>/dev/null; wait "$RX" 2>/dev/null; }
tx() { env printf "$1" >"$SIM_WHERE"; }
line() { stty -F "$SIM_WHERE" "$@" raw -echo; }
logged() { grep -q -- "$1" "$2"; }
count() { grep -c -- "$1" "$2" || true; }

# --- each KMP profile at its own settings: type, serial, registers ---
start_sim p403 --profile multical403 --log "$T/403.jsonl"
check "403: GetType 0x0034 K1 (made up, says the man page)" \
	bash -c "'$KMPTERM' -d '$SIM_WHERE' type | grep -qx 'meter type 0x0034, software revision K1'"
check "403: serial 67123456" bash -c "'$KMPTERM' -d '$SIM_WHERE' serial | grep -qx 67123456"
kt read --json 60 68 266 1004 >"$T/403.json"
check "403: E1 in GJ, volume, E1 high resolution, hours" \
	bash -c "grep -q '\"id\":60' '$T/403.json' && grep -q '\"id\":266' '$T/403.json' && grep -q '\"id\":1004' '$T/403.json'"
# 1 stop bit on a 2-stop-bit meter: a UART checks only the first one
check "403 read at 1200 8N1: answers" bash -c "'$KMPTERM' -d '$SIM_WHERE' --stopbits 1 serial | grep -qx 67123456"
check "403 at 2400 8N2: no answer" bash -c "! '$KMPTERM' -d '$SIM_WHERE' --retries 0 --timeout 1000 -b 2400 serial 2>/dev/null"
check "403 at 9600 8N1: no answer" bash -c "! '$KMPTERM' -d '$SIM_WHERE' --retries 0 --timeout 1000 -b 9600 --stopbits 1 serial 2>/dev/null"
check "the log saw the client at 2400 8N2, unreadable" \
	logged '"event":"line","client":"2400 8N2","meter_rx":"1200 8N2","meter_tx":"1200 8N2","requests_readable":false' "$T/403.jsonl"
check "what it heard at 2400 is logged as garbled, never answered" \
	bash -c "grep '\"line\":\"garbled\"' '$T/403.jsonl' | grep -q '\"result\":\"unusable\"' && ! grep '\"line\":\"garbled\"' '$T/403.jsonl' | grep -q answered"
check "only read commands, each by name" \
	bash -c "grep '\"event\":\"request\"' '$T/403.jsonl' | grep -v '\"line\":\"garbled\"' | grep -o '\"command\":\"[A-Za-z]*\"' | sort -u | tr '\n' ' ' | grep -qx '\"command\":\"GetRegister\" \"command\":\"GetSerialNo\" \"command\":\"GetType\" '"
# a write command reaching the meter is logged as such and never acted on
sleep 1.6 # the protocol: after unusable data (the 9600 request) the meter is deaf 1.6 s
line 1200 cstopb
tx '\x80\x3f\x09\x00\x01\x14\x4a\x00\x02\x77\x15\x77\x4e\x0d' # SetClock
check "SetClock logged as a write, refused" \
	wait_for 5 bash -c "grep -q '\"command\":\"SetClock\".*\"write\":true.*\"result\":\"refused\"' '$T/403.jsonl'"
kill "$SIM_PID"

start_sim p382 --profile k382 --log "$T/382.jsonl"
check "382 at 1200 8N2: no answer" bash -c "! '$KMPTERM' -d '$SIM_WHERE' --retries 0 --timeout 1000 serial 2>/dev/null"
sleep 1.6 # the protocol: a meter that got unusable data ignores requests for 1.6 s
check "382 at 9600 8N1: serial 5601234" \
	bash -c "'$KMPTERM' -d '$SIM_WHERE' -b 9600 --stopbits 1 serial | grep -qx 5601234"
"$KMPTERM" -d "$SIM_WHERE" -b 9600 --stopbits 1 read --json 1010 1047 1126 1205 >"$T/382.json"
check "382: a 20-digit meter number (10-byte mantissa)" grep -q '"value":"57065670001234567890"' "$T/382.json"
check "382: the ASCII type number" grep -q '685-382-KA-20' "$T/382.json"
check "382: a 16-byte value" grep -q '"value":"1329227995784915872903807060280344576"' "$T/382.json"
check "382: the unit-53 clock" grep -q '"unit":53' "$T/382.json"
kill "$SIM_PID"

start_sim p601 --profile multical601
check "601: GetType 0004 F1 (the vendor's code)" \
	bash -c "'$KMPTERM' -d '$SIM_WHERE' type | grep -qx 'meter type 0x0004, software revision F1'"
check "601: the logger top module answers at 7F (09xx)" \
	bash -c "'$KMPTERM' -d '$SIM_WHERE' -a 0x7F type | grep -q 'meter type 0x09'"
kill "$SIM_PID"

start_sim p21 --profile multical21 --info leak
check "MULTICAL 21: serial and battery days" \
	bash -c "'$KMPTERM' -d '$SIM_WHERE' serial | grep -qx 68012345 && '$KMPTERM' -d '$SIM_WHERE' read --json 582 99 | grep -q '\"value\":\"4823\"'"
check "MULTICAL 21 --info leak: register 99 = 4 (LEAK, bit 2)" \
	bash -c "'$KMPTERM' -d '$SIM_WHERE' read --json 99 | grep -q '\"value\":\"4\"'"
kill "$SIM_PID"

# --- --info: the 403 with a leak and a sensor error (issue 13) ---
start_sim info --profile multical403 --info leak,sensor-error
kt read --json 99 369 >"$T/info.json"
check "403 --info leak,sensor-error: display digits 01000080 in 99" grep -q '"value":"1000080"' "$T/info.json"
check "403 --info leak,sensor-error: bits 3 and 12 in 369" grep -q '"value":"4104"' "$T/info.json"
kill "$SIM_PID"

# --- the MULTICAL 66C: /#1 at 300 baud, the answer read at 1200 ---
start_sim p66c --profile multical66c --log "$T/66c.jsonl"
line 300 cstopb
rx_start "$T/66c.rx"
tx '/#1'
# keep 300 until the meter has the request (on a wire: its 110 ms), then read at 1200
wait_for 5 grep -q '"command":"/#1"' "$T/66c.jsonl"
line 1200 cstopb
check "66C: /#1 answered with 10 fields of 7 digits and CR" \
	wait_for 6 grep -Eq '^([0-9]{7} ){9}[0-9]{7}'$'\r' "$T/66c.rx"
rx_stop
rx_start "$T/66c-1200.rx"
tx '/#1' # at 1200: the meter listens at 300
check "66C: /#1 sent at 1200 is garbage to it" wait_for 5 grep -q '"line":"garbled"' "$T/66c.jsonl"
sleep 2.5 # longer than its 1 s latency and the answer's 0.7 s: nothing may come
check "66C: and nothing comes back" test ! -s "$T/66c-1200.rx"
rx_stop
# sent at the 66C's own 300 baud, so that it hears the frame as it is
check "66C: KMP gets no answer (it does not speak KMP)" \
	bash -c "! '$KMPTERM' -d '$SIM_WHERE' --retries 0 --timeout 2500 -b 300 type 2>/dev/null"
check "66C: the KMP request is logged by name and ignored" \
	bash -c "grep -q '\"command\":\"GetType\".*\"result\":\"ignored\"' '$T/66c.jsonl'"
# the answer read at the request's 300 baud: garbage
line 300 cstopb
rx_start "$T/66c-300.rx"
tx '/#2'
check "66C: /#2 answered" wait_for 5 grep -q '"command":"/#2".*"result":"answered"' "$T/66c.jsonl"
sleep 3 # its 1 s latency and the answer's time at 1200, read (wrongly) at 300
check "66C: an answer read at 300 arrives garbled" \
	bash -c "test -s '$T/66c-300.rx' && ! grep -Eq '[0-9]{7} [0-9]{7}' '$T/66c-300.rx'"
rx_stop
kill "$SIM_PID"

# --- a TCP bridge: its settings are --line ---
start_sim tcp382 --tcp 0 --profile k382 --line "1200 8N2" --log "$T/tcp.jsonl"
check "382 behind a bridge at 1200 8N2: no answer" \
	bash -c "! '$KMPTERM' -d socket://127.0.0.1:$SIM_WHERE --retries 0 --timeout 1000 serial 2>/dev/null"
check "the log names the bridge's settings" logged '"client":"1200 8N2","meter_rx":"9600 8N1"' "$T/tcp.jsonl"
kill "$SIM_PID"
start_sim tcp382ok --tcp 0 --profile k382 --line "9600 8N1"
check "382 behind a bridge at 9600 8N1: answers" \
	bash -c "'$KMPTERM' -d socket://127.0.0.1:$SIM_WHERE serial | grep -qx 5601234"
kill "$SIM_PID"

# --- line faults ---
start_sim text --tcp 0 --text "Device open failure"
exec 4<>"/dev/tcp/127.0.0.1/$SIM_WHERE"
timeout 5 cat <&4 >"$T/text.rx"
check "--text: a TCP client reads the text, then the bridge hangs up (cat ends)" \
	cmp -s "$T/text.rx" <(printf 'Device open failure\r\n')
exec 4>&-
kill "$SIM_PID"

start_sim push --profile multical403 --push
line 1200 cstopb
rx_start "$T/push.rx"
check "--push: IEC 62056-21 text arrives unasked" wait_for 5 grep -q '1.8.0(' "$T/push.rx"
rx_stop
check "--push: it is not KMP" bash -c "! '$KMPTERM' -d '$SIM_WHERE' --retries 0 --timeout 1000 type 2>/dev/null"
kill "$SIM_PID"

start_sim dead --profile multical403 --dead --echo --log "$T/dead.jsonl"
line 1200 cstopb
rx_start "$T/dead.rx"
tx '\x80\x3f\x01\x05\x8a\x0d'
check "--dead: the request is logged as reaching nothing" wait_for 5 grep -q '"result":"dead"' "$T/dead.jsonl"
sleep 1.7 # the protocol's longest wait for a first byte
check "--dead: not even the echo comes back" test ! -s "$T/dead.rx"
rx_stop
kill "$SIM_PID"

start_sim echoonly --profile multical403 --echo --asleep
kt type 2>"$T/echo.err"
check "--echo --asleep: echo only" grep -q 'only the echo' "$T/echo.err"
kill -USR1 "$SIM_PID"
check "SIGUSR1 wakes it" bash -c "'$KMPTERM' -d '$SIM_WHERE' serial | grep -qx 67123456"
kill "$SIM_PID"

start_sim inverted --profile multical403 --inverted --log "$T/inv.jsonl"
check "--inverted: no answer" bash -c "! '$KMPTERM' -d '$SIM_WHERE' --retries 0 --timeout 1000 serial 2>/dev/null"
check "--inverted: the meter heard garbage" logged '"line":"garbled"' "$T/inv.jsonl"
kill "$SIM_PID"

# --- bad options: exit 2, one line ---
expect2() { # expect2 PATTERN args...
	local pattern=$1; shift
	timeout 10 "$KMPSIM" "$@" >"$T/out" 2>"$T/err"
	local rc=$?
	if [ $rc -eq 2 ] && grep -Eq -- "$pattern" "$T/err"; then
		ok "kmpsim $* -> 2: $(head -n 1 "$T/err")"
	else
		bad "kmpsim $* -> exit $rc (want 2), stderr: $(head -n 3 "$T/err")"
	fi
}
expect2 "no profile 'multical404'" --profile multical404
expect2 "'flood' is not a flag" --profile multical403 --info flood
expect2 "no sensor error" --profile multical21 --info sensor-error
expect2 "choose a meter with --profile" --info leak
expect2 "--line is for --tcp" --profile k382 --line "9600 8N1"
expect2 "not line settings" --tcp 0 --line "fast"
expect2 "exclude each other" --text x --push
expect2 "speeds are fixed" --profile multical66c --baud 2400
check "--help says how to press the button" bash -c "'$KMPSIM' --help | grep -q 'kill -USR1 PID'"
check "--help lists the profiles" bash -c "'$KMPSIM' --help | grep -q 'multical66c'"
finish
