#!/usr/bin/env bash
# Usage: proposal-checks.sh <report.md>
#
# The checks CI runs on a pull request, run on the accepted proposal before the bot opens one:
# a pull request opened with the default GITHUB_TOKEN starts no workflow, so without this its
# data would reach review unchecked. Each command renders its own markdown (escaped by its
# reporter); this script only orders the sections. Appends passed=true|false to $GITHUB_OUTPUT.
set -uo pipefail
report=$1
passed=true
section() {
  local title=$1 file=$2 code=$3 ok_codes=$4
  local verdict="✅ passed"
  case " $ok_codes " in *" $code "*) ;; *) verdict="❌ failed (exit $code)"; passed=false ;; esac
  [ "$code" = 3 ] && verdict="⚠️ not checked: the network was unavailable"
  printf '#### %s — %s\n\n' "$title" "$verdict"
  cat "$file"
  printf '\n'
}

work=$(mktemp -d)
npm run --silent check -- --format markdown > "$work/check.md" 2>&1; check=$?
npm run --silent pr-report -- --base HEAD --format markdown > "$work/rows.md" 2>&1; rows=$?
npm run --silent links -- --changed-since HEAD --no-cache --format markdown > "$work/links.md" 2>&1; links=$?
{
  printf '### The checks a pull request gets\n\n'
  section "Data (npm run check)" "$work/check.md" "$check" "0"
  section "README rows (npm run pr-report)" "$work/rows.md" "$rows" "0"
  section "Links of the new file (npm run links)" "$work/links.md" "$links" "0 3"
} > "$report"
rm -rf "$work"
echo "passed=$passed" >> "$GITHUB_OUTPUT"
cat "$report"
