#!/usr/bin/env bash
# Long sessions (make bench): the real terminal in tmux against kmpsim,
# measured on kmpterm's own process.  The pane runs `exec kmpterm ...`, so
# the pane's pid (tmux list-panes -F '#{pane_pid}') is kmpterm itself, not
# a shell and not the tmux server.
#  1. memory: RSS sampled while the trace ring (TUI_TRACE_CAP, 5000
#     entries) fills and beyond, polling back to back through an echoing
#     head (3 frames per exchange, each one trace entry, counted exactly
#     from kmpterm's own --log): the curve rises while the ring fills and
#     must stay flat after; then peak RSS after 10k and 100k frames.
#  2. idle: the CPU share of a terminal at the default poll interval (10 s)
#     over 60 s, target at most 0.2 % of a core.
# Figures, not pass/fail of the build: a slow machine reports, it does not
# break make bench.
set -u
: "${KMPTERM:=build/kmpterm}" "${KMPSIM:=build/kmpsim}"
command -v tmux >/dev/null || { echo "longrun: tmux not installed, skipped"; exit 0; }
T=$(mktemp -d /tmp/kmpterm-bench.XXXXXX)
SOCK=kmpterm-bench-longrun-$$
IDLE_S=${LONGRUN_IDLE_S:-60}
sim=
cleanup() { tmux -L "$SOCK" kill-server 2>/dev/null; [ -n "$sim" ] && kill "$sim" 2>/dev/null; wait 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT

# bounded wait for a condition, polling every 0.05 s
wait_for() {
	local limit=$1; shift
	local end=$(($(date +%s%N) + limit * 1000000000))
	until "$@"; do
		[ "$(date +%s%N)" -lt "$end" ] || return 1
		sleep 0.05
	done
}
start_sim() { # sets $sim and $pty (not in a subshell: cleanup must see $sim)
	rm -f "$T/sim.out" "$T/sim.jsonl"
	"$KMPSIM" --pty "$@" --log "$T/sim.jsonl" >"$T/sim.out" 2>"$T/sim.err" &
	sim=$!
	wait_for 10 test -s "$T/sim.out" || { echo "longrun: kmpsim did not start: $(cat "$T/sim.err")"; exit 1; }
	pty=$(head -n 1 "$T/sim.out")
}
# start_term ARGS...: kmpterm in a 120x40 pane; sets $pid to kmpterm's own
start_term() {
	local cmd
	printf -v cmd '%q ' "$KMPTERM" "$@"
	tmux -L "$SOCK" kill-server 2>/dev/null
	tmux -L "$SOCK" new-session -d -x 120 -y 40 "exec $cmd 2>'$T/term.err'"
	pid=$(tmux -L "$SOCK" list-panes -F '#{pane_pid}' | head -n 1)
	# the pane execs kmpterm; make sure this is it before measuring it
	wait_for 5 bash -c "[ \"\$(cat /proc/$pid/comm 2>/dev/null)\" = kmpterm ]" ||
		{ echo "longrun: pane $pid is $(cat "/proc/$pid/comm" 2>/dev/null), not kmpterm: $(cat "$T/term.err")"; exit 1; }
}
frames() { wc -l <"$T/term.log" 2>/dev/null || echo 0; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
hwm_kb() { awk '/^VmHWM/ {print $2}' "/proc/$1/status"; }

# --- 1. memory while the trace ring fills, and after 100k frames ---
start_sim --no-pace --latency 0 --echo --baud 9600
# 9600 baud on both sides (a reply comes no sooner than the request's wire
# time): frames come 8 times sooner than at 1200; memory does not care
start_term -d "$pty" -b 9600 --interval 0 --log "$T/term.log"
echo "memory: kmpterm pid $pid, RSS while the 5000-entry trace ring fills (3 frames per exchange):"
printf '  %8s  %8s\n' frames "RSS MiB"
marks=(0 500 1000 1500 2000 2500 3000 3500 4000 4500 5000 6000 7500 10000 20000 50000 100000)
start=$SECONDS
declare -A rss
for m in "${marks[@]}"; do
	if ! wait_for 600 bash -c "[ \$(wc -l <'$T/term.log' 2>/dev/null || echo 0) -ge $m ]"; then
		echo "longrun: only $(frames) frames after $((SECONDS - start)) s"; exit 1
	fi
	rss[$m]=$(rss_kb "$pid")
	[ "$m" = 10000 ] && hwm10=$(hwm_kb "$pid")
	awk -v f="$(frames)" -v r="${rss[$m]}" 'BEGIN { printf "  %8d  %8.2f\n", f, r / 1024 }'
done
hwm100=$(hwm_kb "$pid")
secs=$((SECONDS - start))
awk -v full="${rss[5000]}" -v after="${rss[100000]}" -v empty="${rss[0]}" 'BEGIN {
	printf "memory: the full ring added %.2f MiB; from 5000 to 100000 frames RSS changed by %+.2f MiB (ratio %.3f, flat: close to 1)\n",
		(full - empty) / 1024, (after - full) / 1024, after / full }'
awk -v a="$hwm10" -v b="$hwm100" -v s="$secs" 'BEGIN {
	printf "memory: peak RSS %.1f MiB after 10k frames, %.1f MiB after 100k frames: ratio %.3f [%d s]\n", a / 1024, b / 1024, b / a, s }'
tmux -L "$SOCK" kill-server 2>/dev/null
kill "$sim"; wait "$sim" 2>/dev/null

# --- 2. idle CPU at the default poll interval ---
start_sim
start_term -d "$pty"
# measure from the first poll on (connected, meter identified)
wait_for 30 grep -q '"event":"request"' "$T/sim.jsonl" || { echo "longrun: the terminal never polled"; exit 1; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }     # user + system, all threads
cpu_ns() { cat /proc/"$1"/task/*/schedstat | awk '{s += $1} END {print s}'; }
wakes() { awk '/^voluntary_ctxt_switches/ {print $2}' "/proc/$1/status"; }
req0=$(grep -c '"event":"request"' "$T/sim.jsonl")
t0=$(ticks "$pid"); n0=$(cpu_ns "$pid"); v0=$(wakes "$pid"); w0=$(date +%s%N)
sleep "$IDLE_S"
t1=$(ticks "$pid"); n1=$(cpu_ns "$pid"); v1=$(wakes "$pid"); w1=$(date +%s%N)
req1=$(grep -c '"event":"request"' "$T/sim.jsonl")
hz=$(getconf CLK_TCK)
awk -v t=$((t1 - t0)) -v hz="$hz" -v ns=$((n1 - n0)) -v w=$(((w1 - w0) / 1000000)) \
	-v v=$((v1 - v0)) -v r=$((req1 - req0)) 'BEGIN {
	s = w / 1000; share = ns / 1e9 / s
	printf "idle: kmpterm used %.3f %% of a core over %.1f s at the default 10 s poll (%d requests, %.1f wake-ups/s; %d clock ticks = %.2f %%): target <= 0.2 %%: %s\n",
		share * 100, s, r, v / s, t, t / hz / s * 100, share <= 0.002 ? "met" : "NOT met" }'
