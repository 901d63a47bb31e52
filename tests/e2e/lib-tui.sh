# The terminal in tmux, for the tui*.sh scripts (sourced after lib.sh): keys
# with send-keys, the screen read back with capture-pane, waiting for text
# with a bounded poll of the screen, never a fixed sleep.
#   TUI_SIZE  window size, COLSxROWS (default 80x24)
#   TUI_ENV   env(1) arguments for every start (an array; e.g. -u KMP_DEVICE)
#   TUI_DIR   working directory of kmpterm (default: the repository)
command -v tmux >/dev/null || { echo "tmux not installed: skipping $(basename "$0" .sh)"; exit 77; }

S=kmpterm-e2e-$(basename "$0" .sh)-$$
: "${TUI_SIZE:=80x24}"
trap 'tmux -L "$S" kill-server 2>/dev/null; cleanup' EXIT

screen() { tmux -L "$S" capture-pane -p -t kt 2>/dev/null; }
# has TEXT: the screen shows TEXT (an extended regex)
has() { screen | grep -Eq -- "$1"; }
# wait_text SECONDS REGEX
wait_text() { wait_for "$1" has "$2"; }
keys() { tmux -L "$S" send-keys -t kt "$@"; }
# a failed check shows the screen it looked at
bad() {
	echo "FAIL: $*"
	FAILS=$((FAILS + 1))
	screen | sed 's/^/    | /'
}
# start_tui ENV... -- ARGS...: kmpterm in a TUI_SIZE window (replacing one
# still open); its exit status lands in $T/exit, its stderr in $T/stderr
start_tui() {
	local env=("${TUI_ENV[@]}")
	while [ "$1" != -- ]; do env+=("$1"); shift; done
	shift
	rm -f "$T/exit" "$T/stderr"
	tmux -L "$S" kill-session -t kt 2>/dev/null
	local cmd
	printf -v cmd '%q ' env "${env[@]}" ASAN_OPTIONS=detect_leaks=0 "$KMPTERM" "$@"
	tmux -L "$S" new-session -d -s kt -x "${TUI_SIZE%x*}" -y "${TUI_SIZE#*x}" \
		-c "${TUI_DIR:-$PWD}" "$cmd 2>'$T/stderr'; echo \$? >'$T/exit'"
}
# exited: wait (bounded) for kmpterm to end
exited() { wait_for 10 test -s "$T/exit"; }
quit_tui() {
	keys q
	exited
}
