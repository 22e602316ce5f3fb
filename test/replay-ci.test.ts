/**
 * ci.yml replayed on a simulated GitHub (test/harness/): contributors' pull requests, merges in
 * sequence, the regeneration commit and its absence of a loop, and a protected main.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { REPO, type SimulatedGitHub } from './harness/github.ts';
import { BOT_COMMIT, failures, replayWorld } from './harness/replay.ts';

const { simulatedGitHub, addDataset } = replayWorld();

describe('CI on pull requests and main', () => {
  let github: SimulatedGitHub;
  // A new repository for every scenario: none depends on what another left behind.
  beforeEach(() => {
    github = simulatedGitHub();
  });
  afterEach(() => github.close());

  test('1. a pull request with a broken data file is red, with annotations at the file and line', async () => {
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

  test('2. data-only pull requests: each green with its own row in the job summary; merged in sequence: no conflict, main green, one regeneration per push, no loop', async () => {
    const first = addDataset(github, 'add-yak', 'yak-brain-atlas', 'Yak Brain Atlas');
    const second = addDataset(github, 'add-emu', 'emu-heart-set', 'Emu Heart Set', { organs: 'organs: [heart]' });

    const afterFirst = await github.run('ci.yml', github.mergePullRequest(first));
    expect(failures(afterFirst)).toEqual([]);
    expect(afterFirst.jobs.regenerate!.summary).toContain('Regenerated and committed to main: README.md');
    expect(github.log()[0]).toMatchObject({ author: 'github-actions[bot]', subject: BOT_COMMIT });
    expect(github.fileAt('main', 'README.md')).toMatch(/\*\*\[Yak Brain Atlas\]\(\S+\)\*\* \(2020\)/);

    // The second pull request, re-tested against the new main, credits only its own row.
    github.refreshMergeRef(second);
    const prRun = await github.run('ci.yml', github.pullRequestEvent(second));
    expect(failures(prRun)).toEqual([]);
    expect(prRun.jobs.test!.status).toBe('success');
    expect(prRun.jobs.regenerate!.status).toBe('skipped');
    expect(prRun.jobs.test!.summary).toContain('Emu Heart Set');
    expect(prRun.jobs.test!.summary).not.toContain('Yak Brain Atlas');
    expect(prRun.jobs.test!.annotations.filter((a) => a.level === 'error')).toEqual([]);
    expect(prRun.jobs.test!.annotations).toContainEqual(expect.objectContaining({ level: 'notice', message: expect.stringContaining('README.md will be regenerated') }));

    // The test job on a push to main was replayed above; from here on, only what regenerates.
    const regenerateOnly = { jobs: ['regenerate'] };

    const afterSecond = await github.run('ci.yml', github.mergePullRequest(second), regenerateOnly);
    expect(failures(afterSecond)).toEqual([]);
    const readme = github.fileAt('main', 'README.md');
    expect(readme).toMatch(/\*\*\[Yak Brain Atlas\]\(\S+\)\*\* \(2020\)/);
    expect(readme).toMatch(/\*\*\[Emu Heart Set\]\(\S+\)\*\* \(2020\)/);
    expect(github.log().filter((c) => c.subject === BOT_COMMIT)).toHaveLength(2);

    // GitHub starts no workflow for a push made with GITHUB_TOKEN; even if one ran (a personal
    // token), the build is a fixed point and nothing is committed again.
    const tip = github.tip();
    const again = await github.run('ci.yml', github.pushEvent(), regenerateOnly);
    expect(again.jobs.regenerate!.summary).toContain('Generated files are up to date with data/: nothing to commit.');
    expect(github.tip()).toBe(tip);
  });

  test('3. protected main: one regeneration pull request from bot/regenerate instead of a failed push', async () => {
    // Only the regenerate job: the test job of a push to main is replayed in scenario 2.
    const regenerateOnly = { jobs: ['regenerate'] };
    github.protectMain();
    github.updateState((s) => (s.actionsMayCreatePullRequests = true));
    const before = github.tip();
    const run = await github.run('ci.yml', github.mergePullRequest(addDataset(github, 'add-owl', 'owl-eye-set', 'Owl Eye Set', { organs: 'organs: [eye]' })), regenerateOnly);
    expect(failures(run)).toEqual([]);
    expect(github.log()[0]!.subject).toMatch(/^Merge pull request #\d+$/); // main holds the merge, not a bot commit
    expect(github.log()[1]!.sha).toBe(before);
    expect(github.fileAt('bot/regenerate', 'README.md')).toMatch(/\*\*\[Owl Eye Set\]\(\S+\)\*\* \(2020\)/);
    const opened = github.state().pulls.filter((p) => p.head === 'bot/regenerate');
    expect(opened).toHaveLength(1);
    expect(run.jobs.regenerate!.summary).toMatch(/main is protected, so the regenerated files \(README\.md\) went to branch bot\/regenerate, pull request created: https:\/\/github\.com\/.*\/pull\/\d+/);

    // A later merge updates the same pull request.
    const later = await github.run('ci.yml', github.mergePullRequest(addDataset(github, 'add-cat', 'cat-skin-set', 'Cat Skin Set', { organs: 'organs: [skin]' })), regenerateOnly);
    expect(later.jobs.regenerate!.summary).toContain('pull request updated');
    expect(github.state().pulls.filter((p) => p.head === 'bot/regenerate')).toHaveLength(1);
    expect(github.fileAt('bot/regenerate', 'README.md')).toMatch(/\*\*\[Cat Skin Set\]\(\S+\)\*\* \(2020\)/);

    // With GitHub's default setting the bot may not open pull requests: the summary says which setting, and gives the link.
    github.updateState((s) => {
      s.actionsMayCreatePullRequests = false;
      s.pulls = [];
    });
    const refused = await github.run('ci.yml', github.mergePullRequest(addDataset(github, 'add-ant', 'ant-bone-set', 'Ant Bone Set', { organs: 'organs: [bone]' })), regenerateOnly);
    expect(refused.jobs.regenerate!.status).toBe('success');
    expect(refused.jobs.regenerate!.summary).toContain(`https://github.com/${REPO}/compare/main...bot/regenerate?expand=1`);
    expect(refused.jobs.regenerate!.summary).toContain('"Allow GitHub Actions to create and approve pull requests"');
    expect(refused.jobs.regenerate!.annotations).toContainEqual(expect.objectContaining({ level: 'warning' }));
    github.protectMain(false);
  });
});
