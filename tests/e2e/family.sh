#!/usr/bin/env bash
# What the meter's family changes (issue 12): register names in read and
# scan follow --family / 'family =' (1010 is a customer number on a
# MULTICAL, the meter number on a 382), read --json carries the info-code
# flags of the family (issue 13), scan --known asks the IDs public sources
# name first and finds every register of a simulated MULTICAL 403 that a
# full scan finds, and read on a legacy MULTICAL 66C prints its fields.
. "$(dirname "$0")/lib.sh"

# --- names follow the family ---
start_sim p382 --profile k382
"$KMPTERM" -d "$SIM_WHERE" -b 9600 --stopbits 1 --family kamstrup382 read --json 1010 1 >"$T/382.json"
"$KMPTERM" -d "$SIM_WHERE" -b 9600 --stopbits 1 read --json 1010 >"$T/382-nofam.json"
kill "$SIM_PID"
start_sim p403 --profile multical403 --info leak,sensor-error
"$KMPTERM" -d "$SIM_WHERE" --family multical403 read --json 1010 99 369 >"$T/403.json"
"$KMPTERM" -d "$SIM_WHERE" --family multical403 read 99 9999 >"$T/403.txt"
"$KMPTERM" -d "$SIM_WHERE" read --json 99 >"$T/403-nofam.json"
"$KMPTERM" -d "$SIM_WHERE" read 99 60 >"$T/403-nofam.txt"
check "382: 1010 named from the electricity table" \
	bash -c "grep -q '\"family\":\"kamstrup382\"' '$T/382.json' && grep -q '\"id\":1010,\"name\":\"[^\"]*[Mm]eter number' '$T/382.json'"
check "403: 1010 is the customer number" grep -q '"id":1010,"name":"Customer number' "$T/403.json"
check "382 without a family: 1010 keeps the generic name, no family in the JSON" \
	bash -c "grep -q '\"family\":null' '$T/382-nofam.json' && ! grep -q 'kamstrup382' '$T/382-nofam.json'"
check "403: info code 99 with its flags (a leak, a sensor error)" \
	bash -c "grep -q '\"id\":99,.*\"flags\":\[{\"name\":\"t1_above_range\".*\"name\":\"in_a1_leakage\"' '$T/403.json'"
check "403: info bits 369 with the same flags" \
	bash -c "grep -o '\"id\":369,.*' '$T/403.json' | grep -q '\"flags\":\[{\"name\":\"t1_above_range\"'"
check "read text: the flags under the value" grep -q 'flags .*leakage' "$T/403.txt"
check "read text: an ID no table names stays 'register N'" grep -q '9999  register 9999' "$T/403.txt"
check "without a family there are no flags to give" bash -c "! grep -q flags '$T/403-nofam.json'"
check "... and read's text says how to get them named" grep -q 'flags .*add --family (kmpterm identify names it)' "$T/403-nofam.txt"
check "... under the info code only" test "$(grep -c 'add --family' "$T/403-nofam.txt")" = 1
kill "$SIM_PID"

# the config file's 'family =' (what identify prints) does the same
mkdir -p "$T/cfg/kmpterm"
printf 'family = multical403\n' >"$T/cfg/kmpterm/config"
start_sim cfg --profile multical403 --info leak
XDG_CONFIG_HOME="$T/cfg" "$KMPTERM" -d "$SIM_WHERE" read --json 369 >"$T/cfg.json"
check "family = in the config file names the flags too" grep -q '"name":"in_a1_leakage"' "$T/cfg.json"
kill "$SIM_PID"

# --- scan --known: every register a public source names, first ---
start_sim known --profile multical403 --baud 115200 --latency 1 --log "$T/known.jsonl"
"$KMPTERM" -d "$SIM_WHERE" -b 115200 --family multical403 scan --known --json >"$T/known.json"
check "scan --known asks the family's 124 IDs, in 16 requests" \
	bash -c "grep -q '\"requests\":16,' '$T/known.json' && grep -q '\"known\":true,\"asked\":124,\"family\":\"multical403\"}' '$T/known.json'"
# the whole range a 403's registers live in, for comparison (the meter's
# IDs are all below 2048; a scan of all 65536 takes minutes)
"$KMPTERM" -d "$SIM_WHERE" -b 115200 --family multical403 scan --from 0 --to 2047 --json >"$T/full.json"
ids() { grep -o '"id":[0-9]*' "$1" | sort -u; }
check "scan --known finds every register the full scan finds" \
	bash -c "[ -n \"\$(grep -o '\"id\":' '$T/known.json')\" ] && diff <(grep -o '\"id\":[0-9]*' '$T/known.json' | sort -u) <(grep -o '\"id\":[0-9]*' '$T/full.json' | sort -u)"
check "scan names found registers from the family (369 Info bits)" grep -q '"id":369,.*"name":"Info bits"' "$T/known.json"
"$KMPTERM" -d "$SIM_WHERE" -b 115200 --family multical403 scan --known --out "$T/scan.csv" >/dev/null
"$KMPTERM" -d "$SIM_WHERE" -b 115200 scan --to 2047 --out "$T/scan.csv" --resume --json >"$T/rest.json" 2>"$T/rest.err"
check "the rest of the range after --known skips what it settled" \
	bash -c "grep -q 'resuming: 124 of 2048 IDs already done' '$T/rest.err'"
check "the scan's log shows read requests only (GetType, GetSerialNo for the file's identity, GetRegister)" \
	bash -c "! grep '\"event\":\"request\"' '$T/known.jsonl' | grep -v '\"command\":\"\(GetRegister\|GetType\|GetSerialNo\)\"' | grep -q ."
kill "$SIM_PID"
"$KMPTERM" -d /dev/null scan --known --family nosuch >/dev/null 2>"$T/badfam.err"
check "scan --family with an unknown family: exit 2" bash -c "[ $? = 2 ] && grep -q 'unknown family' '$T/badfam.err'"

# --- a legacy meter is read, not just detected ---
start_sim p66c --profile multical66c --log "$T/66c.jsonl"
"$KMPTERM" -d "$SIM_WHERE" --protocol legacy read --json >"$T/66c.json"
rc=$?
"$KMPTERM" -d "$SIM_WHERE" --protocol legacy read >"$T/66c.txt"
check "read --protocol legacy: exit 0, the programme scales E1-E2 to GJ" \
	bash -c "[ $rc = 0 ] && grep -q '\"scaled\":true' '$T/66c.json' && grep -q '\"key\":\"energy\",\"digits\":\"0123456\",\"value\":\"1234.56\",\"unit\":\"GJ\"' '$T/66c.json'"
check "read text on a legacy meter: names, scaled values, raw digits labelled" \
	bash -c "grep -q 'heat energy  *1234.56 GJ' '$T/66c.txt' && grep -q 'flow temperature T1 .*(raw digits' '$T/66c.txt'"
check "legacy read sends /#1 and /#2 only" \
	bash -c "! grep '\"event\":\"request\"' '$T/66c.jsonl' | grep -v '\"command\":\"/#[12]\"' | grep -q ."
"$KMPTERM" -d "$SIM_WHERE" --protocol legacy read 60 >/dev/null 2>"$T/66c.err"
check "a legacy meter has no register IDs: exit 2" bash -c "[ $? = 2 ] && grep -q 'no register IDs' '$T/66c.err'"
kill "$SIM_PID"
start_sim not66c --profile multical403
"$KMPTERM" -d "$SIM_WHERE" --retries 0 --protocol legacy read >/dev/null 2>"$T/not66c.err"
check "legacy read of a KMP meter: exit 1, says what to try" \
	bash -c "[ $? = 1 ] && grep -q 'did not answer /#1' '$T/not66c.err' && grep -q 'kmpterm identify' '$T/not66c.err'"
kill "$SIM_PID"
finish
