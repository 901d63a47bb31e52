#!/usr/bin/env bash
# identify and scan --known against paced simulated meters (issue 12):
#  1. time to verdict on an awake 1200 8N2 meter (target <= 1.5 s), with
#     the protocol's minimum for the same exchanges: per exchange (request
#     + reply bytes) x 11 / 1200 + the meter's 50 ms + one byte gap;
#  2. a full sweep when nothing answers (target <= 20 s), with its minimum:
#     per KMP setting the request on the wire and the 1.6 s a first reply
#     byte may take, the 1.6 s pause after each failure ("Timing"), the
#     legacy request at 300 baud and the 2 s its answer may take ("normally
#     1-2 sec", 5511-634);
#  3. scan --known on a paced MULTICAL 403 against the wire-limited minimum
#     for the same IDs (target >= 0.9), and whether it found every register
#     a scan of the whole range the 403's IDs live in (0..2047) finds.
# Prints the figures; exit 1 when a target is missed or a run failed.
set -u
: "${KMPTERM:=build/kmpterm}" "${KMPSIM:=build/kmpsim}"
T=$(mktemp -d /tmp/kmpterm-bench.XXXXXX)
sim=
trap '[ -n "$sim" ] && kill "$sim" 2>/dev/null; wait 2>/dev/null; rm -rf "$T"' EXIT
fail=0

start() { # start ARGS...: kmpsim on a pty, its path in $pty
	"$KMPSIM" "$@" >"$T/sim.out" 2>"$T/sim.err" &
	sim=$!
	for _ in $(seq 200); do [ -s "$T/sim.out" ] && break; sleep 0.05; done
	pty=$(head -n 1 "$T/sim.out")
	[ -n "$pty" ] || { echo "identify bench: kmpsim did not start: $(cat "$T/sim.err")"; exit 1; }
}
stop() { kill "$sim" 2>/dev/null; wait "$sim" 2>/dev/null; sim=; }
now() { date +%s%N; }

# exchanges' protocol minimum from a --log trace: TX and RX bytes on the
# wire at 1200 8N2, the meter's latency and a byte gap per exchange
wire_min() {
	awk -F'\t' -v lat="$2" '
	$2 == "TX" { tx += split($3, b, " "); n++ }
	$2 == "RX" { rx += split($3, b, " ") }
	END { bt = 11 / 1200; printf "%.3f %d %d %d\n", (tx + rx) * bt + n * (lat / 1000 + bt), n, tx, rx }' "$1"
}

# --- 1. an awake meter ---
start --profile multical403
best=
for i in 1 2 3; do
	rm -f "$T/log1"
	t0=$(now)
	"$KMPTERM" -d "$pty" --log "$T/log1" identify --json >"$T/id1.json" 2>/dev/null
	t1=$(now)
	grep -q '"verdict":"kmp"' "$T/id1.json" || { echo "identify bench: no kmp verdict: $(cat "$T/id1.json")"; fail=1; }
	ms=$(((t1 - t0) / 1000000))
	[ -z "$best" ] || [ "$ms" -lt "$best" ] && best=$ms
done
stop
read -r min n tx rx < <(wire_min "$T/log1" 50)
listen=$(awk 'BEGIN { printf "%.3f", 0.3 }')
awk -v m="$best" -v min="$min" -v n="$n" -v tx="$tx" -v rx="$rx" -v l="$listen" 'BEGIN {
	printf "identify, awake 1200 8N2 meter: %.2f s to the verdict (best of 3, process start to exit); target <= 1.5 s\n", m / 1000
	printf "  protocol minimum %.2f s: %d exchanges (%d request + %d reply bytes at 1200 8N2, 50 ms latency, a byte gap each) + %.1f s of listening first = %.2f s; ratio %.2f\n", min, n, tx, rx, l, min + l, (min + l) / (m / 1000)
	exit m <= 1500 ? 0 : 1 }' || fail=1

# --- 2. nothing answers: the whole sweep ---
start --profile multical403 --dead
t0=$(now)
"$KMPTERM" -d "$pty" identify --json >"$T/id2.json" 2>/dev/null
t1=$(now)
stop
grep -q '"verdict":"silent"' "$T/id2.json" || { echo "identify bench: expected silent: $(cat "$T/id2.json")"; fail=1; }
awk -v m="$(((t1 - t0) / 1000000))" 'BEGIN {
	# GetType is 6 bytes: 11 bits each at 8N2, 10 at 8N1
	kmp = 6 * 11 / 1200 + 6 * 10 / 1200 + 6 * 11 / 2400 + 6 * 10 / 9600
	min = kmp + 4 * 1.6 + 4 * 1.6 + 3 * 11 / 300 + 2.0
	printf "identify, nothing answering (full sweep): %.1f s to the verdict; target <= 20 s\n", m / 1000
	printf "  protocol minimum %.1f s: 4 KMP settings x (GetType on the wire + 1.6 s for a first byte + 1.6 s pause after the failure), /#1 at 300 baud + 2 s for its answer; ratio %.2f\n", min, min / (m / 1000)
	exit m <= 20000 ? 0 : 1 }' || fail=1

# --- 3. scan --known on a paced MULTICAL 403 ---
start --profile multical403 --baud 115200 --latency 1
"$KMPTERM" -d "$pty" -b 115200 scan --from 0 --to 2047 --json >"$T/full.json" 2>/dev/null
stop
start --profile multical403
t0=$(now)
"$KMPTERM" -d "$pty" --family multical403 --log "$T/log3" scan --known --json >"$T/known.json" 2>/dev/null
t1=$(now)
stop
read -r min3 n3 tx3 rx3 < <(wire_min "$T/log3" 50)
found_known=$(grep -o '"id":[0-9]*' "$T/known.json" | sort -u)
found_full=$(grep -o '"id":[0-9]*' "$T/full.json" | sort -u)
nk=$(echo "$found_known" | grep -c .)
nf=$(echo "$found_full" | grep -c .)
all=no
[ "$found_known" = "$found_full" ] && [ "$nk" -gt 0 ] && all=yes
awk -v m="$(((t1 - t0) / 1000000))" -v min="$min3" -v n="$n3" -v tx="$tx3" -v rx="$rx3" -v nk="$nk" -v nf="$nf" -v all="$all" 'BEGIN {
	r = min / (m / 1000)
	printf "scan --known, paced MULTICAL 403: %.1f s for %d requests, wire-limited minimum %.1f s (%d request + %d reply bytes at 1200 8N2, 50 ms latency and a byte gap each): ratio %.2f; target >= 0.9\n", m / 1000, n, min, tx, rx, r
	printf "  found %d registers; a scan of 0..2047 finds %d: %s\n", nk, nf, all == "yes" ? "every one" : "SOME MISSING"
	exit (r >= 0.9 && all == "yes") ? 0 : 1 }' || fail=1
exit $fail
