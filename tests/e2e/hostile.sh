#!/usr/bin/env bash
# kmpterm against a hostile meter (tests/tools/hostile_meter.c) on a pty:
# wrong command or address, registers never asked for, a register twice
# (two values, two units), 1B before 0D, endless bytes without 0D, 64 KiB
# bursts, one byte per 300 ms, two replies back to back, a second reply
# 30-150 ms after the first, value lengths 0..20, exponent extremes and
# unit codes outside the table.  For each, `read`, `type`, `serial`, `scan`
# (a small range) and the terminal must not crash (sanitized builds), not
# hang (every run bounded), never print a value the meter planted where no
# answer may be taken (777777, 666666, 66666666, type 0x6666, MWh), and
# exit with the documented status: 1 when there was no valid answer.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-tui.sh"
HOSTILE=$(realpath -m "${HOSTILE:-build/tools/hostile_meter}")
[ -x "$HOSTILE" ] || { echo "$HOSTILE missing: make build/tools/hostile_meter"; exit 1; }
TUI_SIZE=120x40
PLANTED='777777|666666|66666666|0x6666|MWh'
# The meter answers 30 ms after a request: half a second is plenty, and two
# attempts keep the failing cases short.
OPTS=(--timeout 500 --retries 1)

start_meter() { # start_meter SCENARIO: the pty in $PTY
	"$HOSTILE" "$1" >"$T/meter.out" 2>"$T/meter.err" &
	METER=$!
	PIDS+=("$METER")
	wait_for 10 test -s "$T/meter.out" || { echo "hostile_meter did not start: $(cat "$T/meter.err")"; exit 1; }
	PTY=$(head -n 1 "$T/meter.out")
}
# running PID: alive and not a zombie waiting to be reaped
running() { local st; st=$(ps -o stat= -p "$1" 2>/dev/null) && [ "${st#Z}" = "$st" ]; }
stop_meter() { # bounded: a meter stuck on a full line must not hang the test
	kill "$METER" 2>/dev/null
	if ! wait_for 10 eval '! running "$METER"'; then
		bad "hostile_meter $METER did not stop"
		grep -E 'State|Sig' "/proc/$METER/status" | tr '\n' ' '
		echo "syscall: $(cat "/proc/$METER/syscall" 2>/dev/null)"
		kill -9 "$METER"
	fi
	wait "$METER" 2>/dev/null
}

# where a process is stuck: its state, tracer and kernel stack, the same
# for its children (a sanitizer's leak check runs in one), and its threads'
# backtraces when gdb is installed
stuck_report() {
	local p=$1 c
	for c in "$p" $(pgrep -P "$p"); do
		echo "pid $c: $(grep -E '^(State|TracerPid):' "/proc/$c/status" 2>/dev/null | tr '\t\n' '  ')"
		echo "syscall $(cat "/proc/$c/syscall" 2>/dev/null)"
		cat "/proc/$c/stack" 2>/dev/null
	done
	if command -v gdb >/dev/null; then
		timeout 6 gdb -nx -batch -p "$p" -ex 'thread apply all bt' 2>&1 | grep -E '^(Thread|#)'
	fi
}

# run NAME LIMIT ARGS...: kmpterm bounded by LIMIT seconds (SIGINT, then
# SIGKILL 10 s later); output in $T/NAME.out and .err, status in $RC.
# --foreground: timeout sends the SIGINT to kmpterm alone.  Without it,
# timeout also sends SIGINT and then SIGCONT to the whole process group; a
# kmpterm that already ended on the first SIGINT may by then be in the
# sanitizer's leak check, whose helper has just ptrace-attached it with a
# SIGSTOP.  The SIGCONT discards that SIGSTOP, and the leak check waits for
# a stop that never comes (1 interrupted scan in 40 under load; seen with
# stuck_report below).  An interrupted kmpterm ends well within a second;
# one still there 3 s after the SIGINT is reported before the SIGKILL, so
# a hang says where it was.
run() {
	local name=$1 limit=$2; shift 2
	rm -f "$T/$name.stuck" # a report of an earlier scenario's run
	timeout --foreground --preserve-status -s INT -k 10 "$limit" "$KMPTERM" -d "$PTY" "${OPTS[@]}" "$@" >"$T/$name.out" 2>"$T/$name.err" &
	local tpid=$!
	(
		trap 'kill $s 2>/dev/null; exit 0' TERM
		sleep $((limit + 3)) &
		s=$!
		wait $s
		p=$(pgrep -P "$tpid") && running "$p" && stuck_report "$p" >"$T/$name.stuck"
	) &
	local watch=$!
	wait $tpid
	RC=$?
	kill $watch 2>/dev/null
	wait $watch 2>/dev/null
	if [ -s "$T/$name.stuck" ]; then
		echo "    kmpterm $name was still running 3 s after SIGINT:"
		sed 's/^/      /' "$T/$name.stuck"
	fi
}
no_planted() { ! grep -Eq -- "$PLANTED" "$@"; }
no_crash() { ! grep -Eq 'AddressSanitizer|runtime error|LeakSanitizer' "$@"; }
status_is() { # status_is WANT...: $RC is one of them
	local w
	for w in "$@"; do [ "$RC" = "$w" ] && return 0; done
	echo "    exit status $RC, wanted $*"
	return 1
}
# values_are FILE ID REGEX: every value `read` printed for ID matches
values_are() {
	awk -v id="$2" '$1 == id' "$1" | while read -r _ rest; do
		v=$(printf '%s\n' "$rest" | sed -E 's/^.{32} ?//' | awk '{print $1}')
		case $v in "(no" | "(not") continue ;; esac
		printf '%s\n' "$v" | grep -Eqx -- "$3" || { echo "    $2 = $v"; return 1; }
	done
}

# exponents: 1 with exponents +-63 and both signs, exactly
ZEROS=$(printf '0%.0s' $(seq 63))
DECS=$(printf '0%.0s' $(seq 62))
EXP_VALUES="1${ZEROS}|0\.${DECS}1|-1${ZEROS}|-0\.${DECS}1|1|-1"

# scenario NAME READ TYPE SERIAL SCAN [VALUE60]: the exit statuses wanted
# ("0|1": either), and what register 60 may show
scenario() {
	local sc=$1 st_read=$2 st_type=$3 st_serial=$4 st_scan=$5 v60=${6:-1234\.5}
	# HOSTILE_ONLY='NAME|NAME' runs only those (when chasing a failure)
	[ -z "${HOSTILE_ONLY:-}" ] || [[ $sc =~ ^($HOSTILE_ONLY)$ ]] || return 0
	echo "--- $sc"
	start_meter "$sc"
	local ids=(60 68)
	case $sc in
	double | stray | units) ids=(--repeat 4 --interval 0 60) ;;
	lengths) ids=(--repeat 21 --interval 0 60) ;;   # every length 0..20
	exponents) ids=(--repeat 7 --interval 0 60) ;;  # every exponent
	esac
	run read 40 read "${ids[@]}"
	check "$sc: read exits ${st_read}" status_is ${st_read//|/ }
	check "$sc: read shows no planted value" no_planted "$T/read.out" "$T/read.err"
	check "$sc: read shows only the meter's values" values_are "$T/read.out" 60 "$v60"
	check "$sc: read: register 68 right or absent" values_are "$T/read.out" 68 '8345\.2'
	check "$sc: read did not crash" no_crash "$T/read.err"
	# the reason a reply was refused, in its own words (issue 10, item 21)
	case $sc in
	wrong-addr) check "$sc: read says another address" grep -q 'reply from another address' "$T/read.out" ;;
	unasked) check "$sc: read says not asked for" grep -q 'register that was not asked for' "$T/read.out" ;;
	# codes 99, 200, 255 name no unit: the code is shown, never a guess
	# (65 is imp/l in the table)
	units) check "$sc: read shows each unit code as sent" bash -c \
		"[ \$(awk '\$1 == 60' '$T/read.out' | grep -Ec ' (unit 0x63|unit 0xC8|unit 0xFF|imp/l)\$') -eq 4 ]" ;;
	duplicate | two-units)
		check "$sc: read says twice" grep -q 'same register twice' "$T/read.out"
		# refused as an answer, but decode shows the reply as it is:
		# both records (issue 10, item 13)
		run dup 20 --log "$T/dup.log" read 60
		"$KMPTERM" decode <"$T/dup.log" >"$T/dup.txt" 2>&1
		check "$sc: decode of the trace shows both records" bash -c \
			"n=\$(grep -c '^  register 60 (Heat energy E1): ' '$T/dup.txt'); [ \$n -ge 2 ] && [ \$((n % 2)) = 0 ] && grep -q ': 1234.5 GJ ' '$T/dup.txt'"
		;;
	esac

	run type 30 type
	check "$sc: type exits ${st_type}" status_is ${st_type//|/ }
	check "$sc: type shows no planted value" no_planted "$T/type.out" "$T/type.err"
	check "$sc: type did not crash" no_crash "$T/type.err"
	[ "$RC" = 0 ] && check "$sc: type is the meter's" grep -q 'meter type 0x0034' "$T/type.out"

	run serial 30 serial
	check "$sc: serial exits ${st_serial}" status_is ${st_serial//|/ }
	check "$sc: serial shows no planted value" no_planted "$T/serial.out" "$T/serial.err"
	check "$sc: serial did not crash" no_crash "$T/serial.err"
	[ "$RC" = 0 ] && check "$sc: serial is the meter's" grep -qx '12345890' "$T/serial.out"

	# a failing meter pauses the scan for long retries: it is interrupted
	# after 8 s, which must end it at once with status 1
	run scan 8 scan --from 58 --to 69
	check "$sc: scan exits ${st_scan}" status_is ${st_scan//|/ }
	check "$sc: scan shows no planted value" no_planted "$T/scan.out" "$T/scan.err"
	check "$sc: scan did not crash" no_crash "$T/scan.err"
	check "$sc: scan shows only the meter's values" values_are "$T/scan.out" 60 "$v60"

	# the terminal: identity and a first poll round (four requests), or a
	# few failures, then nothing planted on screen
	start_tui NO_COLOR=1 -- -d "$PTY" "${OPTS[@]}"
	check "$sc: terminal exchanged" wait_text 15 'TX ([4-9]|[1-9][0-9]+) |failed ([3-9]|[1-9][0-9]+)'
	check "$sc: terminal shows no planted value" bash -c "! tmux -L '$S' capture-pane -p -t kt | grep -Eq -- '$PLANTED'"
	check "$sc: terminal still runs" test ! -s "$T/exit"
	quit_tui
	check "$sc: terminal quits with 0" grep -qx 0 "$T/exit"
	check "$sc: terminal did not crash" no_crash "$T/stderr"
	stop_meter
}

#        scenario    read  type  serial scan   register 60
scenario good        0     0     0      0
scenario wrong-cid   1     1     1      1
scenario wrong-addr  1     1     1      1
scenario unasked     1     0     0      1
scenario duplicate   1     0     0      1
scenario two-units   1     0     0      1
scenario esc-stop    1     1     1      1
scenario endless     1     1     1      1
scenario burst       1     1     1      1
scenario slow        1     1     1      1
scenario double      0     0     0      0
scenario stray       0     0     0      0
scenario lengths     '0|1' 0     0      '0|1'  1
scenario exponents   0     0     0      0      "$EXP_VALUES"
scenario units       0     0     0      0
finish
