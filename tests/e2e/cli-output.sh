#!/usr/bin/env bash
# Where kmpterm's output goes when it cannot: standard output on a full
# device or into a closed pipe, a --log that fails, links planted where
# kmpterm writes, a scan file on a full disk, a temporary file a kill -9
# left behind; and the probe's progress on a terminal (issue 10, items 9,
# 14, 15, 16, 21).
. "$(dirname "$0")/lib.sh"
export XDG_CONFIG_HOME="$T/xdg" # no user config
unset KMP_DEVICE
MAP=tests/data/sim-read.map

EXPECT_TIMEOUT=60 # the bound of expect (lib.sh): a scan runs under it

start_sim meter --pty --no-pace --map "$MAP" --log "$T/meter.jsonl"
PTY=$SIM_WHERE
requests() { grep -c '"event":"request"' "$T/meter.jsonl"; }

# --- standard output that fails (item 15) ---
for args in "-d $PTY read 60" "-d $PTY --json type" "-d $PTY serial" "decode 803F0235E90D" \
	"--help" "--version" "help scan" "ports" "--json ports"; do
	# shellcheck disable=SC2086
	"$KMPTERM" $args >/dev/full 2>"$T/full.err"
	rc=$?
	check "'$args' into /dev/full: exit 1" test $rc -eq 1
	check "'$args' into /dev/full: says so" grep -q 'cannot write standard output: No space left' "$T/full.err"
done

# a closed pipe ends read at once, even with SIGPIPE ignored
before=$(requests)
(
	trap '' PIPE
	"$KMPTERM" -d "$PTY" read --repeat 20 --interval 1 60 2>"$T/pipe.err" | head -n 1 >/dev/null
	echo "${PIPESTATUS[0]}" >"$T/pipe.rc"
)
asked=$(($(requests) - before))
check "closed pipe: read stopped polling ($asked of 20 rounds asked)" test "$asked" -le 2
check "closed pipe: exit 1" test "$(cat "$T/pipe.rc")" -eq 1
check "closed pipe: one line on stderr" grep -q 'standard output closed' "$T/pipe.err"

# --- --log that fails (item 16) ---
"$KMPTERM" -d "$PTY" --log /dev/full read --repeat 3 --interval 0 60 >"$T/log.out" 2>"$T/log.err"
check "--log /dev/full: exit 1" test $? -eq 1
check "--log /dev/full: the values still printed" test "$(grep -c '^ *60 ' "$T/log.out")" -eq 3
check "--log /dev/full: warned once" test "$(grep -c 'cannot write log /dev/full' "$T/log.err")" -eq 1
"$KMPTERM" -d "$PTY" --log /dev/null serial >/dev/null 2>"$T/null.err"
check "--log /dev/null (a link-free device) is fine" test $? -eq 0

# --- files written without following planted links (item 14) ---
echo "precious" >"$T/victim"
: >"$T/empty-victim"
# a link another user planted (as root: made and handed to nobody); our
# own links are followed, as the user made them
if [ "$(id -u)" = 0 ]; then
	ln -s "$T/victim" "$T/trace.log" && chown -h nobody "$T/trace.log"
	expect 1 "trace.log: a symbolic link of another user" "$KMPTERM" -d "$PTY" --log "$T/trace.log" serial
	check "--log through another user's link: the target untouched" test "$(cat "$T/victim")" = precious
	ln -s "$T/empty-victim" "$T/out.csv" && chown -h nobody "$T/out.csv"
	expect 1 "out.csv: a symbolic link of another user" \
		"$KMPTERM" -d "$PTY" scan --from 0 --to 20 --out "$T/out.csv"
	check "--out through another user's link: the target untouched" test ! -s "$T/empty-victim"
else
	skip "links of another user need root to make: --log and --out through one not checked"
fi
ln -s "$T/mine.log" "$T/my-link.log"
"$KMPTERM" -d "$PTY" --log "$T/my-link.log" serial >/dev/null 2>&1
check "--log through one's own link is followed" grep -q 'GetSerialNo' "$T/mine.log"
"$KMPTERM" --log /dev/stderr -d "$PTY" serial >/dev/null 2>"$T/stderr.log"
check "--log /dev/stderr (root's link) works, also into a file" grep -q 'GetSerialNo' "$T/stderr.log"

# --resume's temporary file: not PATH.tmp.PID, so a link planted there
# (here under the pid the command will have: exec keeps it) is not written
"$KMPTERM" -d "$PTY" scan --from 0 --to 100 --out "$T/s.csv" >/dev/null 2>&1
check "a small scan for --resume: file written" grep -q '^done' "$T/s.csv.journal"
bash -c 'ln -s "$1/victim" "$1/s.csv.tmp.$$"; exec "$2" -d "$3" scan --out "$1/s.csv" --resume' \
	_ "$T" "$KMPTERM" "$PTY" >/dev/null 2>"$T/plant.err"
check "--resume with a link planted at PATH.tmp.PID: exit 0" test $? -eq 0
check "... the link's target is untouched" test "$(cat "$T/victim")" = precious
check "... the scan file is still a file, not the link" test -f "$T/s.csv" -a ! -L "$T/s.csv"
check "... and still a scan file" grep -q '^id,name,value,unit,unit_name,text,length,serial,meter_type' "$T/s.csv"
# a temporary file a kill -9 left behind is removed by the next --resume;
# one that is not ours (a link) is left alone
echo "half a rewrite" >"$T/s.csv.tmp.Ab12Cd"
ln -s "$T/victim" "$T/s.csv.tmp.Zz99Yy"
"$KMPTERM" -d "$PTY" scan --out "$T/s.csv" --resume >/dev/null 2>&1
check "--resume removes a leftover PATH.tmp.XXXXXX" test ! -e "$T/s.csv.tmp.Ab12Cd"
check "--resume leaves a link alone, and its target" test -L "$T/s.csv.tmp.Zz99Yy" -a "$(cat "$T/victim")" = precious
check "no temporary file of ours remains" test -z "$(find "$T" -name 's.csv.tmp.*' -type f)"
# two scans into one file: the second is refused while the first writes
start_sim slow --pty --no-pace --map "$MAP"
"$KMPTERM" -d "$SIM_WHERE" scan --from 0 --to 100 --delay 60000 --out "$T/busy.csv" >/dev/null 2>&1 &
holder=$!
PIDS+=("$holder")
check "first scan started" wait_for 20 grep -qs '^done' "$T/busy.csv.journal"
expect 1 "another kmpterm scan is writing it" "$KMPTERM" -d "$PTY" scan --out "$T/busy.csv" --resume
kill -INT "$holder"
wait "$holder"

# --- a scan file on a full disk (item 21): the IDs reported saved are the
# IDs the file holds, and the hint to continue names the meter ---
ids_in_file() { # the IDs of the journal's complete "done" lines (a torn last line does not count)
	local n=0 line r a b
	while IFS= read -r line; do
		case "$line" in "done "*) ;; *) continue ;; esac
		line=${line%% found *}
		IFS=, read -ra parts <<<"${line#done }"
		for r in "${parts[@]}"; do
			a=${r%-*} b=${r#*-}
			n=$((n + b - a + 1))
		done
	done <"$1.journal"
	echo "$n"
}
(
	trap '' XFSZ
	ulimit -f 2 # 2 KiB: the file fills after a few dozen batches
	exec "$KMPTERM" -d "$PTY" scan --out "$T/full.csv" >/dev/null 2>"$T/full.err"
)
check "scan on a full disk: exit 1" test $? -eq 1
saved=$(sed -n 's/.* \([0-9]*\) of 65536 IDs saved in .*/\1/p' "$T/full.err")
held=$(ids_in_file "$T/full.csv")
check "scan on a full disk: reports $saved IDs saved, the file holds $held" test "${saved:-x}" = "$held"
check "scan on a full disk: the hint names the device" grep -q "continue with: kmpterm -d $PTY scan --out $T/full.csv --resume" "$T/full.err"

# --- a link that cannot come back ends a scan at once (item 6): the
# device turns into a regular file while the scan runs (a USB head that is
# unplugged is waited for, 30 s; a path that is no serial port is not) ---
start_sim gone --pty --no-pace --map "$MAP" --link "$T/meter"
"$KMPTERM" -d "$T/meter" scan --delay 20 --out "$T/gone.csv" >/dev/null 2>"$T/gone.err" &
scanner=$!
PIDS+=("$scanner")
check "scan over a device link started" wait_for 20 grep -qs '^done' "$T/gone.csv.journal"
kill "$SIM_PID"
wait_for 10 test ! -L "$T/meter"
echo "not a serial port" >"$T/meter"
check "the scan ends soon after its device became a regular file (not after 30 s)" wait_for 10 gone "$scanner"
wait "$scanner"
check "... exit 1" test $? -eq 1
check "... saying retrying cannot help and why" grep -q 'reopening it cannot help: .*not a serial port' "$T/gone.err"
check "... and how to continue" grep -q "continue with: kmpterm -d $T/meter scan --out $T/gone.csv --resume" "$T/gone.err"

# --- a scan of the simulated meter, interrupted: the hint to continue
# names the simulator and its arguments, not a device (item 11) ---
"$KMPTERM" --sim --sim-args "--latency 20" scan --out "$T/sim.csv" >/dev/null 2>"$T/simscan.err" &
simscan=$!
PIDS+=("$simscan")
check "a --sim scan started" wait_for 30 grep -qs '^done' "$T/sim.csv.journal"
kill -INT "$simscan"
wait "$simscan"
check "--sim scan interrupted: exit 1" test $? -eq 1
check "--sim scan interrupted: the hint names --sim and its arguments" \
	grep -q "continue with: kmpterm --sim --sim-args '--latency 20' scan --out $T/sim.csv --resume" "$T/simscan.err"

# --- read interrupted while it waits for the next round (item 21) ---
"$KMPTERM" -d "$PTY" read --repeat 5 --interval 60 60 >"$T/int.out" 2>"$T/int.err" &
reader=$!
PIDS+=("$reader")
check "read printed its first round" wait_for 20 grep -q '^ *60 ' "$T/int.out"
kill -INT "$reader"
wait "$reader"
check "read interrupted in its wait: exit 1" test $? -eq 1
check "read interrupted in its wait: says so" grep -q 'interrupted while waiting for round 2 of 5' "$T/int.err"

# --- "1 line that is no scan row" (item 21) ---
"$KMPTERM" -d "$PTY" scan --from 0 --to 10 --out "$T/g.csv" >/dev/null 2>&1
echo "not a row" >>"$T/g.csv"
"$KMPTERM" -d "$PTY" scan --out "$T/g.csv" --resume >/dev/null 2>"$T/g.err"
check "one bad line: 'line that is no scan row'" grep -q '1 line that is no scan row;' "$T/g.err"

# --- probe on a terminal: a live progress line while nothing answers (item 9) ---
start_sim silent --pty --no-pace --quality 0
script -qefc "'$KMPTERM' -d '$SIM_WHERE' probe --count 4" "$T/probe.ts" </dev/null >/dev/null 2>&1 &
prober=$!
PIDS+=("$prober")
check "probe shows its progress on a terminal" wait_for 10 grep -aq "probe $SIM_WHERE: [0-9]/4 sent, 0 OK" "$T/probe.ts"
check "... while it still probes (not only at the end)" kill -0 "$prober"
wait "$prober"
check "the progress line is gone before the summary" grep -aq $'\r\033\\[K'"probe $SIM_WHERE: 4 sent, 0 OK" "$T/probe.ts"
"$KMPTERM" -d "$SIM_WHERE" probe --count 1 >/dev/null 2>"$T/probe.err"
check "no progress line when stderr is not a terminal" bash -c "! grep -q '/1 sent' '$T/probe.err'"
finish
