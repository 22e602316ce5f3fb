#!/usr/bin/env bash
# After `npm run build` on main: commit the regenerated files and push them to main.
#
# No loop: a push made with the default GITHUB_TOKEN starts no workflow; with REGENERATE_TOKEN it
# does, and that run finds nothing to regenerate (the build is a fixed point), so it commits nothing.
# A protected main refuses the push: the same commit then goes to the fixed branch bot/regenerate,
# with one pull request that later runs update. Everything it decided goes to the job summary.
#
# Needs GH_TOKEN, REPO, SERVER_URL (for the pull request fallback).
set -euo pipefail
here=$(dirname "$0")
say() { printf '%s\n' "$*" | tee -a "${GITHUB_STEP_SUMMARY:-/dev/null}"; }

# Only tracked files: every generated file is tracked, and nothing else the job left may slip in.
if git diff --quiet; then
  say "Generated files are up to date with data/: nothing to commit."
  exit 0
fi
git config user.name "github-actions[bot]"
git config user.email "41898282+github-actions[bot]@users.noreply.github.com"
git add --update
git commit --quiet -m "Regenerate generated files from data/"
files=$(git show --name-only --format= HEAD | paste -sd ' ' -)

errors=$(mktemp)
if git push --quiet origin HEAD:main 2>"$errors"; then
  say "Regenerated and committed to main: $files"
  exit 0
fi
cat "$errors" >&2
if grep -qE 'GH006|GH013|protected branch|Protected branch|rule violations' "$errors"; then
  body=$(mktemp)
  result=$(mktemp)
  printf '%s\n\n%s\n' "The generated files ($files), rebuilt from data/ on main by the CI workflow." \
    "main is protected, so the bot cannot push there; merging this pull request brings main up to date. Later regenerations update this same pull request." > "$body"
  GITHUB_OUTPUT=$result bash "$here/open-pull-request.sh" bot/regenerate "Regenerate generated files from data/" "$body"
  outcome=$(sed -n 's/^outcome=//p' "$result")
  url=$(sed -n 's/^url=//p' "$result")
  case "$outcome" in
    created | updated)
      say "main is protected, so the regenerated files ($files) went to branch bot/regenerate, pull request $outcome: $url" ;;
    not-permitted)
      say "main is protected, and this repository does not let GitHub Actions open pull requests. The regenerated files ($files) are on branch bot/regenerate: open the pull request at $url — or allow it once in Settings → Actions → General → Workflow permissions → \"Allow GitHub Actions to create and approve pull requests\" (docs/maintaining.md)."
      echo "::warning title=regenerate::main is protected and Actions may not open pull requests: open $url" ;;
    *)
      say "main is protected, and opening the pull request from bot/regenerate failed; open it at $url"
      exit 1 ;;
  esac
  exit 0
fi
if grep -qE 'fetch first|non-fast-forward|rejected' "$errors"; then
  # Someone pushed to main meanwhile; that push runs CI and regenerates after this run.
  say "main moved while regenerating; the run for the newer push regenerates instead."
  exit 0
fi
say "Could not push the regenerated files: $(tr '\n' ' ' < "$errors")"
exit 1
