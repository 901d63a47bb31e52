#!/usr/bin/env bash
# Key-to-screen latency while the TCP bridge does not answer (make bench).
# A listener on 127.0.0.1 whose accept queue is full (hang_listener) makes
# every connect hang, which is what an unreachable ser2net looks like.  The
# terminal runs in tmux at 80x24; we switch views 20 times (keys 1..4) and
# time each from send-keys to the screen showing the new view's tab marked
# ("[2 Trace]").  The loop must never wait on the link: target p95 <= 100 ms.
#
# Keys and screen reads go through one tmux control-mode client, so a
# sample costs a round trip to the tmux server, not a process start.  The
# same switches with no link at all (-d /dev/null, refused at once) give
# the floor of the measurement on this machine, printed first.
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

now_us() { echo "${EPOCHREALTIME/./}"; }
# a pause without starting a process: read from a pipe nobody writes to
mkfifo "$T/never"
exec {never}<>"$T/never"
pause() { read -r -t "$1" -u "$never"; }

# tm CMD: run a tmux command in the control client; its output in TM_OUT
tm() {
	printf '%s\n' "$1" >&"${TM[1]}"
	local line inblock=0
	TM_OUT=
	while IFS= read -r line <&"${TM[0]}"; do
		case "$line" in
		%begin*) inblock=1 ;;
		%end* | %error*) [ "$inblock" = 1 ] && return 0 ;;
		%*) ;; # notifications between blocks
		*) [ "$inblock" = 1 ] && TM_OUT+="$line"$'\n' ;;
		esac
	done
	return 1 # the control client went away
}
# wait_tab MS N NAME: poll the tab bar (row 2) until "[N NAME]" shows
wait_tab() {
	local limit=$(($(now_us) + $1 * 1000))
	while tm "capture-pane -p -t kt -S 2 -E 2"; do
		[[ $TM_OUT == *"[$2 $3]"* ]] && return 0
		[ "$(now_us)" -lt "$limit" ] || return 1
		pause 0.001
	done
	return 1
}

names=(x Registers Trace Align Scan)
views=(2 3 4 1 2 3 4 1 2 3 4 1 2 3 4 1 2 3 4 1)

# measure LABEL DEVICE: 20 view switches on kmpterm -d DEVICE
measure() {
	tmux -L "$SOCK" kill-server 2>/dev/null
	tmux -L "$SOCK" new-session -d -s kt -x 80 -y 24 "$KMPTERM -d $2"
	coproc TM { tmux -L "$SOCK" -C attach -t kt 2>&1; }
	tm "refresh-client -f no-output"
	# the first screen (the old blocking connect took 5 s to show it)
	wait_tab 20000 1 Registers || { echo "latency: the terminal did not start on $2"; return 1; }
	local ms=() slow=0 t0
	for v in "${views[@]}"; do
		t0=$(now_us)
		tm "send-keys -t kt $v"
		if wait_tab 15000 "$v" "${names[$v]}"; then
			ms+=($((($(now_us) - t0 + 500) / 1000)))
		else
			ms+=(15000)
			slow=$((slow + 1))
		fi
		# spread the samples over the terminal's reconnect cycle
		pause "0.$((RANDOM % 3 + 1))"
	done
	printf '%s\n' "${ms[@]}" | sort -n | awk -v label="$1" -v slow="$slow" '
		{ v[NR] = $1 }
		END {
			p50 = v[int((NR * 50 + 99) / 100)]; p95 = v[int((NR * 95 + 99) / 100)]
			printf "latency: %s, %d view switches: p50 %d ms, p95 %d ms, max %d ms", label, NR, p50, p95, v[NR]
			if (label ~ /hanging/)
				printf " (target p95 <= 100 ms: %s)", p95 <= 100 ? "PASS" : "FAIL"
			if (slow)
				printf "; %d switches not shown within 15 s", slow
			printf "\n"
		}'
	tm "kill-server" || true
	wait "$TM_PID" 2>/dev/null
}

"$HANG_LISTENER" >"$T/port" 2>"$T/listener.err" &
listener=$!
for _ in $(seq 500); do [ -s "$T/port" ] && break; pause 0.01; done
port=$(head -n 1 "$T/port")
[ -n "$port" ] || { echo "latency: the hanging listener did not start: $(cat "$T/listener.err")"; exit 1; }

measure "no link at all (the floor of this measurement)" /dev/null
measure "key to screen with a hanging TCP bridge" "tcp://127.0.0.1:$port"
