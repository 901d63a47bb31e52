#!/usr/bin/env bash
# Long sessions (make bench): the real terminal in tmux against kmpsim.
#  1. memory: peak RSS (VmHWM) after 10k and after 100k frames, polling back
#     to back through an echoing head (3 frames per exchange): the ratio
#     shows whether memory stays flat (the trace keeps a bounded ring);
#  2. idle: the CPU share of a terminal polling once a second for 10 s.
set -u
: "${KMPTERM:=build/kmpterm}" "${KMPSIM:=build/kmpsim}"
command -v tmux >/dev/null || { echo "longrun: tmux not installed, skipped"; exit 0; }
T=$(mktemp -d /tmp/kmpterm-bench.XXXXXX)
SOCK=kmpterm-bench-$$
sim=
cleanup() { tmux -L $SOCK kill-server 2>/dev/null; [ -n "$sim" ] && kill $sim 2>/dev/null; wait 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT

start_sim() { # sets $sim and $pty (not in a subshell: cleanup must see $sim)
	rm -f "$T/sim.out" "$T/sim.jsonl"
	"$KMPSIM" --pty "$@" --log "$T/sim.jsonl" >"$T/sim.out" 2>"$T/sim.err" &
	sim=$!
	for _ in $(seq 100); do [ -s "$T/sim.out" ] && break; sleep 0.05; done
	pty=$(head -n 1 "$T/sim.out")
}
term_pid() { # the kmpterm process inside tmux
	for _ in $(seq 100); do
		p=$(pgrep -f "kmpterm -d $1" | head -n 1)
		[ -n "$p" ] && { echo "$p"; return; }
		sleep 0.05
	done
}
requests() { grep -c '"event":"request"' "$T/sim.jsonl" 2>/dev/null || echo 0; }
hwm_kb() { awk '/^VmHWM/ {print $2}' "/proc/$1/status"; }

# --- 1. memory after 100k frames ---
start_sim --no-pace --latency 0 --echo
# 9600 baud: the gap after each reply is one byte time, so this reaches
# 100k frames 8 times sooner than 1200 would; memory does not care
tmux -L $SOCK new-session -d -x 120 -y 40 "$KMPTERM -d $pty -b 9600 --interval 0"
pid=$(term_pid "$pty")
[ -n "$pid" ] || { echo "longrun: kmpterm did not start"; exit 1; }
wait_requests() { # frames = 3 x requests (TX, ECHO, RX)
	local want=$1 limit=$2 start=$SECONDS
	while [ "$(requests)" -lt "$want" ]; do
		[ $((SECONDS - start)) -lt "$limit" ] || return 1
		sleep 0.2
	done
}
start=$SECONDS
wait_requests 3334 120 || { echo "longrun: too slow to reach 10k frames"; exit 1; }
hwm10=$(hwm_kb "$pid")
wait_requests 33334 600 || { echo "longrun: too slow to reach 100k frames"; exit 1; }
hwm100=$(hwm_kb "$pid")
secs=$((SECONDS - start))
awk -v a="$hwm10" -v b="$hwm100" -v s="$secs" 'BEGIN {
	printf "memory: peak RSS %.1f MiB after 10k frames, %.1f MiB after 100k frames: ratio %.3f (flat: close to 1) [%d s]\n", a / 1024, b / 1024, b / a, s }'
tmux -L $SOCK kill-server 2>/dev/null
kill $sim; wait $sim 2>/dev/null

# --- 2. idle CPU, polling once a second ---
start_sim
tmux -L $SOCK new-session -d -x 120 -y 40 "$KMPTERM -d $pty --interval 1"
pid=$(term_pid "$pty")
sleep 2 # let it connect and identify the meter; the measurement starts after
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
t0=$(ticks "$pid"); w0=$(date +%s%N)
sleep 10
t1=$(ticks "$pid"); w1=$(date +%s%N)
hz=$(getconf CLK_TCK)
awk -v t=$((t1 - t0)) -v hz="$hz" -v w=$(((w1 - w0) / 1000000)) 'BEGIN {
	share = t / hz / (w / 1000)
	printf "idle: %.2f %% of a core over %.1f s polling once a second (%s well under 1 %%)\n", share * 100, w / 1000, share < 0.01 ? "PASS," : "FAIL, not" }'
