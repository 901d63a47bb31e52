#!/usr/bin/env bash
# kmpterm decode: every paste form, frames run together, exit statuses, and
# the README's example is what the program really prints.
. "$(dirname "$0")/lib.sh"
J() { "$KMPTERM" decode --json "$@"; }

want='{"frames":[{"direction":"request","wire":"80 3F 10 01 03 EA 4C B7 0D","address":63,"cid":16,"command":"GetRegister","crc":"ok","crc_given":"4CB7","crc_computed":"4CB7","error":null,"ids":[1002]}]}'
check "compact hex" test "$(J 803F100103EA4CB70D)" = "$want"
check "spaced hex in one argument" test "$(J '80 3F 10 01 03 EA 4C B7 0D')" = "$want"
check "one byte per argument" test "$(J 80 3F 10 01 03 EA 4C B7 0D)" = "$want"
check "ESPHome colons" test "$(J 80:3F:10:01:03:EA:4C:B7:0D)" = "$want"
check "0x bytes with commas" test "$(J 0x80,0x3F,0x10,0x01,0x03,0xEA,0x4C,0xB7,0x0D)" = "$want"
check "lower case" test "$(J 803f100103ea4cb70d)" = "$want"
check "hex on standard input" test "$(echo 803F100103EA4CB70D | "$KMPTERM" decode --json)" = "$want"

out=$(J 803F100103EA4CB70D403F1003EA2F040000030E33B2320D)
check "echo and reply run together: two frames" test "$(grep -o '"direction"' <<<"$out" | wc -l)" -eq 2
check "the reply's clock" grep -q '"value":"200243","text":"20:02:43"' <<<"$out"
out=$(J 403F10003C0204001BE4F90000A9B00D 403F10005625044200001BE47FBFA70D)
check "469303296 (1B E4 F9 destuffed one byte at a time)" grep -q '"value":"469303296"' <<<"$out"
check "70.39" grep -q '"value":"70.39"' <<<"$out"
check "GetType reply" grep -q '"meter_type":4,"sw_revision":"F1"' <<<"$(J 403F0100041BF90126990D)"
check "GetSerialNo reply" grep -q '"serial":19088743' <<<"$(J 403F0201234567E9560D)"
check "ACK" grep -q '"direction":"ack"' <<<"$(J 06)"

J 403F0201234567E9570D >"$T/crc.json"
check "bad CRC exits 1" test $? -eq 1
check "bad CRC reported with both values" grep -q '"crc":"bad","crc_given":"E957","crc_computed":"E956","error":"crc"' "$T/crc.json"
check "bad CRC gives no value" bash -c "! grep -q serial '$T/crc.json'"
J 403F021B0001234567E9560D >"$T/stuff.json"
check "bad stuffing exits 1" test $? -eq 1
check "bad stuffing is a stuffing error, not CRC" grep -q '"error":"stuffing"' "$T/stuff.json"
"$KMPTERM" decode 403F0201234567E9561B0D | grep -q 'invalid byte stuffing'
check "1B before the stop byte: stuffing (text)" test $? -eq 0
J 403F10 >"$T/cut.json"
check "truncated frame exits 1" test $? -eq 1

for bad in zz 803 '80 3' '8 0 3F' 'hello'; do
	"$KMPTERM" decode "$bad" >/dev/null 2>"$T/err"
	rc=$?
	check "'$bad' is a usage error (exit 2)" test $rc -eq 2
	check "'$bad' gets one line and Try --help" test "$(wc -l <"$T/err")" -eq 2
done
"$KMPTERM" decode </dev/null >/dev/null 2>&1
check "no hex at all: exit 2" test $? -eq 2
printf '80\0003F' | "$KMPTERM" decode >/dev/null 2>"$T/err"
check "a NUL byte on standard input: exit 2" test $? -eq 2
check "a NUL byte: one line and Try --help" test "$(wc -l <"$T/err")" -eq 2
printf 'zz\n' | "$KMPTERM" decode >/dev/null 2>"$T/err"
check "bad hex on standard input: the message is one line" test "$(wc -l <"$T/err")" -eq 2
for _ in $(seq 2000); do printf '803F0235E90D'; done >"$T/long.hex"
"$KMPTERM" decode --json <"$T/long.hex" >"$T/long.json"
check "2000 frames on one 24000-character line" test "$(grep -o '"GetSerialNo"' "$T/long.json" | wc -l)" -eq 2000

# the README's example is real output
sed -n '/^\$ kmpterm decode 403F1003/,/^```/p' README.md | sed '1d;$d' >"$T/readme"
hex=$(grep -o '^\$ kmpterm decode [0-9A-F]*' README.md | head -n 1 | awk '{print $4}')
"$KMPTERM" decode "$hex" >"$T/real"
check "README decode example matches the program" diff "$T/readme" "$T/real"
finish
