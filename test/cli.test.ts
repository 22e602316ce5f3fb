/**
 * The commands as a user runs them, on a temporary copy of the project (in process, and one
 * real process per command: see commands.ts).
 * Exit codes, the stale-README diff and its fix, atomic idempotent writes, formats, and no
 * stack trace for bad input or usage errors.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { synthesize } from '../scripts/app/synthetic-catalog.ts';
import { readInputs } from '../scripts/io/files.ts';
import { assemble } from '../scripts/pipeline.ts';
import { runCommand, type CommandOptions } from './commands.ts';
import { ROOT, validDataset } from './helpers.ts';

const RUNNER = path.join(ROOT, 'scripts', 'run.mjs');
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'amd-cli-'));
  cpSync(path.join(ROOT, 'data'), path.join(dir, 'data'), { recursive: true });
  cpSync(path.join(ROOT, 'docs'), path.join(dir, 'docs'), { recursive: true });
  cpSync(path.join(ROOT, '.github'), path.join(dir, '.github'), { recursive: true });
  cpSync(path.join(ROOT, 'README.md'), path.join(dir, 'README.md'));
  cpSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const cli = (command: string, args: string[] = [], env: Record<string, string> = {}, options: CommandOptions = {}) => runCommand(command, ['--root', dir, ...args], { env, ...options });

const readme = () => readFileSync(path.join(dir, 'README.md'), 'utf8');
const write = (relative: string, text: string) => writeFileSync(path.join(dir, relative), text);

describe('npm run check', () => {
  test('a data-only change without a build: exit 0, and one line saying README.md is regenerated after merge', async () => {
    write('data/datasets/zebra-atlas.yaml', validDataset('zebra-atlas', { name: 'name: Zebra Brain Atlas' }));
    const { code, stdout } = await cli('check');
    expect(stdout).toContain('ℹ README.md will be regenerated from data/ after merge (`npm run build` previews it)\n');
    expect(stdout).toMatch(/^[✔⚠] (0 errors.*— )?\d+ valid datasets/m);
    expect(stdout).not.toContain('readme/stale');
    expect(code).toBe(0);
  });

  test('--require-generated: a stale README fails with a readable diff and the command that fixes it', async () => {
    write('README.md', readme().replace('](https://adni.loni.usc.edu/)** (2004)', '](https://adni.loni.usc.edu/)** (1999)'));
    expect((await cli('check')).code).toBe(0);
    const { code, stdout } = await cli('check', ['--require-generated']);
    expect(code).toBe(1);
    expect(stdout).toContain('README.md is out of date with data/');
    expect(stdout).toContain('hint: run `npm run build` and commit the result');
    expect(stdout).toMatch(/^\s+-\| \*\*\[ADNI\]\(https:\/\/adni\.loni\.usc\.edu\/\)\*\* \(1999\)/m);
    expect(stdout).toMatch(/^\s+\+\| \*\*\[ADNI\]\(https:\/\/adni\.loni\.usc\.edu\/\)\*\* \(2004\)/m);
  });

  test('bad data: exit 1, located problems, no stack trace', async () => {
    write('data/datasets/broken.yaml', 'id: broken\nname: [unclosed\n');
    write('data/datasets/wrong.yaml', validDataset('wrong', { organs: 'organs: [hart]' }));
    const { code, stdout, stderr } = await cli('check', [], {}, { process: true });
    expect(code).toBe(1);
    expect(stdout).toContain('data/datasets/broken.yaml');
    expect(stdout).toMatch(/4:10 +error +organ "hart" is not known.*did you mean "heart"\?/);
    expect(stdout + stderr).not.toMatch(/at .*\.(ts|mjs|js):\d+/);
  });

  test('--format json is one parseable document', async () => {
    write('data/datasets/wrong.yaml', validDataset('wrong', { access: 'access: public' }));
    const { code, stdout } = await cli('check', ['--format', 'json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ command: 'check', errors: 1 });
    expect(report.diagnostics.find((d: { severity: string }) => d.severity === 'error')).toMatchObject({ ruleId: 'schema/enum', file: 'data/datasets/wrong.yaml', line: 16, column: 9 });
  });

  test('--format github prints annotations and appends the full report to the job summary', async () => {
    write('data/datasets/wrong.yaml', validDataset('wrong', { access: 'access: public' }));
    const summary = path.join(dir, 'summary.md');
    write('summary.md', '# earlier step\n');
    const { code, stdout } = await cli('check', ['--format', 'github'], { GITHUB_STEP_SUMMARY: summary });
    expect(code).toBe(1);
    expect(stdout).toContain('::error file=data/datasets/wrong.yaml,line=16,col=9,');
    expect(stdout).toContain('title=schema/enum::access "public" is not known');
    const written = readFileSync(summary, 'utf8');
    expect(written.startsWith('# earlier step\n')).toBe(true);
    expect(written).toContain('`data/datasets/wrong.yaml:16:9`');
  });

  test('usage errors exit 2 with the usage text', async () => {
    const { code, stderr } = await cli('check', ['--format', 'xml']);
    expect(code).toBe(2);
    expect(stderr).toContain('unknown --format "xml"');
    expect(stderr).toContain('Usage: npm run check');
    expect((await cli('check', ['--bogus'])).code).toBe(2);
  });

  test('a missing project directory exits 2 without a stack trace', async () => {
    rmSync(path.join(dir, 'data', 'datasets'), { recursive: true });
    const { code, stderr } = await cli('check');
    expect(code).toBe(2);
    expect(stderr).toMatch(/cannot read .*data\/datasets/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

describe('npm run build', () => {
  test('regenerates, then writes nothing the second time', async () => {
    await cli('build'); // the copy's README may predate its data (data-only pull requests)
    const original = readme();
    write('README.md', original.replace(/(<!-- BEGIN datasets[^\n]*\n)[^]*(<!-- END datasets -->)/, '$1\n$2'));
    const first = await cli('build', [], {}, { process: true });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('wrote README.md');
    expect(readme()).toBe(original);
    const mtime = statSync(path.join(dir, 'README.md')).mtimeMs;
    const second = await cli('build');
    expect(second.stdout).toContain('everything already up to date');
    expect(statSync(path.join(dir, 'README.md')).mtimeMs).toBe(mtime);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  test('refuses to write while the data has errors', async () => {
    const before = readme();
    write('data/datasets/wrong.yaml', validDataset('wrong', { organs: 'organs: [hart]' }));
    const { code, stdout } = await cli('build');
    expect(code).toBe(1);
    expect(stdout).toContain('nothing written');
    expect(readme()).toBe(before);
  });

  test('adding a dataset shows up in the README after build, and check passes', async () => {
    write('data/datasets/new-dataset.yaml', validDataset('new-dataset', { name: 'name: Zebra Brain Atlas' }));
    expect((await cli('check', ['--require-generated'])).code).toBe(1);
    expect((await cli('build')).code).toBe(0);
    expect(readme()).toMatch(/^\| \*\*\[Zebra Brain Atlas\]\([^)]+\)\*\* \(2020\) +\|/m);
    const after = await cli('check', ['--require-generated']);
    expect(after.code).toBe(0);
    expect(after.stdout).not.toContain('will be regenerated');
  });
});

test('the runner rejects an unknown command', async () => {
  const result = spawnSync(process.execPath, [RUNNER, 'frobnicate'], { encoding: 'utf8' });
  expect(result.status).toBe(2);
  expect(result.stderr).toContain('usage: node scripts/run.mjs');
});

test('README.md states the set-up and test commands', () => {
  const text = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  for (const command of ['npm ci', 'npm run check', 'npm test', 'npm run build']) expect(text).toContain(command);
  expect(execFileSync('git', ['-C', ROOT, 'ls-files', 'package-lock.json'], { encoding: 'utf8' }).trim()).toBe('package-lock.json');
});

// A real benchmark run deletes this code's caches and bundle to time cold starts: not something to
// do while other tests run commands. Their option handling is what a user meets first.
test.each([
  ['bench', '--runs'],
  ['bench-links', '--links'],
  ['bench-site', '--runs'],
])('npm run %s: --help prints the usage, a bad %s exits 2 without a stack trace', async (command, option) => {
  const help = await runCommand(command, ['--help'], { process: true });
  expect(help.code).toBe(0);
  expect(help.stdout).toMatch(/^Usage: npm run bench/);
  // The usage error in process: the process edges (exit code, stderr) are covered by --help above.
  const bad = await runCommand(command, [option, '0']);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(new RegExp(`^error: ${option} .*"0"`));
  expect(bad.stderr).not.toMatch(/\n\s+at /);
});

test('the benchmark\'s synthetic catalog is valid data: one copy of every real file, long names included', async () => {
  const count = readdirSync(path.join(ROOT, 'data', 'datasets')).filter((f) => f.endsWith('.yaml')).length;
  const dir = await synthesize(ROOT, count + 1);
  try {
    const errors = assemble(readInputs(dir)).diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => `${d.file} ${d.ruleId} ${d.message}`)).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
