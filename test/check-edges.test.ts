/**
 * `check` and `links` where the outside world is missing: no network (the data results still
 * stand, then one line about the network, exit 3) and a git ref the clone lacks (one line saying
 * what to fetch, exit 2 — never "internal error").
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runCommand } from './commands.ts';
import { ROOT, validDataset } from './helpers.ts';

let dir: string;
const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-C', cwd, '-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], { encoding: 'utf8', stdio: 'pipe' });

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'amd-edges-'));
  for (const p of ['data', 'docs', '.github']) cpSync(path.join(ROOT, p), path.join(dir, 'repo', p), { recursive: true });
  const repo = path.join(dir, 'repo');
  writeFileSync(path.join(repo, 'README.md'), '# T\n\n<!-- BEGIN contents -->\n<!-- END contents -->\n\n<!-- BEGIN datasets -->\n<!-- END datasets -->\n');
  rmSync(path.join(repo, 'data/datasets'), { recursive: true });
  mkdirSync(path.join(repo, 'data/datasets'));
  // .invalid never resolves (RFC 2606), with or without a network: a deterministic "offline".
  writeFileSync(path.join(repo, 'data/datasets/alpha-set.yaml'), validDataset('alpha-set', { name: 'name: Alpha set', links: 'links:\n  homepage: https://alpha.invalid/' }));
  writeFileSync(path.join(repo, 'data/datasets/beta-set.yaml'), validDataset('beta-set', { name: 'name: Beta set', organs: 'organs: [hart]', links: 'links:\n  homepage: https://beta.invalid/' }));
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'first');
  writeFileSync(path.join(repo, 'data/datasets/beta-set.yaml'), validDataset('beta-set', { name: 'name: Beta set', links: 'links:\n  homepage: https://beta.invalid/' }));
  git(repo, 'commit', '-q', '-am', 'second');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (root: string, command: string, ...args: string[]) => runCommand(command, ['--root', root, ...args], { env: { CI: 'true' } });

test('check --links offline: the data results, then the network line, exit 3', async () => {
  const repo = path.join(dir, 'repo');
  git(repo, 'checkout', '-q', 'HEAD~1'); // the commit where beta-set has an unknown organ
  try {
    const { code, stdout, stderr } = await cli(repo, 'check', '--links', '--no-cache');
    expect(stdout).toMatch(/data\/datasets\/beta-set\.yaml\n\s+4:10\s+error\s+organ "hart" is not known/);
    expect(stdout).toMatch(/✖ 1 error.*links not checked/);
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^network unavailable: .*no link was judged \(exit 3\)$/)]);
    expect(code).toBe(3);
  } finally {
    git(repo, 'checkout', '-q', 'main');
  }
});

test('--changed-since a ref the clone does not have: one line saying what to fetch, exit 2', async () => {
  const { code, stdout, stderr } = await cli(path.join(dir, 'repo'), 'links', '--changed-since', 'origin/main', '--no-cache');
  expect(code).toBe(2);
  expect(stdout).toBe('');
  expect(stderr).toBe('error: cannot compare with origin/main: this clone does not have it; run `git fetch origin main`, or in GitHub Actions give actions/checkout `fetch-depth: 0`\n');
});

test('--changed-since in a shallow clone: the hint names the shallow clone and fetch-depth: 0', async () => {
  const shallow = path.join(dir, 'shallow');
  execFileSync('git', ['clone', '-q', '--depth', '1', `file://${path.join(dir, 'repo')}`, shallow]);
  const { code, stderr } = await cli(shallow, 'check', '--links', '--changed-since', 'HEAD~1', '--no-cache');
  expect(code).toBe(2);
  expect(stderr).toMatch(/^error: cannot compare with HEAD~1: this shallow clone does not have it; run `git fetch origin HEAD~1` \(or `git fetch --unshallow`\), or in GitHub Actions give actions\/checkout `fetch-depth: 0`\n$/);
  expect(stderr).not.toContain('internal error');
});
