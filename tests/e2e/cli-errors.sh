#!/usr/bin/env bash
# What a newcomer types wrong, and what a broken config file does: options
# a command does not use, -d with --sim, a bridge given line settings, a
# host:port without tcp://, per-command help, the config file as a FIFO,
# a link to /dev/zero, a directory or with a NUL byte (issue 10, items 10,
# 11, 17, 18, 21).  Each gets one clear line and the documented status.
. "$(dirname "$0")/lib.sh"
export XDG_CONFIG_HOME="$T/xdg"
mkdir -p "$XDG_CONFIG_HOME/kmpterm"
CFG=$XDG_CONFIG_HOME/kmpterm/config
MAP=tests/data/sim-read.map
unset KMP_DEVICE NO_COLOR

start_sim meter --pty --no-pace --map "$MAP" --serial 4242 --log "$T/meter.jsonl"
PTY=$SIM_WHERE
requests() { grep -c '"event":"request"' "$T/meter.jsonl"; }

# --- options that do not apply: exit 2, nothing done (item 10) ---
before=$(requests)
expect 2 "--out does not apply to read \(it is for: scan\)|--count does not apply to read" \
	"$KMPTERM" -d "$PTY" read --out "$T/x.csv" --count 5 60
check "read --out: no file written" test ! -e "$T/x.csv"
check "read --out: nothing asked of the meter" test "$(requests)" -eq "$before"
expect 2 "--json does not apply to the terminal" "$KMPTERM" -d "$PTY" --json
expect 2 "--resume does not apply to probe" "$KMPTERM" -d "$PTY" probe --resume
expect 2 "-d/--device does not apply to decode" "$KMPTERM" -d "$PTY" decode 803F0235E90D
expect 2 "Try 'kmpterm read --help'" "$KMPTERM" -d "$PTY" read --count 5 60
expect 2 "-d and --sim both name the meter" "$KMPTERM" --sim -d /dev/ttyUSB0 read 60
expect 2 "--sim-args needs --sim" "$KMPTERM" -d "$PTY" --sim-args "--echo" serial

# -b over a TCP bridge: the bridge owns the line (item 10)
start_sim tcp --tcp 0 --no-pace --map "$MAP"
expect 2 "-b/--baud does not apply to tcp://127.0.0.1:$SIM_WHERE: the bridge owns" \
	"$KMPTERM" -d "tcp://127.0.0.1:$SIM_WHERE" -b 9600 serial
expect 2 "--parity does not apply" "$KMPTERM" -d "socket://127.0.0.1:$SIM_WHERE" --parity even serial
echo "baud = 9600" >"$CFG"
out=$("$KMPTERM" -d "tcp://127.0.0.1:$SIM_WHERE" serial 2>"$T/err")
check "a config file's baud is no error over TCP (it is for the USB head)" test "$out" = 67123456
rm -f "$CFG"
# host:port without its scheme (item 11)
expect 2 "for a TCP bridge \(ser2net\) write tcp://127.0.0.1:$SIM_WHERE" \
	"$KMPTERM" -d "127.0.0.1:$SIM_WHERE" serial

# read uses -r, or the config file's registers, when no ID is given (item 10)
"$KMPTERM" -d "$PTY" -r 60,1002 read >"$T/r.txt" 2>"$T/r.err"
check "read -r 60,1002: exit 0" test $? -eq 0
check "read -r 60,1002: both read" bash -c "grep -q '^ *60 ' '$T/r.txt' && grep -q '^ *1002 ' '$T/r.txt'"
printf 'registers = 68 86\n' >"$CFG"
"$KMPTERM" -d "$PTY" read >"$T/r.txt" 2>"$T/r.err"
check "read with the config's registers: exit 0" test $? -eq 0
check "read with the config's registers: 68 and 86" \
	bash -c "grep -q '^ *68 ' '$T/r.txt' && grep -q '^ *86 ' '$T/r.txt' && ! grep -q '^ *60 ' '$T/r.txt'"
"$KMPTERM" -d "$PTY" read 60 >"$T/r.txt"
check "IDs given: the config's registers give way" bash -c "grep -q '^ *60 ' '$T/r.txt' && ! grep -q '^ *68 ' '$T/r.txt'"
expect 2 "as arguments or with -r, not both" "$KMPTERM" -d "$PTY" -r 60 read 68
rm -f "$CFG"
expect 2 "read needs register IDs" "$KMPTERM" -d "$PTY" read

# the command line beats the config file: -d over 'sim = yes' (item 10)
printf 'sim = yes\n' >"$CFG"
out=$("$KMPTERM" -d "$PTY" serial 2>"$T/err")
check "-d beats the config's 'sim = yes' (the pty's meter answers)" test "$out" = 4242
printf 'device = %s\nsim = yes\n' "$PTY" >"$CFG"
expect 2 "'device' and 'sim = yes' both name the meter" "$KMPTERM" serial
rm -f "$CFG"

# --- numbers: nan, inf and friends are no interval (item 17) ---
for bad in nan inf -1 1e3 0x10 86401 5. .5; do
	expect 2 "invalid interval '$bad'" "$KMPTERM" -d "$PTY" read --interval "$bad" 60
done
printf 'interval = nan\n' >"$CFG"
expect 0 "config:1: invalid interval 'nan'" "$KMPTERM" -d "$PTY" read 60
rm -f "$CFG"
"$KMPTERM" -d "$PTY" --scan-range 0..2 scan >"$T/sr.txt" 2>"$T/sr.err"
check "--scan-range A..B works (scan 0..2: exit 0)" test $? -eq 0
check "--scan-range A..B: the range is 0..2" grep -q 'in 0\.\.2 ' "$T/sr.txt"

# --- help: general, per command (item 11) ---
for cmd in read type serial probe scan decode ports terminal; do
	"$KMPTERM" help "$cmd" >"$T/h1" 2>&1
	check "kmpterm help $cmd: exit 0 and its usage" bash -c "grep -q '^Usage: kmpterm.*' '$T/h1'"
done
for cmd in read scan probe decode; do
	"$KMPTERM" "$cmd" --help >"$T/h2"
	"$KMPTERM" help "$cmd" >"$T/h3"
	check "kmpterm $cmd --help is the help of $cmd" bash -c "cmp -s '$T/h2' '$T/h3' && grep -q '$cmd' '$T/h2'"
done
"$KMPTERM" help >"$T/h4"
check "kmpterm help is the general help" bash -c "grep -q 'Commands' '$T/h4' && cmp -s '$T/h4' <('$KMPTERM' --help)"
expect 2 "no command 'frob' to help with" "$KMPTERM" help frob
check "read --help names --repeat, not --count" bash -c "'$KMPTERM' read --help | grep -q -- --repeat && ! '$KMPTERM' read --help | grep -q -- --count"

# --- small conventions (items 11, 21) ---
expect 2 "unknown option '-z'" "$KMPTERM" -zC read 60
"$KMPTERM" --sim serial >"$T/sim.out" 2>"$T/sim.err"
check "--sim serial: exit 0" test $? -eq 0
check "--sim batch output says the meter is simulated" grep -q 'simulated' "$T/sim.err"
check "--sim: stdout stays the bare answer" test "$(cat "$T/sim.out")" = 67123456
expect 1 "no such device.*kmpterm ports" "$KMPTERM" -d /dev/ttyUSB-kmpterm-absent serial
expect 1 "not a serial port.*kmpterm ports" "$KMPTERM" -d "$T" serial
# an unknown TERM (a terminal without its terminfo entry) names one that works
if command -v script >/dev/null; then
	TERM=xterm-kmpterm-unknown script -qec "'$KMPTERM' -d '$PTY'" /dev/null </dev/null >"$T/term.out" 2>&1
	check "unknown TERM suggests TERM=xterm-256color" grep -q 'TERM=xterm-256color' "$T/term.out"
else
	bad "script (util-linux) is needed for the TERM check"
fi

# --- the config file (item 18): never hangs, never swallows a line ---
rm -f "$CFG"
mkfifo "$CFG"
timeout 20 "$KMPTERM" --help >/dev/null 2>&1
check "a FIFO as the config file: --help still returns at once" test $? -eq 0
expect 0 "config is a FIFO, not a config file" "$KMPTERM" -d "$PTY" serial
rm -f "$CFG"
ln -s /dev/zero "$CFG"
expect 0 "is a character device, not a config file" "$KMPTERM" -d "$PTY" serial
rm -f "$CFG"
mkdir "$CFG"
expect 0 "config is a directory, not a config file" "$KMPTERM" -d "$PTY" serial
rmdir "$CFG"
head -c 20000 /dev/urandom | base64 >"$CFG"
expect 0 "larger than 16 KiB" "$KMPTERM" -d "$PTY" serial
# a NUL byte: reported on its line, and the next line still applies
printf '# settings\0junk\ndevice = %s\n' "$PTY" >"$CFG"
out=$("$KMPTERM" serial 2>"$T/err")
check "config with a NUL byte: the next line (device) still applies" test "$out" = 4242
check "config with a NUL byte: reported with its line number" grep -q 'config:1: a NUL byte' "$T/err"
rm -f "$CFG"
finish
