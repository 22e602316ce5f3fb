/**
 * links.yml replayed on a simulated GitHub (test/harness/): the weekly link check, its ledger
 * carried between runs as an artifact, and the one link-health issue; and the harness's stand-in
 * npm, which every replayed step uses.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ROOT, validDataset } from './helpers.ts';
import { REPO, type SimulatedGitHub } from './harness/github.ts';
import { failures, replayWorld } from './harness/replay.ts';

const { local, simulatedGitHub } = replayWorld();

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

  // A new repository for every scenario: none depends on what another left behind.
  beforeEach(() => {
    github = simulatedGitHub((tree) => {
      // Only links this test controls: no hand-written page that points at the internet.
      for (const file of ['README.md', 'CONTRIBUTING.md']) writeFileSync(path.join(tree, file), file === 'README.md' ? MINIMAL_README : '# Contributing\n');
    });
  });
  afterEach(() => github.close());

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
    // The datasets verified longest ago, each file linked at the commit checked: in the summary and the issue.
    expect(first.jobs.check!.summary).toContain('### Verified longest ago (2 of 2 datasets)');
    expect(issues()[0]!.body).toMatch(new RegExp(`^\\| Set alive +\\| \`alive\` +\\| never verified +\\| \\[\`data/datasets/alive\\.yaml\`\\]\\(https://github\\.com/${REPO}/blob/[0-9a-f]{40}/data/datasets/alive\\.yaml\\) +\\|$`, 'm'));

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

  test('400 broken links: the issue body stays under the limit GitHub sets, with the counts and where the full report is; the artifact link-report holds every problem', async () => {
    const ids = Array.from({ length: 400 }, (_, i) => `broken-${String(i).padStart(3, '0')}`);
    publish(Object.fromEntries(ids.map((id) => [id, `/gone?dataset=${id}-with-a-longer-address-as-real-ones-have`])));
    // An earlier run saw every one of them fail twice, three days ago: this run confirms them.
    const threeDaysAgo = new Date(Date.now() - 3 * 86_400_000).toISOString();
    const entries = Object.fromEntries(ids.map((id) => {
      const url = local(`/gone?dataset=${id}-with-a-longer-address-as-real-ones-have`);
      return [url, { outcome: 'broken', status: 410, finalUrl: url, permanent: false, checkedAt: threeDaysAgo, firstFailureAt: threeDaysAgo, consecutiveFailures: 2 }];
    }));
    const ledgerDir = path.join(github.dir, 'artifacts', '900', 'link-ledger');
    mkdirSync(ledgerDir, { recursive: true });
    writeFileSync(path.join(ledgerDir, 'link-ledger.json'), JSON.stringify({ version: 1, entries }));
    github.updateState((s) => s.artifacts.push({ name: 'link-ledger', runId: 900, expired: false }));

    const run = await github.run('links.yml', github.scheduleEvent());
    expect(failures(run)).toEqual([]);
    expect(run.jobs.check!.outputs.health).toBe('broken');
    const body = issues()[0]!.body ?? '';
    expect([...body].length).toBeLessThanOrEqual(65_536);
    expect(body).toContain('**400 links broken.**');
    expect(body).toMatch(/^\| broken +\| 400 +\|$/m);
    const listed = body.match(/^\| `data\/datasets\/broken-\d+\.yaml:\d+`/gm)!.length;
    expect(body).toContain(`**${400 - listed} of 400 problems are left out here**`);
    expect(body.match(/^\| Set broken-\d+ +\| `broken-\d+` +\| never verified /gm)).toHaveLength(10); // the stalest ten, within the limit
    expect(body).toContain(`The full report, with every problem: the artifact link-report of https\\://github.com/${REPO}/actions/runs/${run.runId}.`);
    expect(run.jobs.check!.summary).toContain(body);
    const report = readFileSync(path.join(github.dir, 'artifacts', String(run.runId), 'link-report', 'link-report.md'), 'utf8');
    expect(report.match(/^\| `data\/datasets\/broken-\d+\.yaml:\d+`/gm)).toHaveLength(400);
  });

  test('every saved ledger expired: the run starts a new one, and a failing link opens no issue yet', async () => {
    // A ledger saved by an earlier run, past the artifact retention.
    github.updateState((s) => s.artifacts.push({ name: 'link-ledger', runId: 999, expired: true }));
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

test('the stand-in npm runs a script as npm does, and refuses any call it does not stand in for', () => {
  const pkg = mkdtempSync(path.join(os.tmpdir(), 'amd-npm-stub-'));
  try {
    writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'p', version: '1.0.0', scripts: { echo: 'node -e "console.log(JSON.stringify(process.argv.slice(1)))"', fail: 'exit 3' } }));
    mkdirSync(path.join(pkg, 'sub'));
    const npm = (...args: string[]) => spawnSync(process.execPath, [path.join(ROOT, 'test/harness/npm.mjs'), ...args], { cwd: path.join(pkg, 'sub'), encoding: 'utf8' });
    // Arguments after -- arrive unchanged, quotes and spaces included; --silent drops the banner.
    expect(npm('run', '--silent', 'echo', '--', "it's", 'a b', '$HOME').stdout).toBe(`${JSON.stringify(["it's", 'a b', '$HOME'])}\n`);
    expect(npm('run', 'echo').stdout).toBe(`\n> p@1.0.0 echo\n> ${'node -e "console.log(JSON.stringify(process.argv.slice(1)))"'}\n\n[]\n`);
    expect(npm('run', '-s', 'fail').status).toBe(3);
    for (const call of [['install', 'left-pad'], ['run', 'nosuch'], ['run', 'echo', 'extra']]) {
      const result = npm(...call);
      expect(result.status, call.join(' ')).toBe(1);
      expect(result.stderr).toMatch(/^npm \(replay harness\): /);
    }
  } finally {
    rmSync(pkg, { recursive: true, force: true });
  }
});
