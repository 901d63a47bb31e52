#!/usr/bin/env bash
# kmpterm decode says what the values mean: checked dates and times, the
# logger and event-status commands field by field (issue 13), and the
# example in docs/units-and-dates.md is what the program really prints.
. "$(dirname "$0")/lib.sh"
DAY='40 3F B8 1B F9 04 00 03 03 00 00 00 BC 00 00 02 85 00 1B BF 03 EA 2F 04 00 00 00 00 04 03 EB 30 04 00 00 03 AE 4F 01 5C 4F 07 00 00 18 0C 1F 00 00 04 00 00 00 04 00 03 AE 4E 00 18 0C 1E 00 00 04 00 00 00 04 00 03 AE 4D 00 18 0C 1D 00 00 04 F2 2D 0D'

"$KMPTERM" decode "$DAY" >"$T/day.txt"
check "B8 day reply: exit 0" test $? -eq 0
check "unit 79 as a date-time" grep -q '348=2024-12-31 00:00:04' "$T/day.txt"
check "one line per record" test "$(grep -c '^  record   #' "$T/day.txt")" -eq 3
check "the oldest record's values" grep -q '#186 1002=00:00:04 1003=2024-12-29 348=2024-12-29 00:00:04' "$T/day.txt"

"$KMPTERM" decode --json "$DAY" >"$T/day.json"
check "JSON: raw value and checked text" grep -q '"id":348,"unit":79,"value":"26440338767876","text":"2024-12-31 00:00:04","valid":true' "$T/day.json"
check "JSON: log IDs and info flags" grep -q '"info":64,"flags":\["tail_included"\],"newest_id":645' "$T/day.json"

# unit 47 value 999999 is no time: shown as the number, flagged (issue 10, 19)
"$KMPTERM" decode 403F1003EA2F0400000F423F4E7E0D >"$T/bad.txt" 2>&1
check "999999 as hh:mm:ss stays a number" grep -q '999999 (not a valid hh:mm:ss)' "$T/bad.txt"
check "never 99:99:99" bash -c "! grep -q '99:99:99' '$T/bad.txt'"
"$KMPTERM" decode --json 403F1003EA2F0400000F423F4E7E0D >"$T/bad.json"
check "JSON: valid false" grep -q '"value":"999999","text":"999999 (not a valid hh:mm:ss)","valid":false' "$T/bad.json"

# event status and a logger-module request
check "GetEventStatus reply" grep -q 'ES 00 00 01 00 (ES2: the interval log has unread records)' <<<"$("$KMPTERM" decode 407F9B0000010079DB0D)"
check "A0 request's time" grep -q 'from 2007-05-24 10:30:00' <<<"$("$KMPTERM" decode '80 7F A0 01 02 00 3C 00 44 03 1B 7F 07 05 18 0A 1E 00 00 00 AC 1C 0D')"

# GetType with a revision letter outside A..Z: the type is kept, with a warning
out=$("$KMPTERM" decode 403F0100041BE40153B60D)
check "odd revision: type kept" grep -q 'type 0x0004 sw 0x1B01' <<<"$out"
check "odd revision: warned" grep -q 'warning  sw revision bytes 1B 01' <<<"$out"

# the documentation's example is real output
sed -n '/^  decoded  Logger GetLogIDPastAbs/,/^  record   #186/p' docs/units-and-dates.md >"$T/doc"
grep -E '^  (decoded|record)' "$T/day.txt" >"$T/real"
check "docs/units-and-dates.md example matches the program" diff "$T/doc" "$T/real"
finish
