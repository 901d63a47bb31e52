#!/usr/bin/env bash
# The config file: keys named like long options, the command line wins, a
# malformed line is reported with its number and ignored, the file is never
# rewritten.
. "$(dirname "$0")/lib.sh"
export XDG_CONFIG_HOME="$T/xdg"
mkdir -p "$XDG_CONFIG_HOME/kmpterm"
CFG="$XDG_CONFIG_HOME/kmpterm/config"
start_sim meter --pty --no-pace --map tests/data/sim-read.map --serial 4242

cat >"$CFG" <<CONF
# kmpterm settings
device = $SIM_WHERE
retries = lots
frobnicate = yes
timeout 800
CONF
sum=$(md5sum <"$CFG")
out=$("$KMPTERM" serial 2>"$T/err")
check "device taken from the config" test "$out" = 4242
check "bad value reported with its line number" grep -q "config:3: invalid retries 'lots'" "$T/err"
check "unknown key reported with its line number" grep -q "config:4: unknown key 'frobnicate'" "$T/err"
check "good lines still applied (no other complaint)" test "$(wc -l <"$T/err")" -eq 2
"$KMPTERM" -d /dev/does-not-exist serial 2>"$T/err2"
check "command line overrides the config" grep -q '/dev/does-not-exist: no such device' "$T/err2"
check "the config file is never rewritten" test "$(md5sum <"$CFG")" = "$sum"

HOME="$T/home" XDG_CONFIG_HOME= bash -c "mkdir -p '$T/home/.config/kmpterm' && echo 'device = $SIM_WHERE' >'$T/home/.config/kmpterm/config' && '$KMPTERM' serial" >"$T/home.out" 2>&1
check "falls back to ~/.config/kmpterm/config" grep -qx 4242 "$T/home.out"
finish
