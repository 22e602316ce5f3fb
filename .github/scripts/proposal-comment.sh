#!/usr/bin/env bash
# Usage: proposal-comment.sh <dir with verdict.md and checks.md>
#
# The one comment the accept-dataset workflow leaves on the issue: the verdict on the form, the
# checks, and the exact next step for the maintainer. Reads STATUS (from-issue's exit code),
# PASSED, OUTCOME and URL (open-pull-request.sh), BRANCH and BOT_TOKEN from the environment.
set -uo pipefail
dir=$1
cat "$dir/verdict.md"
printf '\n'
[ -f "$dir/checks.md" ] && { cat "$dir/checks.md"; printf '\n'; }

if [ "${STATUS:-}" != 0 ]; then
  echo "**Next step:** edit the issue to answer the points above, then remove and add the \`accepted\` label again."
  exit 0
fi
if [ "${PASSED:-}" != true ]; then
  echo "**Next step:** the form is valid but a check above failed; fix the answers in the issue, then remove and add the \`accepted\` label again. No branch was pushed."
  exit 0
fi
case "${OUTCOME:-}" in
  created | updated)
    echo "**Pull request ${OUTCOME}:** $URL"
    if [ "${BOT_TOKEN:-false}" != true ]; then
      echo
      echo "It was opened with the workflow's default token, so GitHub does not run CI on it; the checks above are the ones CI would run. To run CI on the pull request itself, close and reopen it (or set the \`DATASET_BOT_TOKEN\` secret, see docs/maintaining.md)."
    fi ;;
  not-permitted)
    echo "**Next step:** this repository does not let GitHub Actions open pull requests, so the branch \`$BRANCH\` was pushed and the pull request is one click away: **[open the pull request]($URL)**. CI runs on it because you open it."
    echo
    echo "To let the bot open them itself: Settings → Actions → General → Workflow permissions → \"Allow GitHub Actions to create and approve pull requests\" (docs/maintaining.md)." ;;
  *)
    echo "**The pull request could not be opened.** The branch \`$BRANCH\` is pushed if the push succeeded: [open the pull request]($URL); the workflow log says what failed." ;;
esac
