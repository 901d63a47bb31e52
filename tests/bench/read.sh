#!/usr/bin/env bash
# Read efficiency: 8 registers back to back for 20 rounds against a paced
# kmpsim (1200 baud 8N2, 50 ms latency).  The wire-limited minimum of one
# exchange is (request bytes + reply bytes) x 11 / baud + latency + one
# byte gap; the ratio of the summed minimum to the measured time (first TX
# to last RX in the --log) is printed.  Target: >= 0.95.
set -u
: "${KMPTERM:=build/kmpterm}" "${KMPSIM:=build/kmpsim}"
T=$(mktemp -d /tmp/kmpterm-bench.XXXXXX)
trap 'kill $sim 2>/dev/null; wait 2>/dev/null; rm -rf "$T"' EXIT
BAUD=1200 LATENCY_MS=50 ROUNDS=20
"$KMPSIM" --pty --baud $BAUD --latency $LATENCY_MS >"$T/sim.out" 2>"$T/sim.err" &
sim=$!
for _ in $(seq 100); do [ -s "$T/sim.out" ] && break; sleep 0.05; done
pty=$(head -n 1 "$T/sim.out")
"$KMPTERM" -d "$pty" --log "$T/log" read --json --repeat $ROUNDS --interval 0 \
	60 68 74 80 86 87 89 266 >/dev/null || { echo "read failed"; exit 1; }
# log: TIME DIR HEX STATUS DECODE (tab separated); time of day in seconds
awk -F'\t' -v baud=$BAUD -v lat=$LATENCY_MS '
function secs(t) { split(substr(t, 12, 12), a, ":"); return a[1] * 3600 + a[2] * 60 + a[3] }
$2 == "TX" { if (!first) first = secs($1); tx = split($3, b, " "); n++ }
$2 == "RX" { last = secs($1); rx = split($3, b, " ");
	min += (tx + rx) * 11 / baud + lat / 1000 + 11 / baud }
END {
	measured = last - first
	if (n == 0 || measured <= 0) { print "read efficiency: no exchanges measured"; exit 1 }
	# the first TX stamp is when the request was written; the minimum counts
	# the last exchange'"'"'s trailing gap, which the measurement does not
	min -= 11 / baud
	printf "read efficiency: %.3f (%d exchanges, %.3f s measured, %.3f s wire-limited minimum; target >= 0.95)\n", min / measured, n, measured, min
}' "$T/log"
