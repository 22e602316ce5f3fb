/**
 * accept-dataset.yml replayed on a simulated GitHub (test/harness/): the issue form becomes a
 * pull request under default settings and where Actions may open pull requests, overlapping
 * label events, a form with mistakes, and a hostile issue body.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, test } from 'vitest';
import { FIXTURES } from './helpers.ts';
import { GITHUB_TOKEN, REPO, type SimulatedGitHub } from './harness/github.ts';
import { failures, replayWorld, stepsOf } from './harness/replay.ts';

const { simulatedGitHub, formWithLocalLinks } = replayWorld();

describe('accept-dataset: the issue form becomes a pull request', () => {
  let github: SimulatedGitHub;
  let body = '';
  const issue = { number: 7, title: '[dataset] Hepatic Vessel Atlas 2026', body: '', labels: [] as string[] };
  // A new repository for every scenario: none depends on what another left behind.
  beforeEach(() => {
    body = issue.body = formWithLocalLinks();
    github = simulatedGitHub();
    github.updateState((s) => s.issues.push({ number: 7, title: issue.title, labels: [], state: 'open', body, comments: [] }));
  });
  afterEach(() => github.close());
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
    // A form with mistakes: its run ends at the conversion, which is all that cancelling needs.
    const withMistakes = { ...issue, body: readFileSync(path.join(FIXTURES, 'issue-forms/missing-fields.md'), 'utf8'), labels: ['dataset', 'accepted'] };
    github.updateState((s) => (s.issues[0]!.body = withMistakes.body));
    const accepted = github.issueEvent('labeled', withMistakes, 'accepted');
    const unrelated = github.issueEvent('labeled', { ...withMistakes, labels: ['dataset', 'accepted', 'good first issue'] }, 'good first issue');
    const [first, second] = await github.overlap('accept-dataset.yml', accepted, unrelated);
    expect(first.jobs.propose!.status).toBe('failure'); // ran to its own end, not cancelled
    expect(stepsOf(first, 'propose')).toContain('success Comment the verdict, the checks and the next step on the issue');
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
