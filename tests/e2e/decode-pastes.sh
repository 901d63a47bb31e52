#!/usr/bin/env bash
# kmpterm decode reads what people paste: each file of tests/data/pastes/
# decodes to the frames its .expect lists, with the side the paste says;
# a line it cannot read is reported with its line and column and the rest
# is still decoded; its own --log of a session with the simulated meter
# gives the same frames as that session.
. "$(dirname "$0")/lib.sh"
P=tests/data/pastes
PY=$(command -v /usr/bin/python3 || command -v python3)
# frames FILE.json: "SIDE DIRECTION WIRE" per frame (SIDE - when not said)
frames() { "$PY" -c 'import json,sys
for f in json.load(open(sys.argv[1]))["frames"]:
    print(f.get("side", "-"), f["direction"] or f["error"], f["wire"])' "$1"; }

n=0
for f in "$P"/*.txt; do
	name=$(basename "$f" .txt)
	"$KMPTERM" decode --json "$f" >"$T/$name.json" 2>"$T/$name.err"
	rc=$?
	# the garbage before the frames of hexdump-star is no frame: exit 1
	want=0 && [ "$name" = hexdump-star ] && want=1
	check "$name: exit $want, nothing unreadable" test $rc -eq $want -a ! -s "$T/$name.err"
	frames "$T/$name.json" >"$T/$name.got"
	check "$name: the frames and sides of $name.expect" diff "$T/$name.got" "$P/$name.expect"
	n=$((n + 1))
done
check "12 paste forms tried" test "$n" -eq 12

# the same from standard input and as arguments
"$KMPTERM" decode --json - <"$P/esphome.txt" >"$T/stdin.json"
frames "$T/stdin.json" >"$T/stdin.got"
check "decode - reads standard input" diff "$T/stdin.got" "$P/esphome.expect"
"$KMPTERM" decode --json <"$P/socat.txt" >"$T/stdin2.json"
frames "$T/stdin2.json" >"$T/stdin2.got"
check "decode without arguments reads standard input too" diff "$T/stdin2.got" "$P/socat.expect"
"$KMPTERM" decode --json "$(sed -n 2p "$P/esphome.txt")" "$(sed -n 3p "$P/esphome.txt")" >"$T/args.json"
frames "$T/args.json" >"$T/args.got"
check "whole ESPHome lines as arguments" diff "$T/args.got" "$P/esphome.expect"
check "the JSON names the line and the time of each frame" \
	grep -q '"direction":"reply","side":"RX","line":3,"time":"12:00:01","wire":"40 3F 10 03' "$T/$(basename esphome).json"
"$KMPTERM" decode "$P/esphome.txt" >"$T/esp.txt"
check "text: side, line and time in the frame's heading" grep -qx 'frame 2: reply, 15 bytes on the wire, RX, line 3, at 12:00:01' "$T/esp.txt"
check "text: the reply's value" grep -q 'register 1002 (Clock (hh:mm:ss)): 20:02:43' "$T/esp.txt"

# --- what it cannot read: line and column, the rest decoded ---
{
	sed -n 2p "$P/esphome.txt"
	echo "[12:00:01][D][uart_debug:114]: <<< 40:3F:1G:03"
	echo "0000000 3f80 0235 0de9"
	sed -n 3p "$P/esphome.txt"
} >"$T/mixed.txt"
"$KMPTERM" decode --json "$T/mixed.txt" >"$T/mixed.json" 2>"$T/mixed.err"
check "unreadable lines: exit 1" test $? -eq 1
check "... line 2 reported with its column" grep -q "mixed.txt:2:43: not hex: unexpected 'G'" "$T/mixed.err"
check "... plain hexdump (16-bit words) named, not guessed" grep -q 'mixed.txt:3:9: hexdump without -C shows 16-bit words' "$T/mixed.err"
frames "$T/mixed.json" >"$T/mixed.got"
check "... and the frames around them still decoded" diff "$T/mixed.got" "$P/esphome.expect"
"$KMPTERM" decode "hello world" >/dev/null 2>"$T/none.err"
check "nothing readable at all: usage error (exit 2)" test $? -eq 2
check "... naming the argument and character" grep -q "argument 1, character 1: not hex: unexpected 'h'" "$T/none.err"

# --- its own --log, taken against the simulated meter ---
"$KMPTERM" --sim --sim-args=--echo --log "$T/session.log" read --json 60 68 86 1002 1003 >"$T/session.json" 2>/dev/null
check "a session with the simulated meter (echoing head) logged" grep -q $'\tRX\t' "$T/session.log"
"$KMPTERM" decode --json "$T/session.log" >"$T/log.json"
check "decode of the --log file: exit 0" test $? -eq 0
awk -F'\t' '$3 != "-" { s = ($2 == "TX") ? "TX" : "RX"; print s, $3 }' "$T/session.log" >"$T/log.want"
"$PY" -c 'import json,sys
for f in json.load(open(sys.argv[1]))["frames"]: print(f["side"], f["wire"])' "$T/log.json" >"$T/log.got"
check "the same frames, in the same order and on the same side, as the session" diff "$T/log.got" "$T/log.want"
check "... as many as the log has lines with bytes ($(wc -l <"$T/log.want"))" test "$(wc -l <"$T/log.got")" -eq "$(wc -l <"$T/log.want")"
"$PY" -c 'import json,sys
vals = {}
for f in json.load(open(sys.argv[1]))["frames"]:
    for r in f.get("registers", []): vals[r["id"]] = r["value"]
for r in json.load(open(sys.argv[2]))["registers"]:
    assert vals[r["id"]] == r["value"], (r, vals)
print("same")' "$T/log.json" "$T/session.json" >"$T/vals" 2>&1
check "... and the same register values the session printed" grep -qx same "$T/vals"
finish
