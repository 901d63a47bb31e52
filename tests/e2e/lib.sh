# Shared helpers for the end-to-end scripts (sourced, not run).
# KMPTERM and KMPSIM name the binaries under test; every script gets its
# own scratch directory and kills what it started on exit.
set -u
: "${KMPTERM:=build/asan/kmpterm}"
: "${KMPSIM:=build/asan/kmpsim}"
# absolute, so a script may run kmpterm from another directory
KMPTERM=$(realpath -m "$KMPTERM")
KMPSIM=$(realpath -m "$KMPSIM")
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
T=$(mktemp -d "${KMPTERM_TEST_TMP:-/tmp}/e2e.XXXXXX")
PIDS=()
FAILS=0
cleanup() {
	for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT

ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*"; FAILS=$((FAILS + 1)); }
check() { # check "description" command...
	local what=$1; shift
	if "$@"; then ok "$what"; else bad "$what"; fi
}
# skip "why": a check that cannot run here; run-all.sh lists every skip
skip() {
	echo "skip: $*"
	[ -n "${KMPTERM_SKIPS:-}" ] && echo "$(basename "$0" .sh): $*" >>"$KMPTERM_SKIPS"
	return 0
}
finish() { [ "$FAILS" -eq 0 ] || { echo "$FAILS check(s) failed"; exit 1; }; exit 0; }

# wait_for SECONDS command...: poll the condition every 0.05 s, bounded.
wait_for() {
	local limit=$1; shift
	local end=$(($(date +%s%N) + limit * 1000000000))
	until "$@"; do
		[ "$(date +%s%N)" -lt "$end" ] || return 1
		sleep 0.05
	done
}

# wait_exit SECONDS PID: wait for a background kmpterm, bounded; rc in $RC
wait_exit() {
	if wait_for "$1" bash -c "! kill -0 $2 2>/dev/null"; then
		wait "$2"
		RC=$?
	else
		kill -9 "$2" 2>/dev/null
		RC=124
	fi
}
# expect STATUS PATTERN command...: the exit status, a stderr line matching
# PATTERN and no sanitizer report; bounded by EXPECT_TIMEOUT seconds (30)
expect() {
	local want=$1 pattern=$2; shift 2
	timeout "${EXPECT_TIMEOUT:-30}" "$@" >"$T/out" 2>"$T/err"
	local rc=$?
	if [ $rc -eq "$want" ] && grep -Eq -- "$pattern" "$T/err" && ! grep -q 'Sanitizer' "$T/err"; then
		ok "${*#"$KMPTERM"} -> $rc: $(head -n 1 "$T/err")"
	else
		bad "${*#"$KMPTERM"} -> exit $rc (want $want), stderr: $(head -n 3 "$T/err")"
	fi
}
# gone PID: the process has ended
gone() { ! kill -0 "$1" 2>/dev/null; }

# start_sim NAME ARGS...: run kmpsim in the background; its first stdout
# line (pty path or TCP port) lands in $SIM_WHERE, its pid in $SIM_PID.
start_sim() {
	local name=$1; shift
	"$KMPSIM" "$@" >"$T/$name.out" 2>"$T/$name.err" &
	SIM_PID=$!
	PIDS+=("$SIM_PID")
	wait_for 10 test -s "$T/$name.out" || { echo "kmpsim did not start: $(cat "$T/$name.err")"; exit 1; }
	SIM_WHERE=$(head -n 1 "$T/$name.out")
}
