#!/usr/bin/env bash
# Benchmark (make bench, not a timed test): kmpterm history reading the 460
# records of the day logger, 4 registers (1002, 1003, 60, 68), from a paced
# kmpsim (1200 baud 8N2, 50 ms latency) compared with what the line allows.
#
# Per request the line needs (request bytes + reply bytes) x 11 / 1200 s,
# plus the meter's latency, plus one byte time of quiet after the reply
# (protocol notes, "Timing"): the wire-limited minimum for the same
# requests.  The byte counts come from the simulator's log (stuffing
# included).  A paced kmpsim answers exactly as fast as a meter on a wire,
# so the ratio must be at least 0.9.  The projection is the time these
# requests take on a real 1200-baud line, and what one more record per
# request (a meter with a larger reply buffer) would change.
set -u
cd "$(dirname "$0")/../.."
: "${KMPTERM:=build/kmpterm}"
: "${KMPSIM:=build/kmpsim}"
BAUD=1200
LAT_MS=50
REGS=1002,1003,60,68
T=$(mktemp -d /tmp/bench-history.XXXXXX)
SIM=
cleanup() {
	[ -n "$SIM" ] && kill "$SIM" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT

"$KMPSIM" --pty --baud $BAUD --latency $LAT_MS --logger-time 2026-11-28T12:30 \
	--log "$T/sim.jsonl" >"$T/sim.out" 2>"$T/sim.err" &
SIM=$!
for _ in $(seq 100); do [ -s "$T/sim.out" ] && break; sleep 0.05; done
PTY=$(head -n 1 "$T/sim.out")
[ -n "$PTY" ] || { echo "kmpsim did not start: $(cat "$T/sim.err")"; exit 1; }

"$KMPTERM" -d "$PTY" -b $BAUD history -r $REGS --json >"$T/history.json" 2>"$T/history.err" ||
	{ echo "kmpterm history failed: $(cat "$T/history.err")"; exit 1; }
elapsed=$(grep -o '"elapsed_s":[0-9.]*' "$T/history.json" | cut -d: -f2)
records=$(grep -o '"log_id":' "$T/history.json" | wc -l)

grep '"event":"request"' "$T/sim.jsonl" | grep '"command":"Logger"' |
	sed 's/.*"raw":"\([0-9a-f]*\)".*"reply_bytes":\([0-9]*\).*/\1 \2/' |
	awk -v baud=$BAUD -v lat=$LAT_MS -v el="$elapsed" -v recs="$records" '
	{ req = length($1) / 2; rep = $2; n++; rq += req; rp += rep }
	END {
		if (n == 0 || el <= 0) { print "no requests logged"; exit 1 }
		byte = 11 / baud; l = lat / 1000
		wire = (rq + rp) * byte + n * (l + byte)   # request + reply + latency + gap
		printf "history day logger, %d records x 4 registers at %d baud, latency %d ms: %d requests, %.1f s (%.2f records/s)\n", recs, baud, lat, n, el, recs / el
		printf "  bytes per request on average: request %.1f, reply %.1f (%.0f%% of the line carries replies)\n", rq / n, rp / n, 100 * rp / (rq + rp)
		r = wire / el
		printf "  wire-limited minimum for these requests: %.1f s: ratio %.3f (%s 0.9)\n", wire, r, (r >= 0.9 ? "PASS, at least" : "FAIL, below")
		printf "  projected at %d baud on a real line: %s for the day logger (%.0f s), %.0f ms per record\n", baud, hms(wire), wire, 1000 * wire / recs
		exit (r >= 0.9 ? 0 : 2)
	}
	function hms(s) { s = int(s + 0.5); return sprintf("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60) }'
