#!/usr/bin/env bash
# make install / uninstall into a DESTDIR: binaries into PREFIX/bin, man
# pages into PREFIX/share/man/man1, and nothing left behind.
. "$(dirname "$0")/lib.sh"
D="$T/root"
make --no-print-directory -s install DESTDIR="$D" PREFIX=/usr/local >"$T/install.log" 2>&1
check "make install exits 0" test $? -eq 0
for f in bin/kmpterm bin/kmpsim share/man/man1/kmpterm.1 share/man/man1/kmpsim.1; do
	check "installed /usr/local/$f" test -f "$D/usr/local/$f"
done
check "installed kmpterm runs" bash -c "'$D/usr/local/bin/kmpterm' --version | grep -q '^kmpterm '"
check "binaries are executable" test -x "$D/usr/local/bin/kmpsim"
if command -v man >/dev/null; then
	MANWIDTH=80 man -l "$D/usr/local/share/man/man1/kmpterm.1" >"$T/man.txt" 2>"$T/man.err"
	check "kmpterm.1 renders" grep -q 'EXIT STATUS' "$T/man.txt"
	check "kmpterm.1 documents KMP_DEVICE and NO_COLOR" bash -c "grep -q KMP_DEVICE '$T/man.txt' && grep -q NO_COLOR '$T/man.txt'"
else
	skip "man not installed: the man pages were not rendered"
fi
# the README's usage examples that need no hardware run as written, with
# the binary the README says to use from a fresh clone (build/kmpterm)
check "README says where the binary is after make" grep -q 'builds `build/kmpterm`' README.md
sed -n '/^## Use it$/,/^## /p' README.md | sed -n '/^```$/,/^```$/p' | grep '^kmpterm ' |
	grep -E -- '--sim|^kmpterm (help|decode)' | sed 's/ *#.*//' >"$T/examples"
check "README: the hardware-free examples found" test "$(wc -l <"$T/examples")" -ge 3
export XDG_CONFIG_HOME="$T/xdg" # no user config
while read -r line; do
	# shellcheck disable=SC2086
	timeout 120 "$KMPTERM" ${line#kmpterm } >"$T/ex.out" 2>"$T/ex.err"
	check "README example '$line' exits 0" test $? -eq 0
done <"$T/examples"

make --no-print-directory -s uninstall DESTDIR="$D" PREFIX=/usr/local >>"$T/install.log" 2>&1
check "make uninstall removes every file" test -z "$(find "$D" -type f)"
finish
