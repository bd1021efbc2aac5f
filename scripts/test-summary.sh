#!/usr/bin/env bash
# Runs a `go test -v` command, keeps its output, and closes with the counts of one CLI's run:
# every skipped test with its reason, then "LABEL: N passed, N failed, N skipped".
# The command's exit status is kept, so CI fails when the tests do.
#   usage: test-summary.sh LABEL COMMAND [ARG...]
set -uo pipefail
label=${1:?usage: test-summary.sh LABEL COMMAND [ARG...]}
shift
log=$(mktemp)
trap 'rm -f "$log"' EXIT
"$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

count() { grep -cE "^[[:space:]]*--- $1: " "$log"; }
passed=$(count PASS)
failed=$(count FAIL)
skipped=$(count SKIP)
if [ "$skipped" -gt 0 ]; then
  echo
  echo "Skipped under $label:"
  # go test -v prints a test's log lines under its latest "=== RUN/CONT/NAME" header; the last one
  # before its "--- SKIP" is the reason it gave.
  awk '
    /^=== (RUN|CONT|NAME|PAUSE) / { current = $3; next }
    /^[[:space:]]+[^[:space:]]+\.go:[0-9]+: / { if (current != "") { line = $0; sub(/^[[:space:]]+/, "", line); reason[current] = line } }
    /^[[:space:]]*--- SKIP: / { printf "  %s: %s\n", $3, reason[$3] }
  ' "$log"
fi
echo
echo "$label: $passed passed, $failed failed, $skipped skipped"
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then
  echo "$label: no test ran" >&2
  exit 1
fi
exit "$status"
