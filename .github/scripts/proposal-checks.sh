#!/usr/bin/env bash
# Usage: proposal-checks.sh <report.md>
#
# The checks CI runs on a pull request, run on the accepted proposal before the bot opens one:
# a pull request opened with the default GITHUB_TOKEN starts no workflow, so without this its
# data would reach review unchecked. Each command renders its own markdown (escaped and made
# inert by its reporter); this script only orders the sections, each command's stderr in a code
# block. Appends passed=true|false to $GITHUB_OUTPUT.
set -uo pipefail
report=$1
passed=true
section() {
  local title=$1 name=$2 code=$3 ok_codes=$4
  local verdict="✅ passed"
  case " $ok_codes " in *" $code "*) ;; *) verdict="❌ failed (exit $code)"; passed=false ;; esac
  [ "$code" = 3 ] && verdict="⚠️ not checked: the network was unavailable"
  printf '#### %s — %s\n\n' "$title" "$verdict"
  cat "$work/$name.md"
  printf '\n'
  code_block "$work/$name.err"
}

# What a command wrote to stderr (an offline notice, an error): not markdown its reporter escaped,
# so it goes in a code block, where GitHub renders no mention, heading or HTML. The fence is one
# backtick longer than any run of backticks in the text, so the text cannot close it.
code_block() {
  local file=$1 fence='```'
  [ -s "$file" ] || return 0
  while grep -qF -- "$fence" "$file"; do fence="$fence\`"; done
  printf '%s\n' "$fence"
  cat "$file"
  [ -z "$(tail -c 1 "$file")" ] || printf '\n'
  printf '%s\n\n' "$fence"
}

work=$(mktemp -d)
npm run --silent check -- --format markdown > "$work/check.md" 2> "$work/check.err"; check=$?
npm run --silent pr-report -- --base HEAD --format markdown > "$work/rows.md" 2> "$work/rows.err"; rows=$?
npm run --silent links -- --changed-since HEAD --no-cache --format markdown > "$work/links.md" 2> "$work/links.err"; links=$?
{
  printf '### The checks a pull request gets\n\n'
  section "Data (npm run check)" check "$check" "0"
  section "README rows (npm run pr-report)" rows "$rows" "0"
  section "Links of the new file (npm run links)" links "$links" "0 3"
} > "$report"
rm -rf "$work"
echo "passed=$passed" >> "$GITHUB_OUTPUT"
cat "$report"
