#!/usr/bin/env bash
# Run the whole end-to-end suite RUNS times, JOBS suites at a time, to show
# that it passes run after run (a race shows up as a run that fails).
#   tests/e2e/repeat.sh RUNS [JOBS]      (make e2e-repeat RUNS=20 JOBS=2)
# Each run has its own scratch directory and log, kept in $REPEAT_DIR
# (default: a new directory under /tmp); a failed run's scratch directory
# is kept as well.  Several suites at a time load the machine more than
# `make check` does (which runs one), so a pass with JOBS > 1 is the
# stronger result; JOBS = 1 is what CI sees.
# Prints one line per run as it ends, then "repeat: N runs ..., the longest
# streak of passes"; exit 0 when every run passed, 1 when one failed,
# 2 on a usage error.
set -u
cd "$(dirname "$0")/../.."
usage() { echo "usage: tests/e2e/repeat.sh RUNS [JOBS]  (RUNS >= 1, 1 <= JOBS <= 8)" >&2; exit 2; }
[ $# -ge 1 ] && [ $# -le 2 ] || usage
runs=$1 jobs=${2:-1}
[[ $runs =~ ^[0-9]+$ && $jobs =~ ^[0-9]+$ ]] || usage
[ "$runs" -ge 1 ] && [ "$jobs" -ge 1 ] && [ "$jobs" -le 8 ] || usage
export KMPTERM=${KMPTERM:-$PWD/build/asan/kmpterm}
export KMPSIM=${KMPSIM:-$PWD/build/asan/kmpsim}
for b in "$KMPTERM" "$KMPSIM"; do
	[ -x "$b" ] || { echo "repeat: $b not built (run make e2e once first)" >&2; exit 2; }
done
out=${REPEAT_DIR:-$(mktemp -d /tmp/kmpterm-repeat.XXXXXX)}
mkdir -p "$out" || exit 2
echo "repeat: $runs run(s), $jobs at a time; logs in $out"

# One run: its own scratch directory (run-all.sh removes it when the run
# passes), its result in run-N.rc so the summary does not depend on the
# order in which the runs end.
one() {
	local n=$1 start=$(date +%s) rc
	KMPTERM_TEST_TMP=$(mktemp -d /tmp/kmpterm-e2e.XXXXXX) \
		tests/e2e/run-all.sh >"$out/run-$n.log" 2>&1
	rc=$?
	echo $rc >"$out/run-$n.rc"
	if [ $rc -eq 0 ]; then
		echo "run $n: passed ($(($(date +%s) - start))s): $(tail -n 1 "$out/run-$n.log")"
	else
		echo "run $n: FAILED ($(($(date +%s) - start))s): $(grep '^failed: ' "$out/run-$n.log" || tail -n 1 "$out/run-$n.log")"
	fi
}

trap 'kill $(jobs -p) 2>/dev/null; exit 1' INT TERM
for n in $(seq 1 "$runs"); do
	while [ "$(jobs -pr | wc -l)" -ge "$jobs" ]; do wait -n; done
	one "$n" &
done
wait

pass=0 fail=0 streak=0 best=0
for n in $(seq 1 "$runs"); do
	if [ "$(cat "$out/run-$n.rc" 2>/dev/null)" = 0 ]; then
		pass=$((pass + 1)) streak=$((streak + 1))
		[ $streak -gt $best ] && best=$streak
	else
		fail=$((fail + 1)) streak=0
	fi
done
echo "repeat: $runs runs ($jobs at a time): $pass passed, $fail failed; longest streak $best"
[ $fail -eq 0 ]
