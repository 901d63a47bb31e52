#!/usr/bin/env bash
# Print the README's "What it looks like" captures: the real terminal on the
# built-in simulated meter (what `make demo` opens) in an 80x24 tmux window,
# one capture-pane per view, as markdown.  Nothing here is drawn by hand.
#
#   make build/kmpterm && tools/readme-screens.sh > /tmp/screens.md
#
# Waits are bounded polls of the screen for a text; the only fixed sleep
# lets the Align view collect a few seconds of probes.  The simulator's
# values move with time (and the clock is the real one), so two runs differ
# in the digits, not in the layout.
set -eu
cd "$(dirname "$0")/.."
KMPTERM=$(realpath "${KMPTERM:-build/kmpterm}")
[ -x "$KMPTERM" ] || { echo "readme-screens: $KMPTERM missing: run make first" >&2; exit 1; }
command -v tmux >/dev/null || { echo "readme-screens: needs tmux" >&2; exit 1; }

S=kmpterm-readme-$$

screen() { tmux -L "$S" capture-pane -p -t rs; }
keys() { tmux -L "$S" send-keys -t rs "$@"; }
# wait_text SECONDS REGEX: poll the screen every 0.1 s until REGEX shows
wait_text() {
	local end=$((SECONDS + $1))
	until screen | grep -Eq -- "$2"; do
		if [ "$SECONDS" -ge "$end" ]; then
			echo "readme-screens: gave up waiting for /$2/ on:" >&2
			screen >&2
			exit 1
		fi
		sleep 0.1
	done
}
# show TITLE: the current screen as a markdown section
show() {
	printf '### %s\n\n```\n' "$1"
	screen
	printf '```\n\n'
}

# a config file of the user's must not change what the README shows, and
# the files the views save (view 4 saves its scan as it goes) stay out of
# the working tree: the terminal runs in a scratch directory
XDG_CONFIG_HOME=$(mktemp -d)
export XDG_CONFIG_HOME
trap 'tmux -L "$S" kill-server 2>/dev/null || true; rm -rf "$XDG_CONFIG_HOME"' EXIT
tmux -L "$S" new-session -d -s rs -x 80 -y 24 -c "$XDG_CONFIG_HOME" \
	"env LANG=C.UTF-8 LC_ALL=C.UTF-8 $KMPTERM --sim --sim-args '--seed 1 --logger-time 2026-11-28T12:30' --scan-range 0-300"

# the screen as `make demo` opens it: identification and one round read
wait_text 20 '10 registers: 10 ok'
show "1 Registers: the live table"

keys 2
wait_text 5 'CRC OK GetRegister'
show "2 Trace: every frame with its CRC check and decode"

keys 3
wait_text 5 'probes/s'
sleep 3 # the probe statistics and history build up while the view is shown
show "3 Align: the answer rate while you position the head"

keys 4
wait_text 5 'Range 0\.\.300'
keys s # the known IDs first, then f: the rest of the range
wait_text 120 'known IDs: ([0-9]+)/\1'
keys f
wait_text 120 'rest of range: 301/301 IDs'
show "4 Scan: register discovery (here IDs 0-300)"

keys 5
wait_text 20 'verdict'
show "5 Identify: what is on this line, and at which settings"

# the history view: the newest 30 day records (the loggers lead up to
# --logger-time), then their chart
keys 6
wait_text 5 'Logger: day'
keys n
wait_text 5 'Newest N records'
keys 30 Enter s
wait_text 120 '30/30 records'
show "6 History: the meter's own day logger (the newest 30 records)"
keys c
wait_text 5 'Chart of 60'
show "6 History: the chart of one register (c)"

keys q
