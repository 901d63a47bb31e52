#!/usr/bin/env bash
# kmpterm identify against every simulated meter and every line fault
# (issue 12): the right settings, protocol, family and serial for each
# profile (the 382 at 9600 8N1, the 66C's legacy protocol with scaled
# values), a sleeping meter that answers after its button, and each fault
# with its own verdict and hint; over TCP one try at the bridge's settings;
# the simulators' logs hold read requests only.  Then kmpterm loopback on a
# line that echoes (passes) and on a dead one (fails, says why).
. "$(dirname "$0")/lib.sh"

# jq is not everywhere: a JSON field by a regular expression is enough
# for the flat values checked here
has() { grep -q -- "$1" "$2"; }
# identify NAME KMPSIM-ARGS...: run kmpsim on a pty, identify --json into
# $T/NAME.json (exit status in $T/NAME.rc), kmpsim's log in $T/NAME.jsonl
identify_bg() {
	local name=$1; shift
	(
		"$KMPSIM" --log "$T/$name.jsonl" "$@" >"$T/$name.out" 2>"$T/$name.err" &
		sim=$!
		wait_for 10 test -s "$T/$name.out" || { echo "kmpsim did not start" >"$T/$name.rc"; exit; }
		timeout 60 "$KMPTERM" -d "$(head -n 1 "$T/$name.out")" identify --json \
			>"$T/$name.json" 2>"$T/$name.stderr"
		echo $? >"$T/$name.rc"
		kill "$sim" 2>/dev/null
		wait "$sim" 2>/dev/null
	) &
	PIDS+=("$!")
	BG+=("$!")
}
BG=()
wait_bg() { for p in "${BG[@]}"; do wait "$p"; done; BG=(); }
rc_is() { [ "$(cat "$T/$1.rc" 2>/dev/null)" = "$2" ]; }
# only read requests ever reach the meter
reads_only() {
	! grep -q '"write":true' "$1" &&
		! grep '"event":"request"' "$1" | grep -v '"command":"\(GetType\|GetSerialNo\|GetRegister\|/#1\|/#2\)"' | grep -q .
}

# --- every profile, two at a time (a loaded machine keeps its timing) ---
identify_bg p403 --profile multical403
identify_bg p603 --profile multical603
wait_bg
identify_bg p601 --profile multical601
identify_bg p21 --profile multical21
wait_bg
identify_bg p382 --profile k382
identify_bg p66c --profile multical66c
wait_bg

check "403: kmp at 1200 8N2, exit 0" bash -c "grep -q '\"verdict\":\"kmp\"' '$T/p403.json' && grep -q '\"settings\":{\"baud\":1200,\"databits\":8,\"parity\":\"none\",\"stopbits\":2}' '$T/p403.json' && [ \$(cat '$T/p403.rc') = 0 ]"
check "403: type 52, software K1, serial 67123456, family multical403" \
	bash -c "grep -q '\"type\":52,' '$T/p403.json' && grep -q '\"sw_revision\":\"K1\"' '$T/p403.json' && grep -q '\"serial\":67123456' '$T/p403.json' && grep -q '\"family\":\"multical403\"' '$T/p403.json'"
check "403: no public source names 0x0034: model null" has '"model":null' "$T/p403.json"
check "403: config lines with the option names" has '"config":"baud = 1200\\nparity = none\\nstopbits = 2\\nfamily = multical403\\n"' "$T/p403.json"
check "403: one try was enough" has '"tried":\[{"baud":1200,"databits":8,"parity":"none","stopbits":2,"protocol":"kmp","result":"answer","echo":false}\]' "$T/p403.json"
check "603: family multical403, serial 72345678, its meter type register 404" \
	bash -c "grep -q '\"serial\":72345678' '$T/p603.json' && grep -q '\"family\":\"multical403\"' '$T/p603.json' && grep -q '\"id\":404' '$T/p603.json'"
check "601: 0004 is MULTICAL 601, Pt100 (5512-447), family from the type code" \
	bash -c "grep -q '\"model\":\"MULTICAL 601, Pt100\"' '$T/p601.json' && grep -q '\"family\":\"multical601\",\"family_name\":\"heat MULTICAL 601/602\",\"family_from\":\"type code\"' '$T/p601.json' && grep -q '\"serial\":6123456' '$T/p601.json'"
check "MULTICAL 21: water family, serial 68012345, the type as text (640)" \
	bash -c "grep -q '\"family\":\"multical21\"' '$T/p21.json' && grep -q '\"serial\":68012345' '$T/p21.json' && grep -q '\"value\":\"MULTICAL 21\"' '$T/p21.json'"
check "382: found at 9600 8N1 after three silent settings" \
	bash -c "grep -q '\"settings\":{\"baud\":9600,\"databits\":8,\"parity\":\"none\",\"stopbits\":1}' '$T/p382.json' && [ \$(grep -o '\"result\":\"silent\"' '$T/p382.json' | wc -l) = 3 ]"
check "382: electricity family, serial 5601234, config baud 9600 stopbits 1" \
	bash -c "grep -q '\"family\":\"kamstrup382\"' '$T/p382.json' && grep -q '\"serial\":5601234' '$T/p382.json' && grep -q 'baud = 9600\\\\nparity = none\\\\nstopbits = 1' '$T/p382.json'"
check "66C: legacy protocol, answers at 1200 7E2, requests at 300" \
	bash -c "grep -q '\"verdict\":\"legacy\",\"protocol\":\"legacy\",\"settings\":{\"baud\":1200,\"databits\":7,\"parity\":\"even\",\"stopbits\":2}' '$T/p66c.json' && grep -q '\"request_settings\":{\"baud\":300' '$T/p66c.json' && [ \$(cat '$T/p66c.rc') = 0 ]"
check "66C: the programme 32119 (GJ, CCC 119) scales energy to 2 decimals" \
	bash -c "grep -q '\"programme\":{\"a\":3,\"b\":2,\"ccc\":119,\"energy_unit\":\"GJ\"}' '$T/p66c.json' && grep -q '\"label\":\"E1-E2\",\"name\":\"heat energy\",\"key\":\"energy\",\"digits\":\"0123456\",\"value\":\"1234.56\",\"unit\":\"GJ\",\"raw\":false' '$T/p66c.json'"
# flow and power are live (the simulated 66C's values move with its clock):
# the digits, whatever they are, must scale to the value the programme says
check "66C: flow in l/h without decimals, power in kW with one (CCC 119)" \
	bash -c "grep -Eq '\"key\":\"flow_v1\",\"digits\":\"0*([1-9][0-9]*)\",\"value\":\"\\1\",\"unit\":\"l/h\"' '$T/p66c.json' && grep -Eq '\"key\":\"power\",\"digits\":\"0*([1-9][0-9]*)([0-9])\",\"value\":\"\\1\\.\\2\",\"unit\":\"kW\"' '$T/p66c.json'"
check "66C: temperatures stay raw digits, labelled raw" grep -Eq '"key":"t1","digits":"[0-9]{7}","value":null,"unit":null,"raw":true' "$T/p66c.json"
check "66C: config 'protocol = legacy'" has '"config":"protocol = legacy\\n"' "$T/p66c.json"
for p in p403 p603 p601 p21 p382 p66c; do
	check "$p: the meter's log shows read requests only" reads_only "$T/$p.jsonl"
done
check "66C log: /#1 and /#2, each once" \
	bash -c "[ \$(grep -c '\"command\":\"/#1\"' '$T/p66c.jsonl') = 1 ] && [ \$(grep -c '\"command\":\"/#2\"' '$T/p66c.jsonl') = 1 ]"

# --- nothing answers: each cause its own verdict and hint ---
identify_bg asleep --profile multical403 --asleep
identify_bg echoonly --profile multical403 --asleep --echo
wait_bg
identify_bg dead --profile multical403 --dead --echo
identify_bg corrupt --profile multical403 --corrupt 100
wait_bg
identify_bg text --profile multical403 --text "Device open failure"
identify_bg push --profile multical403 --push
identify_bg inverted --profile multical403 --inverted
wait_bg

check "asleep: silent, exit 1, the hint says to press the button" \
	bash -c "grep -q '\"verdict\":\"silent\"' '$T/asleep.json' && [ \$(cat '$T/asleep.rc') = 1 ] && grep -q 'press its front button' '$T/asleep.json'"
check "asleep: every setting tried, the legacy protocol last" \
	bash -c "[ \$(grep -o '\"result\":\"silent\"' '$T/asleep.json' | wc -l) = 5 ] && grep -q '\"protocol\":\"legacy\",\"result\":\"silent\"' '$T/asleep.json'"
check "echo only: verdict echo-only, echo true, the hint names view 3" \
	bash -c "grep -q '\"verdict\":\"echo-only\"' '$T/echoonly.json' && grep -q '\"echo\":true' '$T/echoonly.json' && grep -q 'view 3' '$T/echoonly.json'"
check "dead head: silent, the hint says not powered or not connected" \
	bash -c "grep -q '\"verdict\":\"silent\"' '$T/dead.json' && grep -q 'not powered or not connected' '$T/dead.json'"
check "corrupt replies: garbage, the hint names wiring and loopback" \
	bash -c "grep -q '\"verdict\":\"garbage\"' '$T/corrupt.json' && grep -q 'kmpterm loopback' '$T/corrupt.json'"
check "text on the line: verdict text, the text shown as text" \
	bash -c "grep -q '\"verdict\":\"text\"' '$T/text.json' && grep -q '\"text\":\"Device open failure\\\\r\\\\n\"' '$T/text.json'"
# The simulated push takes 0.6 s of every second; identify listens 0.3 s
# before its first request, so about one run in ten listens in the gap and
# hears nothing: then the request's wait catches the message whole.
check "an IEC 62056-21 push: text, named as such, its identification quoted" \
	bash -c "grep -q '\"verdict\":\"text\"' '$T/push.json' && grep -q 'IEC 62056-21 data messages by itself (\\\\\"/SIM5SIMULATED-PUSH\\\\\")' '$T/push.json'"
check "... heard before sending, or (listening fell in the gap) caught whole by the request" \
	bash -c "grep -q '\"heard\":\"iec62056-21\"' '$T/push.json' || { grep -q '\"heard\":\"nothing\"' '$T/push.json' && grep -q '\"text\":\"/SIM5SIMULATED-PUSH' '$T/push.json'; }"
# the simulator's inverted head garbles the request on the way in, so
# the meter never answers and the client hears nothing (docs/identify.md)
check "inverted head: silent, the hint mentions an inverted head" \
	bash -c "grep -q '\"verdict\":\"silent\"' '$T/inverted.json' && grep -q 'inverted' '$T/inverted.json'"
for p in asleep echoonly dead corrupt text push inverted; do
	check "$p: exit 1 (no meter answered)" rc_is "$p" 1
	check "$p: the meter's log shows read requests only" reads_only "$T/$p.jsonl"
done

# --- the sleeping meter answers once its button is pressed ---
start_sim wake --profile multical403 --asleep --log "$T/wake.jsonl"
"$KMPTERM" -d "$SIM_WHERE" identify --json >"$T/wake1.json" 2>/dev/null
kill -USR1 "$SIM_PID"
"$KMPTERM" -d "$SIM_WHERE" identify --json >"$T/wake2.json" 2>/dev/null
check "asleep, then the button: silent first, then kmp with serial 67123456" \
	bash -c "grep -q '\"verdict\":\"silent\"' '$T/wake1.json' && grep -q '\"verdict\":\"kmp\"' '$T/wake2.json' && grep -q '\"serial\":67123456' '$T/wake2.json'"
kill "$SIM_PID"

# --- text output and the awake meter's time ---
start_sim txt --profile multical403
"$KMPTERM" -d "$SIM_WHERE" identify >"$T/txt.out" 2>"$T/txt.err"
check "text output: verdict, settings, serial, config lines" \
	bash -c "grep -q '^verdict     kmp' '$T/txt.out' && grep -q '^settings    1200 8N2' '$T/txt.out' && grep -q '^serial      67123456' '$T/txt.out' && grep -q '^  stopbits = 2' '$T/txt.out'"
check "no progress line when stderr is no terminal" test ! -s "$T/txt.err"
kill "$SIM_PID"

# --- over TCP: the bridge's settings, one try, no change ---
start_sim tcpwrong --tcp 0 --profile k382 --line "1200 8N2" --log "$T/tcpwrong.jsonl"
"$KMPTERM" -d "socket://127.0.0.1:$SIM_WHERE" identify --json >"$T/tcpwrong.json" 2>/dev/null
echo $? >"$T/tcpwrong.rc"
kill "$SIM_PID"
check "TCP, a bridge set wrong: one try at the bridge's settings, silent, exit 1" \
	bash -c "grep -q '\"tried\":\[{\"baud\":null,\"databits\":null,\"parity\":null,\"stopbits\":null,\"bridge\":true,\"protocol\":\"kmp\",\"result\":\"silent\"' '$T/tcpwrong.json' && [ \$(grep -o '\"result\"' '$T/tcpwrong.json' | wc -l) = 1 ] && [ \$(cat '$T/tcpwrong.rc') = 1 ]"
check "TCP: the ser2net line that would set the meter's settings" \
	has '"ser2net":"connector: serialdev,/dev/ttyUSB0,1200n82"' "$T/tcpwrong.json"
check "TCP: the bridge's settings stay as they were (one line event in the log)" \
	bash -c "[ \$(grep -c '\"event\":\"line\"' '$T/tcpwrong.jsonl') -le 1 ]"
start_sim tcpok --tcp 0 --profile k382 --line "9600 8N1"
"$KMPTERM" -d "socket://127.0.0.1:$SIM_WHERE" identify --json >"$T/tcpok.json" 2>/dev/null
check "TCP, the bridge at 9600 8N1: the 382 answers, settings are the bridge's (null)" \
	bash -c "grep -q '\"verdict\":\"kmp\",\"protocol\":\"kmp\",\"settings\":null' '$T/tcpok.json' && grep -q '\"serial\":5601234' '$T/tcpok.json' && grep -q '9600n81' '$T/tcpok.json'"
kill "$SIM_PID"
start_sim tcptext --tcp 0 --text "Device open failure"
"$KMPTERM" -d "socket://127.0.0.1:$SIM_WHERE" identify --json >"$T/tcptext.json" 2>/dev/null
check "TCP, a bridge that writes its error and hangs up: text, heard before sending" \
	bash -c "grep -q '\"verdict\":\"text\"' '$T/tcptext.json' && grep -q '\"heard\":\"text\",\"heard_text\":\"Device open failure\\\\r\\\\n\"' '$T/tcptext.json'"
kill "$SIM_PID"

# --- the link itself ---
"$KMPTERM" -d "$T/no-such-head" identify --json >"$T/nodev.json" 2>"$T/nodev.err"
rc=$?
check "no device: verdict link-error, exit 1, the hint names kmpterm ports" \
	bash -c "[ $rc = 1 ] && grep -q '\"verdict\":\"link-error\"' '$T/nodev.json' && grep -q 'kmpterm ports' '$T/nodev.json'"
"$KMPTERM" -d "$T/no-such-head" identify extra >/dev/null 2>"$T/usage.err"
check "identify takes no arguments: exit 2" bash -c "[ $? = 2 ] && grep -q 'takes no arguments' '$T/usage.err'"
"$KMPTERM" identify --family multical404 >/dev/null 2>"$T/fam.err"
check "an unknown --family: exit 2, the families listed" bash -c "[ $? = 2 ] && grep -q 'multical403' '$T/fam.err'"

# --- loopback: a line that echoes passes, a dead one fails and says why ---
start_sim loop --profile multical403 --asleep --echo
"$KMPTERM" -d "$SIM_WHERE" loopback --json >"$T/loop.json" 2>/dev/null
check "loopback on an echoing pty: every pattern intact, exit 0" \
	bash -c "[ $? = 0 ] && grep -q '\"passed\":true' '$T/loop.json' && ! grep -q '\"outcome\":\"[^i]' '$T/loop.json'"
check "loopback on a pty: timing not checked (a pty has no speed)" has '"timing_checked":false' "$T/loop.json"
kill "$SIM_PID"
start_sim loopdead --profile multical403 --dead
"$KMPTERM" -d "$SIM_WHERE" loopback --rounds 1 >"$T/loopdead.out" 2>"$T/loopdead.err"
rc=$?
check "loopback with nothing coming back: exit 1, a clear message" \
	bash -c "[ $rc = 1 ] && grep -q 'FAIL: nothing came back: TX and RX are not bridged' '$T/loopdead.out' && grep -q 'loopback failed' '$T/loopdead.err'"
kill "$SIM_PID"
finish
