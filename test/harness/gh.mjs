#!/usr/bin/env node
// The stand-in `gh` on the replayed runner's PATH. It records every call (arguments, and the text
// of any --body-file, which the workflow deletes afterwards) and answers from a small model of the
// repository kept in $GH_STUB_STATE: labels, issues, pull requests, artifacts, and the setting
// "Allow GitHub Actions to create and approve pull requests". It implements exactly the calls the
// workflows make, and only the --jq expressions they use; anything else exits 1 naming the call,
// so a new workflow step cannot go untested by accident.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';

const args = process.argv.slice(2);
const stateFile = process.env.GH_STUB_STATE;
const state = JSON.parse(readFileSync(stateFile, 'utf8'));

function option(name) {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args[i + 1];
}
function options(name) {
  return args.flatMap((a, i) => (a === name ? [args[i + 1]] : []));
}
const bodyFile = option('--body-file');
const body = bodyFile ? readFileSync(bodyFile, 'utf8') : option('--body');
appendFileSync(process.env.GH_STUB_LOG, `${JSON.stringify({ args, body: body ?? null, token: process.env.GH_TOKEN ?? null })}\n`);

function done(stdout = '', code = 0, stderr = '') {
  writeFileSync(stateFile, JSON.stringify(state, null, 1));
  if (stdout) process.stdout.write(stdout.endsWith('\n') ? stdout : `${stdout}\n`);
  if (stderr) process.stderr.write(stderr.endsWith('\n') ? stderr : `${stderr}\n`);
  process.exit(code);
}
const refuse = (why) => done('', 1, `stand-in gh: ${why}: gh ${args.join(' ')}`);

// GitHub refuses a body (issue, pull request, comment) longer than this many characters.
const MAX_BODY = 65_536;
if (body !== undefined && body !== null && [...body].length > MAX_BODY) done('', 1, `GraphQL: Body is too long (maximum is ${MAX_BODY} characters)`);

/** The only --jq filters the workflows use, each applied to the list it is given. */
function jq(list) {
  const filter = option('--jq');
  if (filter === undefined) return JSON.stringify(list);
  const first = list[0];
  switch (filter) {
    case '.[0].number // empty':
      return first ? String(first.number) : '';
    case '.[0].url // empty':
      return first ? first.url : '';
    case '[.artifacts[] | select(.expired | not)][0].workflow_run.id // empty': {
      const live = list.artifacts.filter((a) => !a.expired);
      return live[0] ? String(live[0].workflow_run.id) : '';
    }
    default:
      return refuse(`no equivalent for --jq '${filter}'`);
  }
}

const repo = option('--repo');
const [noun, verb] = args;
const url = (kind, n) => `https://github.com/${repo}/${kind}/${n}`;

if (noun === 'label' && verb === 'create') {
  const name = args[2];
  if (state.labels.includes(name) && !args.includes('--force')) done('', 1, `label with name "${name}" already exists; use \`--force\` to update its color and description`);
  if (!state.labels.includes(name)) state.labels.push(name);
  done();
}

if (noun === 'issue') {
  const number = Number(args[2]);
  const issue = state.issues.find((i) => i.number === number);
  switch (verb) {
    case 'list': {
      const label = option('--label');
      const wanted = option('--state') ?? 'open';
      done(jq(state.issues.filter((i) => (!label || i.labels.includes(label)) && (wanted === 'all' || i.state === wanted)).map((i) => ({ number: i.number, url: url('issues', i.number) }))));
      break;
    }
    case 'create': {
      const labels = options('--label');
      const missing = labels.find((l) => !state.labels.includes(l));
      if (missing) done('', 1, `could not add label: '${missing}' not found`);
      const created = { number: state.next++, title: option('--title'), labels, state: 'open', body, comments: [] };
      state.issues.push(created);
      done(url('issues', created.number));
      break;
    }
    case 'edit': {
      if (!issue) refuse(`no issue ${number}`);
      if (body !== undefined) issue.body = body;
      for (const label of options('--add-label')) {
        if (!state.labels.includes(label)) done('', 1, `'${label}' not found`);
        if (!issue.labels.includes(label)) issue.labels.push(label);
      }
      done(url('issues', number));
      break;
    }
    case 'comment':
      if (!issue) refuse(`no issue ${number}`);
      issue.comments.push(body);
      done(`${url('issues', number)}#issuecomment-1`);
      break;
    case 'close':
      if (!issue) refuse(`no issue ${number}`);
      issue.state = 'closed';
      if (option('--comment')) issue.comments.push(option('--comment'));
      done();
      break;
    default:
      refuse('no equivalent');
  }
}

if (noun === 'pr' && verb === 'list') {
  const head = option('--head');
  const base = option('--base');
  done(jq(state.pulls.filter((p) => p.state === 'open' && (!head || p.head === head) && (!base || p.base === base)).map((p) => ({ number: p.number, url: url('pull', p.number) }))));
}

if (noun === 'pr' && verb === 'create') {
  if (!state.actionsMayCreatePullRequests && process.env.GH_TOKEN === state.githubToken) {
    done('', 1, 'pull request create failed: GraphQL: GitHub Actions is not permitted to create or approve pull requests (createPullRequest)');
  }
  const head = option('--head');
  const base = option('--base') ?? 'main';
  if (state.pulls.some((p) => p.state === 'open' && p.head === head && p.base === base)) done('', 1, `a pull request for branch "${head}" into branch "${base}" already exists`);
  const created = { number: state.next++, head, base, title: option('--title'), body, state: 'open', byToken: process.env.GH_TOKEN ?? null };
  state.pulls.push(created);
  done(url('pull', created.number));
}

if (noun === 'api') {
  const match = /^repos\/[^/]+\/[^/]+\/actions\/artifacts\?name=([\w.-]+)/.exec(args[1] ?? '');
  if (!match) refuse('no equivalent for this API path');
  const artifacts = state.artifacts
    .filter((a) => a.name === match[1])
    .sort((a, b) => b.runId - a.runId)
    .map((a) => ({ name: a.name, expired: a.expired, workflow_run: { id: a.runId } }));
  done(jq({ artifacts }));
}

refuse('no equivalent');
