#!/usr/bin/env bash
# Probe rate: `kmpterm probe` against a paced kmpsim (1200 baud 8N2, 50 ms
# latency), compared with the fastest the line and the protocol allow:
# per probe (request bytes + reply bytes) x 11 / baud + meter latency + one
# byte gap after the reply ("Timing").  Target: >= 0.95.
#
# A paced kmpsim answers as a meter on a real wire would (its latency runs
# from the request's last byte on the line, each reply byte arrives when its
# stop bit ends), so the wire formula is exactly the limit.
# Exit 0: measured (ratio printed), 1: below 0.95 or could not run.
set -u
: "${KMPTERM:=build/kmpterm}" "${KMPSIM:=build/kmpsim}"
BAUD=1200 LATENCY_MS=50 COUNT=${PROBE_BENCH_COUNT:-60}
T=$(mktemp -d /tmp/kmpterm-bench.XXXXXX)
sim=
trap '[ -n "$sim" ] && kill "$sim" 2>/dev/null; wait 2>/dev/null; rm -rf "$T"' EXIT

"$KMPSIM" --pty --baud $BAUD --latency $LATENCY_MS >"$T/sim.out" 2>"$T/sim.err" &
sim=$!
for _ in $(seq 200); do [ -s "$T/sim.out" ] && break; sleep 0.05; done
pty=$(head -n 1 "$T/sim.out")
[ -n "$pty" ] || { echo "probe bench: kmpsim did not start: $(cat "$T/sim.err")"; exit 1; }

"$KMPTERM" -d "$pty" --log "$T/log" probe --json --count "$COUNT" >"$T/json" ||
	{ echo "probe bench: kmpterm probe failed: $(cat "$T/json")"; exit 1; }
rate=$(sed -n 's/.*"rate_hz":\([0-9.]*\).*/\1/p' "$T/json")
ok=$(sed -n 's/.*"ok":\([0-9]*\).*/\1/p' "$T/json")
[ "$ok" = "$COUNT" ] || { echo "probe bench: only $ok of $COUNT probes answered: $(cat "$T/json")"; exit 1; }

# log: TIME DIR HEX STATUS DECODE (tab separated)
awk -F'\t' -v baud=$BAUD -v lat=$LATENCY_MS -v rate="$rate" '
function secs(t) { split(substr(t, 12, 12), a, ":"); return a[1] * 3600 + a[2] * 60 + a[3] }
$2 == "TX" { t_tx = secs($1); req = split($3, b, " ") }
$2 == "RX" { rep = split($3, b, " "); turn[n++] = secs($1) - t_tx }
END {
	if (n == 0 || rate <= 0) { print "probe efficiency: no probes measured"; exit 1 }
	bt = 11 / baud; l = lat / 1000
	wire = (req + rep) * bt + l + bt
	# median time from writing the request to the reply'"'"'s last byte
	for (i = 0; i < n; i++) for (j = i + 1; j < n; j++) if (turn[j] < turn[i]) { x = turn[i]; turn[i] = turn[j]; turn[j] = x }
	med = turn[int(n / 2)]
	ratio = rate * wire
	printf "probe efficiency: %.2f (%.2f probes/s measured, %.2f max)\n", ratio, rate, 1 / wire
	printf "  max = (%d request + %d reply bytes) x 11 / %d + %d ms latency + 1 byte gap\n", req, rep, baud, lat
	printf "  %d probes, median request-to-reply %.0f ms; target >= 0.95\n", n, med * 1000
	exit ratio >= 0.95 ? 0 : 1
}' "$T/log"
