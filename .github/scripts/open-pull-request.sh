#!/usr/bin/env bash
# Usage: open-pull-request.sh <branch> <title> <body-file>
#
# Pushes HEAD to <branch> (forced: the branch belongs to the bot) and makes sure that one open
# pull request from it into main exists. A new repository does not let GitHub Actions create pull
# requests ("Allow GitHub Actions to create and approve pull requests" is off by default), so when
# creation is refused this says so and gives the compare link a maintainer opens in one click.
#
# Needs GH_TOKEN, REPO (owner/name), SERVER_URL. Appends to $GITHUB_OUTPUT:
#   outcome = created | updated | not-permitted | failed
#   url     = the pull request, or the compare link when it could not be created
set -euo pipefail
branch=$1
title=$2
body_file=$3
base=${BASE_BRANCH:-main}
compare="$SERVER_URL/$REPO/compare/$base...$branch?expand=1"

git push --force --quiet origin "HEAD:refs/heads/$branch"

existing=$(gh pr list --repo "$REPO" --head "$branch" --base "$base" --state open --json url --jq '.[0].url // empty')
errors=$(mktemp)
if [ -n "$existing" ]; then
  outcome=updated
  url=$existing
elif url=$(gh pr create --repo "$REPO" --base "$base" --head "$branch" --title "$title" --body-file "$body_file" 2>"$errors"); then
  outcome=created
elif grep -qi 'not permitted to create or approve pull requests' "$errors"; then
  outcome=not-permitted
  url=$compare
else
  cat "$errors" >&2
  outcome=failed
  url=$compare
fi
rm -f "$errors"
printf 'outcome=%s\nurl=%s\n' "$outcome" "$url" >> "$GITHUB_OUTPUT"
echo "pull request: $outcome — $url"
