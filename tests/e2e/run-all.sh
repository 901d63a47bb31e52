#!/usr/bin/env bash
# Run every end-to-end script in tests/e2e/ against the sanitized binaries.
# A script exits 0 (pass), 77 (skipped: a tool is missing) or anything else
# (fail).  Prints one line per script and a closing "N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
export KMPTERM=${KMPTERM:-$PWD/build/asan/kmpterm}
export KMPSIM=${KMPSIM:-$PWD/build/asan/kmpsim}
export KMPTERM_TEST_TMP=${KMPTERM_TEST_TMP:-$(mktemp -d /tmp/kmpterm-e2e.XXXXXX)}
pass=0 fail=0 skip=0
failed=()
for t in tests/e2e/*.sh; do
	case "$(basename "$t")" in run-all.sh | lib*.sh) continue ;; esac
	name=$(basename "$t" .sh)
	log="$KMPTERM_TEST_TMP/$name.log"
	start=$(date +%s)
	bash "$t" >"$log" 2>&1
	rc=$?
	secs=$(($(date +%s) - start))
	if [ $rc -eq 0 ]; then
		pass=$((pass + 1)); echo "e2e: $name: passed (${secs}s)"
	elif [ $rc -eq 77 ]; then
		skip=$((skip + 1)); echo "e2e: $name: skipped ($(tail -n 1 "$log"))"
	else
		fail=$((fail + 1)); failed+=("$name"); echo "e2e: $name: FAILED (${secs}s)"
		sed 's/^/    /' "$log" | tail -n 40
	fi
done
echo "${pass} passed, ${fail} failed, ${skip} skipped"
[ $fail -eq 0 ] || { echo "failed: ${failed[*]}"; exit 1; }
rm -rf "$KMPTERM_TEST_TMP"
