#!/usr/bin/env bash
# Run every end-to-end script in tests/e2e/ against the sanitized binaries.
# A script exits 0 (pass), 77 (skipped whole: its last line says why) or
# anything else (fail); a check inside a script that cannot run here calls
# skip "why" (lib.sh).  Prints one line per script, then every skip with its
# reason, then the closing "N passed, N failed, N skipped" (scripts).
set -u
cd "$(dirname "$0")/../.."
export KMPTERM=${KMPTERM:-$PWD/build/asan/kmpterm}
export KMPSIM=${KMPSIM:-$PWD/build/asan/kmpsim}
export KMPTERM_TEST_TMP=${KMPTERM_TEST_TMP:-$(mktemp -d /tmp/kmpterm-e2e.XXXXXX)}
export KMPTERM_SKIPS=$KMPTERM_TEST_TMP/skips
: >"$KMPTERM_SKIPS"
pass=0 fail=0 skip=0
failed=()
for t in tests/e2e/*.sh; do
	case "$(basename "$t")" in run-all.sh | repeat.sh | lib*.sh) continue ;; esac
	name=$(basename "$t" .sh)
	log="$KMPTERM_TEST_TMP/$name.log"
	start=$(date +%s)
	bash "$t" >"$log" 2>&1
	rc=$?
	secs=$(($(date +%s) - start))
	if [ $rc -eq 0 ]; then
		pass=$((pass + 1)); echo "e2e: $name: passed (${secs}s)"
	elif [ $rc -eq 77 ]; then
		skip=$((skip + 1)); why=$(tail -n 1 "$log")
		echo "e2e: $name: skipped ($why)"
		echo "$name: whole script: $why" >>"$KMPTERM_SKIPS"
	else
		fail=$((fail + 1)); failed+=("$name"); echo "e2e: $name: FAILED (${secs}s)"
		sed 's/^/    /' "$log" | tail -n 40
	fi
done
checks=$(grep -vc ': whole script: ' "$KMPTERM_SKIPS")
echo "e2e: $skip script(s) and $checks check(s) skipped$([ -s "$KMPTERM_SKIPS" ] && echo :)"
sed 's/^/  /' "$KMPTERM_SKIPS"
echo "${pass} passed, ${fail} failed, ${skip} skipped"
[ $fail -eq 0 ] || { echo "failed: ${failed[*]}"; exit 1; }
rm -rf "$KMPTERM_TEST_TMP"
