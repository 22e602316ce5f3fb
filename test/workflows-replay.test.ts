/**
 * The GitHub flow, replayed: every run: step of .github/workflows/*.yml runs here for real, on a
 * simulated GitHub (test/harness/github.ts: bare origin with pull-request refs, event payloads,
 * stand-in gh, branch protection, artifacts). One test per scenario of a real repository's life:
 * contributors' pull requests, merges, a protected main, the issue-form flow, the weekly link
 * check, and a hostile issue body.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { FIXTURES, validDataset } from './helpers.ts';
import { startServer, type TestServer } from './http-server.ts';
import { GITHUB_TOKEN, REPO, SimulatedGitHub, type WorkflowRun } from './harness/github.ts';

const BOT_COMMIT = 'Regenerate generated files from data/';
// Each scenario replays whole workflows: several real commands per job.
vi.setConfig({ testTimeout: 120_000 });

/** The internet, for these tests: a server on 127.0.0.1 (the runner gets LINKS_ALLOW_PRIVATE=1). */
let server: TestServer;
const local = (route: string) => `http://127.0.0.1:${server.port}${route}`;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

function simulatedGitHub(prepare?: (tree: string) => void): SimulatedGitHub {
  const github = new SimulatedGitHub(prepare);
  github.runnerEnv = { LINKS_ALLOW_PRIVATE: '1' };
  return github;
}

function addDataset(github: SimulatedGitHub, branch: string, id: string, name: string, fields: Record<string, string> = {}): number {
  const work = github.contributorClone(branch);
  writeFileSync(path.join(work, 'data/datasets', `${id}.yaml`), validDataset(id, { name: `name: ${name}`, links: `links:\n  homepage: ${local(`/ok?${id}`)}`, ...fields }));
  github.pushBranch(work, `Add ${name}`);
  return github.openPullRequest(branch);
}

/** The complete form fixture, its links pointing at the local server. */
function formWithLocalLinks(): string {
  return readFileSync(path.join(FIXTURES, 'issue-forms/complete.md'), 'utf8')
    .replace('https://example.org/hepatic-vessel-atlas/', local('/ok?hepatic'))
    .replace(/https:\/\/doi\.org\/\S+/, local('/ok?paper'))
    .replace(/https:\/\/github\.com\/\S+/, local('/ok?code'));
}

const stepsOf = (run: WorkflowRun, job: string) => run.jobs[job]!.steps.map((s) => `${s.outcome} ${s.name}`);
const failures = (run: WorkflowRun) =>
  Object.entries(run.jobs).flatMap(([name, job]) => job.steps.filter((s) => s.outcome === 'failure').map((s) => `${name} / ${s.name}:\n${s.output}`));

describe('CI on pull requests and main', () => {
  let github: SimulatedGitHub;
  beforeAll(() => {
    github = simulatedGitHub();
  });
  afterAll(() => github.close());

  test('1. a data-only pull request is green in every job, and the job summary shows its new row', async () => {
    const pr = addDataset(github, 'add-zebra', 'zebra-brain-atlas', 'Zebra Brain Atlas');
    const run = await github.run('ci.yml', github.pullRequestEvent(pr));
    expect(failures(run)).toEqual([]);
    expect(run.jobs.test!.status).toBe('success');
    expect(run.jobs.regenerate!.status).toBe('skipped');
    expect(run.jobs.test!.summary).toContain('Zebra Brain Atlas');
    expect(run.jobs.test!.annotations.filter((a) => a.level === 'error')).toEqual([]);
    expect(run.jobs.test!.annotations).toContainEqual(expect.objectContaining({ level: 'notice', message: expect.stringContaining('README.md will be regenerated') }));
  });

  test('2. a pull request with a broken data file is red, with annotations at the file and line', async () => {
    const pr = addDataset(github, 'add-broken', 'broken-set', 'Broken set', { organs: 'organs: [hart]' });
    const run = await github.run('ci.yml', github.pullRequestEvent(pr));
    expect(run.jobs.test!.status).toBe('failure');
    expect(run.jobs.test!.annotations).toContainEqual({
      level: 'error',
      properties: expect.objectContaining({ file: 'data/datasets/broken-set.yaml', line: '4', col: '10', title: 'schema/enum' }),
      message: expect.stringContaining('organ "hart" is not known'),
    });
    expect(run.jobs.test!.summary).toContain('data/datasets/broken-set.yaml:4:10');
  });

  test('3. two data-only pull requests merged in sequence: no conflict, main green, one regeneration per push, no loop', async () => {
    const first = addDataset(github, 'add-yak', 'yak-brain-atlas', 'Yak Brain Atlas');
    const second = addDataset(github, 'add-emu', 'emu-heart-set', 'Emu Heart Set', { organs: 'organs: [heart]' });

    const afterFirst = await github.run('ci.yml', github.mergePullRequest(first));
    expect(failures(afterFirst)).toEqual([]);
    expect(afterFirst.jobs.regenerate!.summary).toContain('Regenerated and committed to main: README.md');
    expect(github.log()[0]).toMatchObject({ author: 'github-actions[bot]', subject: BOT_COMMIT });
    expect(github.fileAt('main', 'README.md')).toContain('**Yak Brain Atlas** (2020)');

    // The second pull request, re-tested against the new main, credits only its own row.
    github.refreshMergeRef(second);
    const prRun = await github.run('ci.yml', github.pullRequestEvent(second));
    expect(failures(prRun)).toEqual([]);
    expect(prRun.jobs.test!.summary).toContain('Emu Heart Set');
    expect(prRun.jobs.test!.summary).not.toContain('Yak Brain Atlas');

    const afterSecond = await github.run('ci.yml', github.mergePullRequest(second));
    expect(failures(afterSecond)).toEqual([]);
    const readme = github.fileAt('main', 'README.md');
    expect(readme).toContain('**Yak Brain Atlas** (2020)');
    expect(readme).toContain('**Emu Heart Set** (2020)');
    expect(github.log().filter((c) => c.subject === BOT_COMMIT)).toHaveLength(2);

    // GitHub starts no workflow for a push made with GITHUB_TOKEN; even if one ran (a personal
    // token), the build is a fixed point and nothing is committed again.
    const tip = github.tip();
    const again = await github.run('ci.yml', github.pushEvent());
    expect(again.jobs.regenerate!.summary).toContain('Generated files are up to date with data/: nothing to commit.');
    expect(github.tip()).toBe(tip);
  });

  test('4. protected main: one regeneration pull request from bot/regenerate instead of a failed push', async () => {
    github.protectMain();
    github.updateState((s) => (s.actionsMayCreatePullRequests = true));
    const before = github.tip();
    const run = await github.run('ci.yml', github.mergePullRequest(addDataset(github, 'add-owl', 'owl-eye-set', 'Owl Eye Set', { organs: 'organs: [eye]' })));
    expect(failures(run)).toEqual([]);
    expect(github.log()[0]!.subject).toMatch(/^Merge pull request #\d+$/); // main holds the merge, not a bot commit
    expect(github.log()[1]!.sha).toBe(before);
    expect(github.fileAt('bot/regenerate', 'README.md')).toContain('**Owl Eye Set** (2020)');
    const opened = github.state().pulls.filter((p) => p.head === 'bot/regenerate');
    expect(opened).toHaveLength(1);
    expect(run.jobs.regenerate!.summary).toMatch(/main is protected, so the regenerated files \(README\.md\) went to branch bot\/regenerate, pull request created: https:\/\/github\.com\/.*\/pull\/\d+/);

    // A later merge updates the same pull request.
    const later = await github.run('ci.yml', github.mergePullRequest(addDataset(github, 'add-cat', 'cat-skin-set', 'Cat Skin Set', { organs: 'organs: [skin]' })));
    expect(later.jobs.regenerate!.summary).toContain('pull request updated');
    expect(github.state().pulls.filter((p) => p.head === 'bot/regenerate')).toHaveLength(1);
    expect(github.fileAt('bot/regenerate', 'README.md')).toContain('**Cat Skin Set** (2020)');

    // With GitHub's default setting the bot may not open pull requests: the summary says which setting, and gives the link.
    github.updateState((s) => {
      s.actionsMayCreatePullRequests = false;
      s.pulls = [];
    });
    const refused = await github.run('ci.yml', github.mergePullRequest(addDataset(github, 'add-ant', 'ant-bone-set', 'Ant Bone Set', { organs: 'organs: [bone]' })));
    expect(refused.jobs.regenerate!.status).toBe('success');
    expect(refused.jobs.regenerate!.summary).toContain(`https://github.com/${REPO}/compare/main...bot/regenerate?expand=1`);
    expect(refused.jobs.regenerate!.summary).toContain('"Allow GitHub Actions to create and approve pull requests"');
    expect(refused.jobs.regenerate!.annotations).toContainEqual(expect.objectContaining({ level: 'warning' }));
    github.protectMain(false);
  });
});

describe('accept-dataset: the issue form becomes a pull request', () => {
  let github: SimulatedGitHub;
  let body = '';
  const issue = { number: 7, title: '[dataset] Hepatic Vessel Atlas 2026', body: '', labels: [] as string[] };
  beforeAll(() => {
    body = issue.body = formWithLocalLinks();
    github = simulatedGitHub();
    github.updateState((s) => s.issues.push({ number: 7, title: issue.title, labels: [], state: 'open', body, comments: [] }));
  });
  afterAll(() => github.close());
  const comments = () => github.state().issues.find((i) => i.number === issue.number)!.comments;

  test('5a. on a new repository the labels do not exist: the opened event creates them and labels the form issue', async () => {
    const run = await github.run('accept-dataset.yml', github.issueEvent('opened', issue));
    expect(failures(run)).toEqual([]);
    expect(run.jobs.propose!.status).toBe('skipped');
    expect(github.state().labels.sort()).toEqual(['accepted', 'dataset']);
    expect(github.state().issues[0]!.labels).toEqual(['dataset']);
    // Idempotent: running again changes nothing and does not fail.
    expect(failures(await github.run('accept-dataset.yml', github.issueEvent('opened', issue)))).toEqual([]);
    expect(github.state().labels.sort()).toEqual(['accepted', 'dataset']);
  });

  test('5b. default settings (Actions may not open pull requests): the branch is pushed and the comment gives the link and the setting', async () => {
    const run = await github.run('accept-dataset.yml', github.issueEvent('labeled', { ...issue, labels: ['dataset', 'accepted'] }, 'accepted'));
    expect(failures(run)).toEqual([]);
    expect(run.jobs.propose!.concurrency).toEqual({ group: 'accept-dataset-7', cancelInProgress: false });
    const comment = comments().at(-1)!;
    expect(comment).toContain('✅');
    expect(comment).toContain('### The checks a pull request gets');
    expect(comment).toMatch(/Data \(npm run check\) — ✅ passed/);
    expect(comment).toContain(`https://github.com/${REPO}/compare/main...dataset/issue-7?expand=1`);
    expect(comment).toContain('"Allow GitHub Actions to create and approve pull requests"');
    expect(github.fileAt('dataset/issue-7', 'data/datasets/hepatic-vessel-atlas-2026.yaml')).toContain('name: Hepatic Vessel Atlas 2026');
    expect(github.state().pulls).toEqual([]);
  });

  test('5c. where Actions may open pull requests: one pull request, with the checks in its body; a second run updates it', async () => {
    github.updateState((s) => (s.actionsMayCreatePullRequests = true));
    const event = github.issueEvent('labeled', { ...issue, labels: ['dataset', 'accepted'] }, 'accepted');
    expect(failures(await github.run('accept-dataset.yml', event))).toEqual([]);
    const [pull] = github.state().pulls;
    expect(pull).toMatchObject({ head: 'dataset/issue-7', base: 'main', byToken: GITHUB_TOKEN });
    expect(pull!.body).toContain('Closes #7.');
    expect(pull!.body).toContain('### The checks a pull request gets');
    expect(comments().at(-1)).toMatch(/Pull request created:\*\* https:\/\/github\.com\/.*\/pull\/\d+/);
    expect(comments().at(-1)).toContain('close and reopen it');

    expect(failures(await github.run('accept-dataset.yml', event))).toEqual([]);
    expect(github.state().pulls).toHaveLength(1);
    expect(comments().at(-1)).toContain('Pull request updated');
  });

  test('5d. another label event during the run cannot cancel it (the old workflow-level group could)', async () => {
    const accepted = github.issueEvent('labeled', { ...issue, labels: ['dataset', 'accepted'] }, 'accepted');
    const unrelated = github.issueEvent('labeled', { ...issue, labels: ['dataset', 'accepted', 'good first issue'] }, 'good first issue');
    const [first, second] = await github.overlap('accept-dataset.yml', accepted, unrelated);
    expect(first.jobs.propose!.status).toBe('success');
    expect(second.jobs.propose!.status).toBe('skipped');

    const oldStyle = `on:\n  issues:\n    types: [labeled]\nconcurrency:\n  group: accept-\${{ github.event.issue.number }}\n  cancel-in-progress: true\njobs:\n  propose:\n    if: github.event.label.name == 'accepted'\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo proposing\n`;
    const [cancelled] = await github.overlap('accept-dataset.yml', accepted, unrelated, oldStyle);
    expect(cancelled.jobs.propose!.status).toBe('cancelled');
  });

  test('5e. a form with mistakes: every problem in one comment, no branch, the job fails', async () => {
    const bad = { number: 8, title: '[dataset] Incomplete', body: readFileSync(path.join(FIXTURES, 'issue-forms/missing-fields.md'), 'utf8'), labels: ['dataset', 'accepted'] };
    github.updateState((s) => s.issues.push({ number: 8, title: bad.title, labels: bad.labels, state: 'open', body: bad.body, comments: [] }));
    const run = await github.run('accept-dataset.yml', github.issueEvent('labeled', bad, 'accepted'));
    expect(run.jobs.propose!.status).toBe('failure');
    expect(stepsOf(run, 'propose')).toContain('skipped Push the branch and open (or update) the pull request');
    const comment = github.state().issues.find((i) => i.number === 8)!.comments.at(-1)!;
    expect(comment).toContain('❌');
    expect(comment).toContain('remove and add the `accepted` label again');
    expect(() => github.fileAt('dataset/issue-8', 'README.md')).toThrow();
  });
});

describe('7. a hostile issue body', () => {
  let github: SimulatedGitHub;
  const marker = path.join(os.tmpdir(), `amd-pwned-${process.pid}`);
  afterAll(() => {
    github.close();
    rmSync(marker, { force: true });
  });

  test('cannot run code, change another file, or write outside data/datasets/', async () => {
    github = simulatedGitHub();
    github.updateState((s) => (s.actionsMayCreatePullRequests = true));
    const hostile = formWithLocalLinks()
      .replace('Hepatic Vessel Atlas 2026', `Atlas $(touch ${marker}) \`touch ${marker}\` \${{ github.token }} ../../../etc/evil`)
      .replace('Hepatic and portal vein masks', `Masks"; touch ${marker}; echo "\nlicense: MIT\n&anchor`)
      .replace('The dataset page and its paper.', `'; touch ${marker}; '\u001b[31m red \u0007`);
    const issue = { number: 9, title: '[dataset] $(touch x)', body: hostile, labels: ['dataset', 'accepted'] };
    github.updateState((s) => {
      s.labels = ['dataset', 'accepted'];
      s.issues.push({ number: 9, title: issue.title, labels: issue.labels, state: 'open', body: hostile, comments: [] });
    });
    const mainBefore = github.tip();
    await github.run('accept-dataset.yml', github.issueEvent('opened', issue));
    const run = await github.run('accept-dataset.yml', github.issueEvent('labeled', issue, 'accepted'));
    expect(existsSync(marker)).toBe(false);
    expect(github.tip()).toBe(mainBefore);
    const comment = github.state().issues.find((i) => i.number === 9)!.comments.at(-1)!;
    expect(comment).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/);
    expect(comment).not.toContain(GITHUB_TOKEN);
    if (run.jobs.propose!.status === 'success') {
      // Only one new file, inside data/datasets/, named by a slug.
      const workspace = run.jobs.propose!.workspace!;
      const changed = readdirSync(path.join(workspace, 'data/datasets')).filter((f) => !existsSync(path.join(FIXTURES, '..', '..', 'data/datasets', f)));
      expect(changed).toHaveLength(1);
      expect(changed[0]).toMatch(/^[a-z0-9-]+\.yaml$/);
      expect(github.fileAt('dataset/issue-9', `data/datasets/${changed[0]}`)).not.toContain('license: MIT\n&anchor');
    }
    for (const call of github.ghCalls()) expect(call.args.join(' ')).not.toContain(marker.slice(0, -3) + 'x');
  });
});

describe('6. the weekly link check', () => {
  let github: SimulatedGitHub;
  const MINIMAL_README = '# T\n\n<!-- BEGIN contents -->\n<!-- END contents -->\n\n<!-- BEGIN datasets -->\n<!-- END datasets -->\n';

  /** Pushes a catalog of datasets whose homepages are the given paths on the local server. */
  function publish(homepages: Record<string, string>): void {
    const branch = `links-${github.log().length}`;
    const work = github.contributorClone(branch);
    rmSync(path.join(work, 'data/datasets'), { recursive: true });
    mkdirSync(path.join(work, 'data/datasets'));
    for (const [id, route] of Object.entries(homepages)) {
      writeFileSync(path.join(work, 'data/datasets', `${id}.yaml`), validDataset(id, { name: `name: Set ${id}`, links: `links:\n  homepage: ${local(route)}` }));
    }
    github.pushBranch(work, 'Links for the scenario');
    github.mergePullRequest(github.openPullRequest(branch));
  }
  const issues = () => github.state().issues.filter((i) => i.labels.includes('link-health'));

  beforeAll(() => {
    github = simulatedGitHub((tree) => {
      // Only links this test controls: no hand-written page that points at the internet.
      for (const file of ['README.md', 'CONTRIBUTING.md']) writeFileSync(path.join(tree, file), file === 'README.md' ? MINIMAL_README : '# Contributing\n');
    });
  });
  afterAll(() => github.close());

  test('confirmed broken → one issue; failing in grace → it stays open with the dates; all green → closed; ledger carried by artifacts', async () => {
    publish({ alive: '/ok', dead: '/gone' });
    // An earlier run (its artifact) saw /gone fail twice, starting three days ago.
    const threeDaysAgo = new Date(Date.now() - 3 * 86_400_000).toISOString();
    const ledgerDir = path.join(github.dir, 'artifacts', '900', 'link-ledger');
    mkdirSync(ledgerDir, { recursive: true });
    writeFileSync(
      path.join(ledgerDir, 'link-ledger.json'),
      JSON.stringify({ version: 1, entries: { [local('/gone')]: { outcome: 'broken', status: 410, finalUrl: local('/gone'), permanent: false, checkedAt: threeDaysAgo, firstFailureAt: threeDaysAgo, consecutiveFailures: 2 } } }),
    );
    github.updateState((s) => s.artifacts.push({ name: 'link-ledger', runId: 900, expired: false }));

    const first = await github.run('links.yml', github.scheduleEvent());
    expect(failures(first)).toEqual([]);
    expect(first.jobs.check!.outputs.health).toBe('broken');
    expect(first.jobs.check!.summary).toContain('Link ledger restored from run 900.');
    expect(issues()).toHaveLength(1);
    expect(issues()[0]!.body).toContain('1 link broken');

    // The dead link is fixed; a new link starts failing: not yet confirmed, so the issue stays open.
    publish({ alive: '/ok', fixed: '/ok?fixed', wobbly: '/not-found' });
    const second = await github.run('links.yml', github.scheduleEvent());
    expect(failures(second)).toEqual([]);
    expect(second.jobs.check!.summary).toContain(`Link ledger restored from run ${first.runId}.`);
    expect(second.jobs.check!.outputs.health).toBe('failing');
    expect(issues()[0]!.state).toBe('open');
    const today = new Date().toISOString().slice(0, 10);
    expect(issues()[0]!.body).toContain(`is failing (HTTP 404) since ${today}, 1 run in a row`);
    expect(issues()[0]!.body).toMatch(/reported broken after 3 failed runs in a row, not before \d{4}-\d\d-\d\d/);
    expect(issues()[0]!.body).toContain('No link is confirmed broken yet');

    publish({ alive: '/ok', fixed: '/ok?fixed', steady: '/ok?steady' });
    const third = await github.run('links.yml', github.scheduleEvent());
    expect(failures(third)).toEqual([]);
    expect(third.jobs.check!.outputs.health).toBe('healthy');
    expect(issues()[0]!.state).toBe('closed');
    expect(issues()[0]!.comments.at(-1)).toContain('No broken or failing links on the latest check');
  });

  test('every saved ledger expired: the run starts a new one, and a failing link opens no issue yet', async () => {
    github.updateState((s) => {
      s.artifacts.forEach((a) => (a.expired = true));
      s.issues = [];
    });
    publish({ alive: '/ok', wobbly: '/not-found' });
    const run = await github.run('links.yml', github.scheduleEvent());
    expect(failures(run)).toEqual([]);
    expect(run.jobs.check!.summary).toContain('No saved link ledger: this run starts a new one');
    expect(run.jobs.check!.outputs.health).toBe('failing');
    expect(issues()).toEqual([]);
    // This run's ledger is saved for the next one.
    expect(github.state().artifacts.filter((a) => a.name === 'link-ledger' && !a.expired).map((a) => a.runId)).toEqual([run.runId]);
  });
});
