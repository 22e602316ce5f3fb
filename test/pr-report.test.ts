/** npm run pr-report: hand edits of generated regions fail; the rows a change adds are shown. */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { ROOT, validDataset } from './helpers.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'amd-pr-'));
  for (const p of ['data', 'docs', 'README.md', '.github']) cpSync(path.join(ROOT, p), path.join(dir, p), { recursive: true });
  const git = (...args: string[]) => execFileSync('git', ['-C', dir, ...args], { stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 't@example.org');
  git('config', 'user.name', 'T');
  git('add', '.');
  git('commit', '-qm', 'base');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const report = () => {
  const summary = path.join(dir, 'summary.md');
  writeFileSync(summary, '');
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/run.mjs'), 'pr-report', '--root', dir, '--base', 'main'], {
    encoding: 'utf8',
    env: { ...process.env, GITHUB_STEP_SUMMARY: summary },
  });
  return { code: r.status, summary: readFileSync(summary, 'utf8'), stderr: r.stderr };
};

test('a data-only change passes and its new row is shown under its section', () => {
  writeFileSync(path.join(dir, 'data/datasets/zebra-brain.yaml'), validDataset('zebra-brain', { name: 'name: Zebra Brain Atlas' }));
  const { code, summary } = report();
  expect(code).toBe(0);
  expect(summary).toContain('#### 🧠 Brain');
  expect(summary).toMatch(/\| Dataset \| Task\(s\) \|.*\n\| - \|.*\n\| \*\*Zebra Brain Atlas\*\* \(2020\) \|/);
  expect(summary).not.toContain('ADNI');
});

test('a hand edit of a generated region fails, naming data/ as the place to edit', () => {
  const readme = path.join(dir, 'README.md');
  writeFileSync(readme, readFileSync(readme, 'utf8').replace('| **ADNI** (2004) |', '| **ADNI** (1999) |'));
  const { code, stderr, summary } = report();
  expect(code).toBe(1);
  expect(stderr).toContain('::error file=README.md,title=readme/hand-edited::');
  expect(summary).toContain('Edit the files in data/datasets/ instead');
});

test('a contributor who ran npm run build is not punished for it', () => {
  writeFileSync(path.join(dir, 'data/datasets/zebra-brain.yaml'), validDataset('zebra-brain', { name: 'name: Zebra Brain Atlas' }));
  spawnSync(process.execPath, [path.join(ROOT, 'scripts/run.mjs'), 'build', '--root', dir]);
  expect(report().code).toBe(0);
});
