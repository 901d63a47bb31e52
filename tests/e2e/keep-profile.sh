#!/usr/bin/env bash
# Profiles: `kmpterm profile save` writes the profiles file (atomically,
# never the config file); -p NAME loads its registers and interval for read
# and the terminal; a profile with a device is used whenever that device
# is; [profile NAME] sections a person writes in the config work too; the
# command line still wins.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-tui.sh"
export XDG_CONFIG_HOME="$T/xdg"
mkdir -p "$XDG_CONFIG_HOME/kmpterm"
CONF=$XDG_CONFIG_HOME/kmpterm/config
PROF=$XDG_CONFIG_HOME/kmpterm/profiles
cat >"$CONF" <<'CFG'
# my settings
retries = 3
[profile hand]   # written by hand
registers = 1002, 1003
CFG
sum_before=$(sha256sum "$CONF")
MAP=tests/data/sim-read.map
start_sim meter --pty --no-pace --map "$MAP" --link "$T/meter"
ids() { cut -d, -f2 | tail -n +2 | sort -n | tr '\n' ' '; }

"$KMPTERM" profile save heating -r 60,86 --interval 0.5 2>"$T/save.err"
check "profile save exits 0 and says where" grep -q "saved profile 'heating' in $PROF" "$T/save.err"
printf '\n[profile heating]\nregisters = 60,86\ninterval = 0.5\n' >"$T/want.prof"
check "... the profile is in the profiles file, after its comment line" \
	bash -c "head -n 1 '$PROF' | grep -q '^# kmpterm profiles: written by' && tail -n +2 '$PROF' | diff - '$T/want.prof'"
"$KMPTERM" profile save desk -r 68 -d "$T/meter" 2>/dev/null
check "a second profile, tied to a device" grep -q "^device = $T/meter\$" "$PROF"
"$KMPTERM" profile save heating -r 60,86,87 --interval 0.5 2>/dev/null
check "saving again replaces the section (one heating, now with 87)" \
	test "$(grep -c '^\[profile heating\]' "$PROF")" -eq 1 -a "$(grep -c '^registers = 60,86,87$' "$PROF")" -eq 1
check "... and keeps the other profile" grep -q '^\[profile desk\]' "$PROF"
check "the config file is never rewritten" test "$(sha256sum "$CONF")" = "$sum_before"
check "no temporary file is left" test -z "$(find "$XDG_CONFIG_HOME" -name '*.tmp.*')"
"$KMPTERM" profile list >"$T/list"
check "profile list: both files' profiles" test "$(awk '{print $1}' "$T/list" | tr '\n' ' ')" = "desk heating hand "

out=$("$KMPTERM" -d "$SIM_WHERE" read -p heating --csv 2>/dev/null | ids)
check "read -p heating reads its registers" test "$out" = "60 86 87 "
"$KMPTERM" -d "$SIM_WHERE" read -p heating --csv --repeat 2 >"$T/two.csv" 2>/dev/null
check "... at its interval (two rounds 0.5 s apart)" "$(command -v /usr/bin/python3 || command -v python3)" -c '
import csv,sys,datetime
t = sorted({r["time"] for r in csv.DictReader(open(sys.argv[1], newline=""))})
a, b = (datetime.datetime.strptime(x, "%Y-%m-%dT%H:%M:%S.%fZ") for x in t)
sys.exit(0 if len(t) == 2 and 0.4 <= (b - a).total_seconds() < 1.5 else 1)' "$T/two.csv"
out=$("$KMPTERM" -d "$SIM_WHERE" read -p heating -r 68 --csv 2>/dev/null | ids)
check "-r on the command line wins over the profile" test "$out" = "68 "
out=$("$KMPTERM" -d "$SIM_WHERE" read -p hand --csv 2>/dev/null | ids)
check "a [profile hand] section of the config file" test "$out" = "1002 1003 "
out=$("$KMPTERM" -d "$T/meter" read --csv 2>/dev/null | ids)
check "the device's profile is used without -p" test "$out" = "68 "
"$KMPTERM" -d "$SIM_WHERE" read -p nosuch 2>"$T/nosuch.err"
check "-p of an unknown profile: usage error" test $? -eq 2
check "... saying how to list them" grep -q "no profile 'nosuch' (kmpterm profile list" "$T/nosuch.err"
"$KMPTERM" -d "$SIM_WHERE" read -p heating --csv 60 >/dev/null 2>"$T/cfgwarn.err"
check "the config's profile section is no warning for other commands" test ! -s "$T/cfgwarn.err"
"$KMPTERM" profile save 'bad name' -r 60 2>/dev/null
check "a name with a space: usage error" test $? -eq 2
"$KMPTERM" profile save empty 2>/dev/null
check "save without -r or --interval: usage error" test $? -eq 2
"$KMPTERM" profile delete desk 2>/dev/null
check "profile delete removes it" bash -c "! grep -q 'profile desk' '$PROF'"
"$KMPTERM" profile delete hand 2>"$T/del.err"
check "a config file profile is not deleted by kmpterm (exit 1, says so)" grep -q "edit it there" "$T/del.err"

# the terminal: -p heating fills view 1 with its registers
TUI_SIZE=100x30
start_tui XDG_CONFIG_HOME="$XDG_CONFIG_HOME" -- -d "$SIM_WHERE" -p heating
check "terminal -p heating: its registers in view 1" wait_text 15 '^.{0,2} +87 Temperature T2'
check "... and only those (no 68)" bash -c "! tmux -L '$S' capture-pane -p -t kt | grep -Eq '^.{0,2} +68 Volume'"
check "... polling at its interval" wait_text 10 'poll every 0\.5 s'
quit_tui
finish
