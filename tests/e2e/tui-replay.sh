#!/usr/bin/env bash
# --replay, in tmux at 80x24: a live session against kmpsim with --log,
# then the same file replayed shows the same register values and the same
# number of trace entries; a session with a bridge's error text and
# timeouts replayed shows the ASCII column, finds with / n N, switches
# times with t and names the request of each TIMEOUT.  Then the command
# line: options that make no sense with --replay, files that cannot be
# read.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-tui.sh"

# the trace view's count of entries: "(N kept"
kept() { screen | sed -n 's/.*(\([0-9][0-9]*\) kept.*/\1/p' | head -n 1; }
# view 1's rows without the AGE column: ID, name, value, unit, min, max, changes, status
rows() { screen | grep -E '^.{0,3} +[0-9]+ [A-Z][a-z]' | sed -E 's/^.{0,3} +//; s/ +[0-9]+(s|min|h) +/ | /'; }
log_done() { # the log holds what the screen counts, and its last exchange ended
	local n
	n=$(wc -l <"$T/live.log")
	[ "$(kept)" = "$n" ] && tail -n 1 "$T/live.log" | grep -q $'\tRX\t'
}

# --- a live session, recorded ---------------------------------------------
start_sim meter --pty --no-pace --link "$T/meter"
start_tui NO_COLOR=1 -- -d "$T/meter" --log "$T/live.log" -r 60,68,99,1004 --interval 1
check "live: register 60 shows its value" wait_text 20 '^.{0,3} +60 Heat energy E1 +1234\.567 GJ '
check "live: a few rounds" wait_text 20 'TX ([5-9]|[1-9][0-9]+) '
keys ' '
check "live: polling paused" wait_text 5 'PAUSED'
keys 2
check "live: the trace holds what the log holds, the last exchange done" wait_for 10 log_done
live_kept=$(kept)
keys 1
wait_text 5 '60 Heat energy E1'
rows >"$T/live.rows"
quit_tui
check "live: q exits 0" test "$(cat "$T/exit" 2>/dev/null)" = 0
check "live: the log did not grow after the count" test "$(wc -l <"$T/live.log")" = "$live_kept"
check "live: 4 register rows seen" test "$(wc -l <"$T/live.rows")" = 4

# --- the same file, replayed ----------------------------------------------
start_tui NO_COLOR=1 -- --replay "$T/live.log"
check "replay: the header says REPLAY and the file" wait_text 10 "^ REPLAY +($T/)?live.log"
# the recording spans several seconds: at 1x it is still under way
check "replay: runs as recorded (1x, entries so far of all)" \
	wait_text 5 "1x [0-9:]{8} of [0-9:]{8}, [0-9]+/$live_kept"
keys '>'
check "replay: > runs it 10x as fast" wait_text 5 "10x [0-9:]{8} of|end [0-9:]{8}, $live_kept entries"
keys '>'
check "replay: > again, 100x" wait_text 5 'replay at 100x the recorded speed'
keys E
check "replay: E jumps to the end" wait_text 10 "end [0-9:]{8}, $live_kept entries"
check "replay: the meter's identity from the recorded replies" has 'serial 67123456'
rows >"$T/replay.rows"
check "replay: the same register values, min, max and changes" \
	diff -u "$T/live.rows" "$T/replay.rows"
keys 2
check "replay: the trace holds every entry of the file" wait_text 5 "\\($live_kept kept"
check "replay: the same number as the live session showed" test "$(kept)" = "$live_kept"
keys Home # a longer session scrolls its first entry off the page
check "replay: times are the recording's (the first entry at 0)" \
	wait_text 5 '^ +0\.000 LINK '
keys End
quit_tui
check "replay: q exits 0" test "$(cat "$T/exit" 2>/dev/null)" = 0
check "replay: nothing on stderr" test ! -s "$T/stderr"
tmux -L "$S" kill-server 2>/dev/null

# --- a bridge that says why it cannot open the port -----------------------
start_sim bridge --pty --no-pace --link "$T/bridge" --text "Device open failure"
"$KMPTERM" -d "$T/bridge" --retries 1 --timeout 300 --log "$T/bad.log" read 60 68 \
	>"$T/bad.out" 2>&1
check "the recorded session timed out with garbage" grep -q $'\tTIMEOUT\t' "$T/bad.log"
start_tui NO_COLOR=1 -- --replay "$T/bad.log"
keys E 2
check "TIMEOUT rows name the request" wait_text 10 'TIMEOUT +- +TIMEOUT \(garbage only\) +GetRegister 60,'
keys Enter
check "the inspector of the last TIMEOUT names it whole" \
	wait_text 5 'no bytes: GetRegister 60,68: bytes that form no frame'
keys Escape
wait_text 5 'Enter inspect'
check "no ASCII column at first" bash -c "! tmux -L '$S' capture-pane -p -t kt | grep -Eq 'BYTES \(hex[^)]*\) +ASCII'"
keys a
check "a: an ASCII column" wait_text 5 'BYTES \(hex[^)]*\) +ASCII '
check "a: the bridge's message reads as text in it" has 'GARBAGE +44 65 76 .* +Device open fail'
n_text=$(grep -c 'Device open failure' "$T/bad.log")
keys / 'Device open' Enter
check "/: finds the text" wait_text 5 "\"Device open\": match 1 of $n_text"
keys n
check "n: the next match" wait_text 5 "\"Device open\": match 2 of $n_text"
keys N
check "N: the previous match" wait_text 5 "\"Device open\": match 1 of $n_text"
keys / '80 3f 10 02' Enter
check "/: hex bytes find the requests" wait_text 5 '"80 3f 10 02": match [12] of 2 '
keys / 'no such thing' Enter
check "/: no match is said" wait_text 5 'no entry matches "no such thing"'
check "relative times by default" has 'TIME s '
keys t
check "t: the UTC clock" wait_text 5 'TIME UTC'
check "t: rows show clock times as in the log" \
	has "^$(head -n 1 "$T/bad.log" | cut -c12-23) LINK "
keys t
check "t again: seconds since the start" wait_text 5 'TIME s '
quit_tui
check "q exits 0" test "$(cat "$T/exit" 2>/dev/null)" = 0
check "nothing on stderr" test ! -s "$T/stderr"
tmux -L "$S" kill-server 2>/dev/null

# --- a scan's log: rows for what it found, not for every ID it asked -----
"$KMPTERM" --sim --sim-args --no-pace --log "$T/scan.log" scan --scan-range 50..120 \
	>"$T/scan.out" 2>&1
found=$(sed -n 's/^\([0-9][0-9]*\) registers in 50\.\.120.*/\1/p' "$T/scan.out")
check "the scan found registers" test -n "$found"
start_tui NO_COLOR=1 -- --replay "$T/scan.log"
keys E
check "a scan replayed: a row for each register found, none for the rest" \
	wait_text 10 "^ $found registers: $found ok "
quit_tui
tmux -L "$S" kill-server 2>/dev/null

# --- info codes in the inspector -----------------------------------------
start_sim water --pty --no-pace --link "$T/water" --profile multical21 --info leak
"$KMPTERM" -d "$T/water" --log "$T/water.log" read 99 >"$T/water.out" 2>&1
check "the water meter's info code was read" grep -q $'\tRX\t.*GetRegister 99=' "$T/water.log"
start_tui NO_COLOR=1 -- --replay "$T/water.log" --family multical21
keys E
wait_text 10 'end [0-9:]{8}, 3 entries'
keys 2 Enter
check "--family: the info code's flags, decoded" wait_text 10 'flag leak: '
quit_tui
start_tui NO_COLOR=1 -- --replay "$T/water.log"
keys E
wait_text 10 'end [0-9:]{8}, 3 entries'
keys 2 Enter
check "no family: says what is missing" wait_text 10 "flags: the meter's family is not known"
quit_tui
tmux -L "$S" kill-server 2>/dev/null

# --- the command line -----------------------------------------------------
for opt in "-d /dev/ttyUSB0" "--sim" "-b 9600" "--log x.log" "-r 60" "--interval 5"; do
	# shellcheck disable=SC2086
	"$KMPTERM" --replay "$T/live.log" $opt </dev/null >"$T/o" 2>"$T/e"
	rc=$?
	check "--replay with $opt: exit 2" test "$rc" = 2
	check "--replay with $opt: says it makes no sense" \
		grep -q "makes no sense with --replay" "$T/e"
done
"$KMPTERM" --replay "$T/absent.log" </dev/null >"$T/o" 2>"$T/e"
check "a missing file: exit 1" test $? = 1
check "a missing file: one line naming it" \
	bash -c "[ \"\$(wc -l <'$T/e')\" = 1 ] && grep -q 'absent.log: no such file' '$T/e'"
"$KMPTERM" --replay "$T" </dev/null >"$T/o" 2>"$T/e"
check "a directory: exit 1" test $? = 1
check "a directory: one line" grep -q 'not a regular file' "$T/e"
printf 'hello\nworld\n' >"$T/words.txt"
"$KMPTERM" --replay "$T/words.txt" </dev/null >"$T/o" 2>"$T/e"
check "a file without frames: exit 1" test $? = 1
check "a file without frames: says where" grep -q 'nothing to replay (line 1, column' "$T/e"
finish
