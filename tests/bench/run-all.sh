#!/usr/bin/env bash
# make bench: every tests/bench/*.sh against the optimised binaries.  Each
# prints ratios against the wire-limited maximum; none of them fails the
# build on a slow machine, they report.
set -u
cd "$(dirname "$0")/../.."
export KMPTERM=${KMPTERM:-$PWD/build/kmpterm}
export KMPSIM=${KMPSIM:-$PWD/build/kmpsim}
for b in tests/bench/*.sh; do
	[ "$(basename "$b")" = run-all.sh ] && continue
	echo "== $(basename "$b" .sh)"
	bash "$b" || echo "bench $(basename "$b"): failed to run"
done
