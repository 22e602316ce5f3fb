/**
 * Hostile files in data/datasets/ (issue 11, items 1, 2 and 8): each ends in a located diagnostic
 * with its own rule, the run goes on with the other files, nothing hangs, nothing is lost.
 *
 * - fix applies check's reading stage: a file check cannot read as data (not UTF-8, an alias
 *   bomb, too large) is reported as check reports it and left byte for byte as it was;
 * - one safe reader: lstat first, regular files only, symbolic links only within the folder, a
 *   size limit that holds for /dev/zero, no blocking on a FIFO, an unreadable file a diagnostic;
 * - `x.yml` beside the data is a warning, not silence;
 * - temporary files of a killed write are never data, and the next writing command removes them.
 *
 * Cases that hang without the fix (/dev/zero, a FIFO) run as real processes with a time limit.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { Diagnostic } from '../scripts/core/diagnostic.ts';
import { runCommand, type CommandOptions } from './commands.ts';
import { compact, readFixture, ROOT, validDataset } from './helpers.ts';

const REAL_DATASETS = readdirSync(path.join(ROOT, 'data/datasets')).filter((name) => name.endsWith('.yaml')).length;
/** Long enough for a cold bundle build on a busy machine; a regression that hangs fails here instead of hanging the suite. */
const HANG_LIMIT_MS = 30_000;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'amd-hostile-'));
  for (const part of ['data', 'docs', '.github', 'README.md']) cpSync(path.join(ROOT, part), path.join(dir, part), { recursive: true });
});
afterEach(() => {
  // A mode-000 file or folder must not stop the clean-up.
  chmodSync(dir, 0o755);
  rmSync(dir, { recursive: true, force: true });
});

const data = (name: string) => path.join(dir, 'data/datasets', name);
const write = (name: string, content: string | Uint8Array) => writeFileSync(data(name), content);

interface Outcome {
  code: number;
  stderr: string;
  checked: string;
  notes: string[];
  diagnostics: Diagnostic[];
}

async function cli(command: string, args: string[] = [], options: CommandOptions = {}): Promise<Outcome> {
  const { code, stdout, stderr } = await runCommand(command, ['--root', dir, '--format', 'json', ...args], options);
  const report = stdout ? (JSON.parse(stdout) as Omit<Outcome, 'code' | 'stderr'>) : { checked: '', notes: [], diagnostics: [] };
  return { code, stderr, ...report };
}

const of = (outcome: Outcome, name: string) => outcome.diagnostics.filter((d) => d.file === `data/datasets/${name}`);
/** The diagnostics about one data file, compactly (rule file:line:column). */
const about = (outcome: Outcome, name: string) => compact(of(outcome, name));
/** The message of the first diagnostic about one data file. */
const messageAbout = (outcome: Outcome, name: string) => of(outcome, name)[0]?.message;

/** What every case must keep: a report, no "internal error", no stack trace. */
function expectReported(outcome: Outcome, code = 1) {
  expect(outcome.stderr).not.toMatch(/internal error|at .*\.(ts|mjs|js):\d+/);
  expect(outcome.code).toBe(code);
}

describe('fix reads a file as check does, and never rewrites one check cannot read', () => {
  test('a Latin-1 byte: the same located yaml/encoding as check, exit 1, the file byte for byte as it was', async () => {
    // Quoted, so the canonical form differs: before, fix rewrote the file with U+FFFD in place of the byte.
    const bytes = Buffer.from(validDataset('dijon', { name: 'name: "Dij\xf6n"' }), 'latin1');
    write('dijon.yaml', bytes);
    const check = await cli('check');
    const fix = await cli('fix');
    expectReported(fix);
    expect(about(fix, 'dijon.yaml')).toEqual(['yaml/encoding data/datasets/dijon.yaml:3:11']);
    expect(about(fix, 'dijon.yaml')).toEqual(about(check, 'dijon.yaml'));
    expect(messageAbout(fix, 'dijon.yaml')).toContain('0xf6');
    expect(fix.checked).toContain('all already canonical');
    expect(readFileSync(data('dijon.yaml')).equals(bytes)).toBe(true);
    expect(about(await cli('check'), 'dijon.yaml')).toEqual(['yaml/encoding data/datasets/dijon.yaml:3:11']);
  });

  test('an alias bomb: located yaml/syntax, exit 1, not "internal error", file unchanged', async () => {
    const bytes = readFixture('bad-input/alias-bomb.yaml');
    write('alias-bomb.yaml', bytes);
    const fix = await cli('fix');
    expectReported(fix);
    expect(about(fix, 'alias-bomb.yaml')).toEqual(['yaml/syntax data/datasets/alias-bomb.yaml:19:9']);
    expect(readFileSync(data('alias-bomb.yaml')).equals(Buffer.from(bytes))).toBe(true);
  });

  test('a file over the size limit: yaml/too-large, exit 1, not rewritten (it would have been folded)', async () => {
    const text = validDataset('huge', { description: `description: "${'many words '.repeat(30_000)}"` });
    write('huge.yaml', text);
    const fix = await cli('fix');
    expectReported(fix);
    expect(about(fix, 'huge.yaml')).toEqual(['yaml/too-large data/datasets/huge.yaml:1:1']);
    expect(messageAbout(fix, 'huge.yaml')).toMatch(/^file is 3\d\d KB; a data file may be at most 256 KB$/);
    expect(readFileSync(data('huge.yaml'), 'utf8')).toBe(text);
  });
});

describe('one safe reader for data files: each case located, with its own rule, the run goes on', () => {
  const neighbours = (outcome: Outcome) => expect(outcome.checked).toContain(`${REAL_DATASETS} valid datasets`);

  test('a symbolic link to /dev/zero: file/symlink-outside, for check and fix, within a time limit', { timeout: 2 * HANG_LIMIT_MS + 5_000 }, async () => {
    symlinkSync('/dev/zero', data('zero.yaml'));
    for (const command of ['check', 'fix']) {
      const outcome = await cli(command, [], { timeoutMs: HANG_LIMIT_MS });
      expectReported(outcome);
      expect(about(outcome, 'zero.yaml')).toEqual(['file/symlink-outside data/datasets/zero.yaml:1:1']);
      expect(messageAbout(outcome, 'zero.yaml')).toContain('"/dev/zero"');
    }
  });

  test('a FIFO named x.yaml, and a link to it: file/not-regular, no blocking, for check and fix', { timeout: 2 * HANG_LIMIT_MS + 5_000 }, async () => {
    expect(spawnSync('mkfifo', [data('x.yaml')]).status).toBe(0);
    symlinkSync('x.yaml', data('y.yaml'));
    for (const command of ['check', 'fix']) {
      const outcome = await cli(command, [], { timeoutMs: HANG_LIMIT_MS });
      expectReported(outcome);
      expect(compact(outcome.diagnostics.filter((d) => d.file.endsWith('x.yaml') || d.file.endsWith('y.yaml')))).toEqual([
        'file/not-regular data/datasets/x.yaml:1:1',
        'file/not-regular data/datasets/y.yaml:1:1',
      ]);
      expect(messageAbout(outcome, 'x.yaml')).toBe('is a FIFO (named pipe), not a file');
      expect(messageAbout(outcome, 'y.yaml')).toBe('is a symbolic link to "x.yaml", which is a FIFO (named pipe), not a file');
    }
  });

  test('a directory named x.yaml: file/not-regular in check, fix and build (which writes nothing)', async () => {
    mkdirSync(data('x.yaml'));
    for (const command of ['check', 'fix', 'build']) {
      const outcome = await cli(command);
      expectReported(outcome);
      expect(about(outcome, 'x.yaml')).toEqual(['file/not-regular data/datasets/x.yaml:1:1']);
      expect(messageAbout(outcome, 'x.yaml')).toBe('is a directory, not a file');
      expect(of(outcome, 'x.yaml')[0]!.hint).toContain('rename it');
    }
    neighbours(await cli('check'));
    expect((await cli('build')).checked).toContain('nothing written');
  });

  test('a socket named x.yaml: file/not-regular', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(data('x.yaml'), resolve));
    try {
      const outcome = await cli('check');
      expectReported(outcome);
      expect(about(outcome, 'x.yaml')).toEqual(['file/not-regular data/datasets/x.yaml:1:1']);
      expect(messageAbout(outcome, 'x.yaml')).toBe('is a socket, not a file');
      neighbours(outcome);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('a link out of data/datasets/ is not followed, even to a valid data file; a link inside is, and fix writes through it', async () => {
    const messy = validDataset('inside', { access: '', license: 'license: "CC-BY-4.0"\naccess: open' });
    writeFileSync(path.join(dir, 'outside.yaml'), validDataset('outside'));
    symlinkSync('../../outside.yaml', data('outside.yaml'));
    mkdirSync(data('store'));
    writeFileSync(data('store/inside.data'), messy);
    symlinkSync('store/inside.data', data('inside.yaml'));
    const check = await cli('check');
    expectReported(check);
    expect(about(check, 'outside.yaml')).toEqual(['file/symlink-outside data/datasets/outside.yaml:1:1']);
    expect(messageAbout(check, 'outside.yaml')).toBe('is a symbolic link to "../../outside.yaml", outside data/datasets/; it is not followed');
    expect(of(check, 'inside.yaml').map((d) => d.ruleId)).toEqual(['data/unformatted']);
    expect(check.checked).toContain(`${REAL_DATASETS + 1} valid datasets`);

    const fix = await cli('fix', ['data/datasets/inside.yaml']);
    expectReported(fix, 0);
    expect(fix.checked).toContain('rewrote 1: data/datasets/inside.yaml');
    expect(lstatSync(data('inside.yaml')).isSymbolicLink()).toBe(true);
    expect(readFileSync(data('store/inside.data'), 'utf8')).not.toBe(messy);
    expect(about(await cli('check'), 'inside.yaml')).toEqual([]);
  });

  test('a dangling link and a looping one: file/unreadable; so is a file given to fix that is not there', async () => {
    symlinkSync('nowhere.yaml', data('dangling.yaml'));
    symlinkSync('loop.yaml', data('loop.yaml'));
    const outcome = await cli('check');
    expectReported(outcome);
    expect(compact(outcome.diagnostics.filter((d) => d.ruleId.startsWith('file/')))).toEqual([
      'file/unreadable data/datasets/dangling.yaml:1:1',
      'file/unreadable data/datasets/loop.yaml:1:1',
    ]);
    expect(messageAbout(outcome, 'dangling.yaml')).toBe('cannot be read: it is a symbolic link to a file that does not exist');
    neighbours(outcome);
    const fix = await cli('fix', ['data/datasets/missing.yaml']);
    expectReported(fix);
    expect(about(fix, 'missing.yaml')).toEqual(['file/unreadable data/datasets/missing.yaml:1:1']);
    expect(messageAbout(fix, 'missing.yaml')).toBe('cannot be read: there is no such file');
  });

  describe('a file with mode 000', () => {
    const asRoot = process.getuid?.() === 0;
    beforeEach(() => {
      write('locked.yaml', validDataset('locked'));
      chmodSync(data('locked.yaml'), 0o000);
    });

    test.runIf(!asRoot)('is file/unreadable for check and fix (not "internal error")', async () => {
      for (const command of ['check', 'fix']) {
        const outcome = await cli(command);
        expectReported(outcome);
        expect(about(outcome, 'locked.yaml')).toEqual(['file/unreadable data/datasets/locked.yaml:1:1']);
        expect(messageAbout(outcome, 'locked.yaml')).toBe('cannot be read: permission denied');
      }
    });

    test.runIf(asRoot)('is read by root, who may read it (CI runs the tests as root)', async () => {
      const outcome = await cli('check');
      expect(about(outcome, 'locked.yaml')).toEqual([]);
      expect(outcome.checked).toContain(`${REAL_DATASETS + 1} valid datasets`);
    });

    // Root without the capabilities that override file permissions reads as any other user.
    const setpriv = ['setpriv', '--bounding-set', '-dac_override,-dac_read_search'];
    const canDrop = asRoot && spawnSync(setpriv[0]!, [...setpriv.slice(1), 'true']).status === 0;
    test.runIf(canDrop)('is file/unreadable for root without CAP_DAC_OVERRIDE, for check and fix', () => {
      for (const command of ['check', 'fix']) {
        const run = spawnSync(setpriv[0]!, [...setpriv.slice(1), process.execPath, path.join(ROOT, 'scripts/run.mjs'), command, '--root', dir, '--format', 'json'], {
          encoding: 'utf8',
          timeout: HANG_LIMIT_MS,
          env: { ...process.env, NO_COLOR: '1', GITHUB_STEP_SUMMARY: '' },
        });
        const outcome: Outcome = { code: run.status ?? -1, stderr: run.stderr, ...JSON.parse(run.stdout || '{"diagnostics":[]}') };
        expectReported(outcome);
        expect(about(outcome, 'locked.yaml')).toEqual(['file/unreadable data/datasets/locked.yaml:1:1']);
      }
    });
  });

  test('x.yml, x.YAML and x.json beside the data: a file/extension warning each, naming the .yaml name; other files stay quiet', async () => {
    write('x.yml', validDataset('x'));
    write('y.YAML', validDataset('y'));
    write('z.json', JSON.stringify({ id: 'z' }));
    write('notes.txt', 'not data');
    for (const command of ['check', 'fix']) {
      const outcome = await cli(command);
      expectReported(outcome, 0);
      expect(compact(outcome.diagnostics.filter((d) => d.ruleId.startsWith('file/')))).toEqual([
        'file/extension data/datasets/x.yml:1:1',
        'file/extension data/datasets/y.YAML:1:1',
        'file/extension data/datasets/z.json:1:1',
      ]);
      const files = outcome.diagnostics.filter((d) => d.ruleId.startsWith('file/'));
      expect(files.every((d) => d.severity === 'warning')).toBe(true);
      expect(files.map((d) => d.hint)).toEqual(['rename it to x.yaml', 'rename it to y.yaml', 'rename it to z.yaml']);
      expect(of(outcome, 'notes.txt')).toEqual([]);
    }
  });
});

describe('temporary files of an interrupted write', () => {
  /** A process id that was running a moment ago and is no more. */
  const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid!;
  const HOUR_AND_A_MINUTE_AGO = new Date(Date.now() - 61 * 60 * 1000);

  test('are never read as data, and check (which writes nothing) leaves them', async () => {
    const leftover = `broken.yaml.tmp-${deadPid()}-0123abcd`;
    write(leftover, 'id: [unclosed\n');
    const outcome = await cli('check');
    expectReported(outcome, 0);
    expect(outcome.diagnostics.filter((d) => d.file.includes('broken'))).toEqual([]);
    expect(readdirSync(path.join(dir, 'data/datasets'))).toContain(leftover);
  });

  test('fix removes those of a process that is gone or older than an hour, keeps a running writer\'s, and says so in one note', async () => {
    const gone = `acdc.yaml.tmp-${deadPid()}-0123abcd`;
    const old = `adni.yaml.tmp-${process.pid}-4567cdef`;
    const running = `amos.yaml.tmp-${process.pid}-89abcdef`;
    for (const name of [gone, old, running]) write(name, 'half a fi');
    utimesSync(data(old), HOUR_AND_A_MINUTE_AGO, HOUR_AND_A_MINUTE_AGO);
    const outcome = await cli('fix');
    expectReported(outcome, 0);
    expect(outcome.notes).toEqual([`removed 2 temporary files left by an interrupted write: data/datasets/${gone}, data/datasets/${old}`]);
    expect(readdirSync(path.join(dir, 'data/datasets')).filter((name) => name.includes('.tmp-'))).toEqual([running]);
    expect((await cli('fix', ['--check'])).notes).toEqual([]);
  });

  test('build removes a README.md leftover too, before it writes', async () => {
    const leftover = `README.md.tmp-${deadPid()}-0123abcd`;
    writeFileSync(path.join(dir, leftover), '# half a READ');
    const outcome = await cli('build');
    expectReported(outcome, 0);
    expect(outcome.notes).toEqual([`removed 1 temporary file left by an interrupted write: ${leftover}`]);
    expect(readdirSync(dir)).not.toContain(leftover);
  });
});
