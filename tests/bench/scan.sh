#!/usr/bin/env bash
# Benchmark (make bench, not a timed test): kmpterm scan of IDs 0..799
# against a paced kmpsim (1200 baud 8N2, 50 ms latency, its built-in
# registers) compared with what the line allows.
#
# Per request the line needs (request bytes + reply bytes) x 11 / 1200 s,
# plus the meter's latency, plus one byte time of quiet after the reply
# (protocol notes, "Timing"): the wire-limited maximum.  The byte counts of
# every request come from the simulator's log (stuffing included).
#
# A paced kmpsim times its reply from when the request's last byte would
# have arrived on a real line, and hands each byte over when its stop bit
# ends, so the wire-limited maximum is exactly what the simulator allows:
# the ratio must be at least 0.9.
set -u
cd "$(dirname "$0")/../.."
: "${KMPTERM:=build/kmpterm}"
: "${KMPSIM:=build/kmpsim}"
FROM=${SCAN_BENCH_FROM:-0}
TO=${SCAN_BENCH_TO:-799}
BAUD=1200
LAT_MS=50
T=$(mktemp -d /tmp/bench-scan.XXXXXX)
SIM=
cleanup() {
	[ -n "$SIM" ] && kill "$SIM" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT

"$KMPSIM" --pty --baud $BAUD --latency $LAT_MS --log "$T/sim.jsonl" >"$T/sim.out" 2>"$T/sim.err" &
SIM=$!
for _ in $(seq 100); do [ -s "$T/sim.out" ] && break; sleep 0.05; done
PTY=$(head -n 1 "$T/sim.out")
[ -n "$PTY" ] || { echo "kmpsim did not start: $(cat "$T/sim.err")"; exit 1; }

"$KMPTERM" -d "$PTY" -b $BAUD scan --from "$FROM" --to "$TO" --json >"$T/scan.json" 2>"$T/scan.err" ||
	{ echo "kmpterm scan failed: $(cat "$T/scan.err")"; exit 1; }
elapsed=$(grep -o '"elapsed_s":[0-9.]*' "$T/scan.json" | cut -d: -f2)
found=$(grep -o '"id":' "$T/scan.json" | wc -l)

# request bytes (hex length / 2) and reply bytes of every GetRegister
grep '"event":"request"' "$T/sim.jsonl" | grep '"command":"GetRegister"' |
	sed 's/.*"raw":"\([0-9a-f]*\)".*"reply_bytes":\([0-9]*\).*/\1 \2/' |
	awk -v baud=$BAUD -v lat=$LAT_MS -v el="$elapsed" -v from="$FROM" -v to="$TO" -v found="$found" '
	{ req = length($1) / 2; rep = $2; n++; rq += req; rp += rep }
	END {
		if (n == 0 || el <= 0) { print "no requests logged"; exit 1 }
		byte = 11 / baud; l = lat / 1000; ids = to - from + 1
		wire = (rq + rp) * byte + n * (l + byte)   # the line: request + reply + latency + gap
		printf "scan %d..%d at %d baud, latency %d ms: %d requests, %d registers, %.2f s (%.1f IDs/s)\n", from, to, baud, lat, n, found, el, ids / el
		printf "  bytes per request on average: request %.1f, reply %.1f\n", rq / n, rp / n
		r = wire / el
		printf "  wire-limited maximum: %.2f s (%.1f IDs/s): ratio %.3f (%s 0.9)\n", wire, ids / wire, r, (r >= 0.9 ? "PASS, at least" : "FAIL, below")
		# projection: 8192 requests of 8 IDs that are almost all absent:
		# request 80 3F 10 08 + 16 ID bytes + CRC + 0D = 23, reply 40 3F 10 CRC 0D = 6
		per8 = (23 + 6) * byte + l + byte
		per1 = (9 + 6) * byte + l + byte
		full8 = 8192 * per8; full1 = 65536 * per1
		printf "  projected full range 0..65535 at %d baud, 8 IDs per request: 8192 x %.3f s = %s (%.0f s)\n", baud, per8, hms(full8), full8
		printf "  one ID per request (as a prober does): 65536 x %.3f s = %s (%.0f s), %.1f x longer\n", per1, hms(full1), full1, full1 / full8
		exit (r >= 0.9 ? 0 : 2)
	}
	function hms(s) { s = int(s + 0.5); return sprintf("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60) }'
