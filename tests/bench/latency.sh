#!/usr/bin/env bash
# Key-to-screen latency while the TCP bridge does not answer (make bench).
# A listener on 127.0.0.1 whose accept queue is full (hang_listener) makes
# every connect hang, which is what an unreachable ser2net looks like.  The
# terminal runs in tmux at 80x24; we switch views 20 times (keys 1..4) and
# time each from send-keys to the screen showing the new view's tab marked
# ("[2 Trace]").  The loop must never wait on the link: target p95 <= 100 ms.
set -u
: "${KMPTERM:=build/kmpterm}" "${HANG_LISTENER:=build/bench/hang_listener}"
command -v tmux >/dev/null || { echo "latency: tmux not installed, skipped"; exit 0; }
[ -x "$HANG_LISTENER" ] || { echo "latency: $HANG_LISTENER missing (make bench builds it)"; exit 1; }
T=$(mktemp -d /tmp/kmpterm-bench-latency.XXXXXX)
SOCK=kmpterm-bench-latency-$$
listener=
cleanup() {
	tmux -L "$SOCK" kill-server 2>/dev/null
	[ -n "$listener" ] && kill "$listener" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT

now_ms() { echo $(( ${EPOCHREALTIME/./} / 1000 )); }
screen() { tmux -L "$SOCK" capture-pane -p -t kt 2>/dev/null; }
# wait_marker MS REGEX: poll the screen until REGEX shows, at most MS ms
wait_marker() {
	local limit=$(( $(now_ms) + $1 ))
	until screen | grep -Eq -- "$2"; do
		[ "$(now_ms)" -lt "$limit" ] || return 1
		sleep 0.005
	done
}

"$HANG_LISTENER" >"$T/port" 2>"$T/listener.err" &
listener=$!
for _ in $(seq 200); do [ -s "$T/port" ] && break; sleep 0.01; done
port=$(head -n 1 "$T/port")
[ -n "$port" ] || { echo "latency: the hanging listener did not start: $(cat "$T/listener.err")"; exit 1; }

tmux -L "$SOCK" new-session -d -s kt -x 80 -y 24 "$KMPTERM -d tcp://127.0.0.1:$port"
# the first screen; the old blocking connect took up to 5 s to show it
wait_marker 20000 '\[1 Registers\]' || { echo "latency: the terminal did not start"; screen; exit 1; }

names=(x Registers Trace Align Scan)
views=(2 3 4 1 2 3 4 1 2 3 4 1 2 3 4 1 2 3 4 1)
ms=()
slow=0
for v in "${views[@]}"; do
	t0=$(now_ms)
	tmux -L "$SOCK" send-keys -t kt "$v"
	if wait_marker 15000 "\\[$v ${names[$v]}\\]"; then
		ms+=($(( $(now_ms) - t0 )))
	else
		ms+=(15000)
		slow=$((slow + 1))
	fi
	# spread the samples over the terminal's reconnect cycle
	sleep 0.$((RANDOM % 3 + 1))
done

printf '%s\n' "${ms[@]}" | sort -n | awk -v slow="$slow" '
	{ v[NR] = $1 }
	END {
		p50 = v[int((NR * 50 + 99) / 100)]; p95 = v[int((NR * 95 + 99) / 100)]
		printf "latency: key to screen with a hanging TCP bridge, %d view switches: p50 %d ms, p95 %d ms, max %d ms (target p95 <= 100 ms: %s)%s\n",
			NR, p50, p95, v[NR], p95 <= 100 ? "PASS" : "FAIL",
			slow ? sprintf("; %d switches not shown within 15 s", slow) : ""
	}'
