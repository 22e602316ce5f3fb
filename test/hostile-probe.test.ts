/**
 * The hostile-input probe: a corpus of data files and issue forms built to break the toolchain —
 * bad bytes, YAML tricks, ambiguous scalars, control and bidi characters, spoofing text, unsafe
 * links, look-alike names, file-system traps — run through the commands a contributor and the
 * bots run (`check` in every format, `fix`, `export`, `from-issue`). For each input it counts:
 *
 *   located   — an error or warning at the file (line and column ≥ 1) for input that must not pass
 *   missed    — input that must not pass, but passed
 *   crashes   — "internal error" (exit 2) on user input
 *   hangs     — a command still running after its time limit (file-system cases, real processes)
 *   lost      — a data file `fix` changed while it had errors, or changed in value
 *   spoofed   — raw control characters, or a workflow command / heading that came from data,
 *               in any output
 *
 * and asserts that all but the first are zero. The totals line is printed for the record.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCommand, type CommandResult } from './commands.ts';
import { FIXTURES, ROOT, validDataset } from './helpers.ts';

interface Case {
  name: string;
  /** The file's bytes; its id is the case's. */
  bytes: Uint8Array | string;
  /**
   * 'reject': must produce an error or warning located in this file; 'accept': must pass clean;
   * 'same': a YAML 1.2 number in an unusual notation — either verdict, but the same one with and
   * without an unrelated anchor in the file (one parser's verdict).
   */
  expect: 'reject' | 'accept' | 'same';
}

const totals = { inputs: 0, located: 0, missed: [] as string[], crashes: [] as string[], hangs: [] as string[], lost: [] as string[], spoofed: [] as string[] };

const enc = (text: string) => new TextEncoder().encode(text);
const concat = (...parts: (string | number[])[]) => Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...enc(p)] : p)));

/** A valid file for case `n`, with some top-level lines replaced. */
const file = (n: number, fields: Record<string, string> = {}) => validDataset(`probe-${n}`, { name: `name: Probe ${n} ${'abcdefghijklmnopqrstuvwxyz'[n % 26]}${'zyxwvutsrqponmlkjihgfedcba'[(n * 7) % 26]} set`, links: `links:\n  homepage: https://example.org/probe-${n}`, ...fields });

function corpus(): Case[] {
  const cases: Case[] = [];
  let n = 0;
  const add = (name: string, expect: Case['expect'], make: (n: number) => Uint8Array | string) => {
    n++;
    cases.push({ name: `${String(n).padStart(3, '0')} ${name}`, bytes: make(n), expect });
  };
  const reject = (name: string, make: (n: number) => Uint8Array | string) => add(name, 'reject', make);
  const accept = (name: string, make: (n: number) => Uint8Array | string) => add(name, 'accept', make);
  const same = (name: string, make: (n: number) => Uint8Array | string) => add(name, 'same', make);

  // Bytes and encodings.
  reject('Latin-1 byte in a value', (i) => concat(file(i).replace('described in a sentence', 'from Dij'), [0xf6], 'n, described.\n'));
  reject('UTF-16LE with BOM', (i) => Uint8Array.from([0xff, 0xfe, ...[...file(i)].flatMap((c) => [c.charCodeAt(0), 0])]));
  reject('UTF-16BE with BOM', (i) => Uint8Array.from([0xfe, 0xff, ...[...file(i)].flatMap((c) => [0, c.charCodeAt(0)])]));
  reject('overlong UTF-8 slash', (i) => concat(file(i).replace('Tumour masks', 'Tumour'), [0xc0, 0xaf], '\n'));
  reject('CESU-8 surrogate', (i) => concat(file(i).replace('Tumour masks', 'Tumour'), [0xed, 0xa0, 0x80], '\n'));
  reject('lone continuation byte', (i) => concat(file(i).replace('Tumour masks', 'Tumour'), [0x80], '\n'));
  reject('truncated multibyte at the end', (i) => concat(file(i), '# ', [0xe2, 0x82]));
  reject('NUL in a value', (i) => file(i).replace('Tumour masks', 'Tumour\u0000masks'));
  reject('NUL first', (i) => `\u0000${file(i)}`);
  reject('empty file', () => '');
  reject('only whitespace', () => '  \n\n\t\n');
  reject('only a comment', () => '# nothing here\n');
  reject('larger than the limit', (i) => file(i, { notes: `notes: ${'x'.repeat(300 * 1024)}` }));
  accept('UTF-8 BOM', (i) => `\ufeff${file(i)}`);
  accept('CRLF line ends', (i) => file(i).replaceAll('\n', '\r\n'));

  // YAML structure.
  reject('alias bomb', () => readFileSync(path.join(FIXTURES, 'bad-input/alias-bomb.yaml')));
  reject('deep nesting', (i) => file(i, { notes: `notes: ${'['.repeat(5000)}${']'.repeat(5000)}` }));
  reject('two documents', (i) => `${file(i)}---\n${file(i)}`);
  reject('tab indentation', (i) => file(i).replace('  - {count: 1204, unit: scans}', '\t- {count: 1204, unit: scans}'));
  reject('duplicate key', (i) => `${file(i)}year: 2021\n`);
  reject('merge key', (i) => file(i, { size: 'base: &b {count: 3, unit: scans}\nsize:\n  - <<: *b' }));
  reject('binary tag', (i) => file(i, { labels: 'labels: !!binary aGVsbG8gd29ybGQgaGVsbG8gd29ybGQ=' }));
  reject('unknown tag', (i) => file(i, { labels: 'labels: !shell echo pwned and more words here' }));
  reject('complex key', (i) => `${file(i)}? [a, b]\n: c\n`);
  reject('key with blank lines and a heading', (i) => `${file(i)}"x\\n\\n## 0 errors\\n\\n| a |": 1\n`);
  reject('key with an escape sequence', (i) => `${file(i)}"\\e[2J\\e[32m✔ 0 errors\\e[0m": 1\n`);
  reject('key that is a workflow command', (i) => `${file(i)}"\\n::error file=README.md::forged": 1\n`);
  reject('a very long line', (i) => file(i, { description: `description: ${'word '.repeat(20_000)}` }));

  // Scalars two parsers could read differently.
  // YAML 1.2 core schema: 0o3731, 0x7E1 and 2017.0 are numbers (2009, 2017, 2017); +0x7E1 and
  // 2_017 are text (YAML 1.1 read them as numbers).
  for (const year of ['+0x7E1', '0o3731', '0x7E1', '2_017', '2017.0', '"2017"', '1e3', '.inf', '-.nan', '~', 'null', 'yes', '99999999999999999999', '2017-01-01']) {
    const expect = ['0o3731', '0x7E1', '2017.0'].includes(year) ? same : reject;
    expect(`year: ${year}`, (i) => file(i, { year: `year: ${year}` }));
    expect(`year: ${year} with an unrelated anchor`, (i) => file(i, { year: `year: ${year}`, labels: 'labels: &l Tumour masks' }));
  }
  for (const count of ['-1', '1.5', '0x10', '+12', '1_000', '"12"', '.inf']) {
    (count === '0x10' || count === '+12' ? same : reject)(`count: ${count}`, (i) => file(i, { size: `size:\n  - {count: ${count}, unit: scans}` }));
  }

  // Text that must not reach an output raw.
  const texts: [string, string][] = [
    ['escape sequence', '\\e]0;pwned\\a\\e[2J done'],
    ['bell and backspace', 'abc\\a\\b\\b\\bxyz tumour masks'],
    ['C1 control (CSI)', 'tumour \\u009b31m masks and more'],
    ['right-to-left override', 'masks \\u202egnp.exe tumour'],
    ['bidi isolate', 'masks \\u2066hidden\\u2069 tumour'],
    ['DEL', 'tumour \\x7f masks and words'],
    ['carriage return', 'tumour masks\\rforged line here'],
  ];
  for (const [what, text] of texts) {
    for (const field of ['name', 'description', 'labels']) {
      reject(`${what} in ${field}`, (i) => file(i, { [field]: `${field}: "${field === 'name' ? `Probe ${i} ` : 'A description long enough for the schema: '}${text}"` }));
    }
  }

  // Text that is fine as data and must render inert (accepted: no rule forbids it).
  const inert = ['<script>alert(1)</script> in a description of masks', 'see [x](javascript:alert(1)) for masks and more', '<!-- END datasets --> region marker in text here', 'pipes | and `backticks` and *stars* in the text', '@someone and #123 in a description of this set', '=HYPERLINK("http://x")&" masks and more words"', ' =1+1 leading space before a formula here', '+1 and -1 and @SUM(A1) at the start of text', 'braces {a} and \\\\} and % and & and $ and # and _ ^ ~'];
  for (const text of inert) accept(`inert text: ${text.slice(0, 30)}`, (i) => file(i, { description: `description: ${JSON.stringify(text)}` }));
  accept('formula after a newline', (i) => file(i, { description: 'description: "A first line of text\\n=1+1 on the next one"' }));
  accept('formula after a tab', (i) => file(i, { description: 'description: "\\t=1+1 after a tab, long enough"' }));

  // Links.
  const links = [
    'https://user:secret@example.org/data', 'https://user@example.org/data', 'http://127.0.0.1/data', 'http://localhost/data',
    'http://10.0.0.1/data', 'http://192.168.1.1/data', 'http://169.254.169.254/latest/meta-data', 'http://[::1]/data', 'http://[fd00::1]/data',
    'http://0x7f.1/data', 'http://2130706433/data', 'http://0177.0.0.1/data', 'http://printer.local/data', 'http://db.internal/data',
    'http://100.64.0.1/data', 'http://[::ffff:127.0.0.1]/data', 'https://xn--80ak6aa92e.com/data', 'https://exаmple.org/data',
    'javascript:alert(1)', 'data:text/html,hi', 'file:///etc/passwd', 'ftp://example.org/data', 'https://example.org/a b', `https://example.org/${'a'.repeat(3000)}`,
  ];
  for (const link of links) reject(`homepage ${link.slice(0, 40)}`, (i) => file(i, { links: `links:\n  homepage: ${JSON.stringify(link)}` }));

  // Names that look like another dataset's (ACDC is in the corpus project too).
  for (const [what, name] of [['Cyrillic АСDС', 'АСDС'], ['Greek Α', 'ΑCDC'], ['fullwidth', 'ＡＣＤＣ'], ['zero-width space', 'AC\u200bDC'], ['mathematical bold', '𝐀𝐂𝐃𝐂']]) {
    reject(`name like ACDC: ${what}`, (i) => file(i, { name: `name: ${JSON.stringify(name)}` }));
  }
  reject('id with a path', (i) => file(i, { id: 'id: ../../etc/passwd' }));
  reject('id that is not the file name', (i) => file(i, { id: `id: probe-${i}x` }));
  return cases;
}

let dir: string;
let cases: Case[];
const fileOf = (c: Case) => `data/datasets/probe-${c.name.slice(0, 3).replace(/^0+/, '')}.yaml`;
const cli = (command: string, args: string[] = []) => runCommand(command, ['--root', dir, ...args]);

/** The value of a data file as JSON, or undefined when its bytes are not clean YAML in UTF-8. */
function valueOf(bytes: Buffer): string | undefined {
  try {
    const doc = parseDocument(new TextDecoder('utf-8', { fatal: true }).decode(bytes), { uniqueKeys: true });
    return doc.errors.length > 0 ? undefined : JSON.stringify(doc.toJS({ maxAliasCount: 50 }));
  } catch {
    return undefined;
  }
}

/** Raw control characters other than newline and tab, or bidi controls, in command output. */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=<rule id>::message`, as github.ts writes it. */
function isReporterCommand(line: string): boolean {
  if (/^::notice::/.test(line)) return true; // a note of the report (Report.notes): no properties
  const match = /^::(error|warning|notice) ([^:]*)::/.exec(line);
  if (!match) return false;
  const properties = Object.fromEntries(match[2]!.split(',').map((p) => p.split('=')));
  const known = ['file', 'line', 'col', 'endLine', 'endColumn', 'title'];
  return Object.keys(properties).every((k) => known.includes(k)) && /^[a-z]+\/[a-z-]+$/.test(properties.title ?? '');
}

function outputProblems(label: string, result: CommandResult): string[] {
  const problems: string[] = [];
  const out = result.stdout + result.stderr;
  if (RAW_CONTROL.test(out)) problems.push(`${label}: raw control character ${JSON.stringify(out.match(RAW_CONTROL)![0])}`);
  for (const line of result.stdout.split('\n')) {
    if (line.startsWith('::') && !isReporterCommand(line)) problems.push(`${label}: workflow command not from the reporter: ${line.slice(0, 80)}`);
  }
  return problems;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'amd-probe-'));
  for (const p of ['data', 'docs', 'README.md', '.github']) cpSync(path.join(ROOT, p), path.join(dir, p), { recursive: true });
  for (const f of readdirSync(path.join(dir, 'data/datasets'))) if (f !== 'acdc.yaml') rmSync(path.join(dir, 'data/datasets', f));
  cases = corpus();
  for (const c of cases) writeFileSync(path.join(dir, fileOf(c)), c.bytes);
  totals.inputs += cases.length;
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  console.log(
    `hostile probe: ${totals.inputs} inputs, ${totals.located} located diagnostics, ${totals.missed.length} passed but should not, ` +
      `${totals.crashes.length} crashes, ${totals.hangs.length} hangs, ${totals.lost.length} files changed by fix while invalid or in value, ${totals.spoofed.length} spoofed outputs`,
  );
});

describe('data files', () => {
  test('check: no crash; every file that must not pass has a located problem; every one that may, passes', async () => {
    const result = await cli('check', ['--format', 'json']);
    if (result.code === 2) totals.crashes.push(`check: ${result.stderr.slice(0, 200)}`);
    expect(result.stderr).not.toMatch(/internal error/);
    const report = JSON.parse(result.stdout) as { diagnostics: { file: string; line: number; column: number; severity: string; ruleId: string }[] };
    const verdicts = new Map<string, string>();
    for (const c of cases) {
      const mine = report.diagnostics.filter((d) => d.file === fileOf(c) && d.ruleId !== 'readme/stale');
      const located = mine.filter((d) => d.line >= 1 && d.column >= 1);
      totals.located += located.length;
      if (c.expect === 'reject' && located.length === 0) totals.missed.push(c.name);
      if (c.expect === 'accept' && mine.some((d) => d.severity === 'error')) totals.missed.push(`${c.name} (rejected: ${mine.map((d) => d.ruleId).join(', ')})`);
      verdicts.set(c.name.slice(4), mine.filter((d) => d.severity === 'error').map((d) => d.ruleId).sort().join(',') || 'valid');
    }
    for (const [name, verdict] of verdicts) {
      const twin = verdicts.get(`${name} with an unrelated anchor`);
      if (twin !== undefined && twin !== verdict) totals.missed.push(`${name}: ${verdict} without an anchor, ${twin} with one`);
    }
    expect(totals.missed).toEqual([]);
  });

  test('every output format: no raw control characters, no workflow command or heading from data', async () => {
    const summary = path.join(dir, 'summary.md');
    writeFileSync(summary, '');
    for (const format of ['terminal', 'github', 'json', 'markdown']) {
      const result = await runCommand('check', ['--root', dir, '--format', format], { env: { GITHUB_STEP_SUMMARY: summary } });
      totals.spoofed.push(...outputProblems(`check --format ${format}`, result));
    }
    const written = readFileSync(summary, 'utf8');
    if (RAW_CONTROL.test(written)) totals.spoofed.push('job summary: raw control character');
    for (const line of written.split('\n')) if (/^#{1,6} /.test(line) && /0 errors|forged/.test(line)) totals.spoofed.push(`job summary: heading from data: ${line}`);
    expect(totals.spoofed).toEqual([]);
  });

  test('fix: no crash; a file with problems is left byte for byte; a rewritten file keeps every value', async () => {
    const before = new Map(cases.map((c) => [fileOf(c), readFileSync(path.join(dir, fileOf(c)))]));
    const check = JSON.parse((await cli('check', ['--format', 'json'])).stdout) as { diagnostics: { file: string; severity: string }[] };
    const broken = new Set(check.diagnostics.filter((d) => d.severity === 'error').map((d) => d.file));
    const result = await cli('fix');
    if (result.code === 2) totals.crashes.push(`fix: ${result.stderr.slice(0, 200)}`);
    totals.spoofed.push(...outputProblems('fix', result));
    for (const [file, bytes] of before) {
      const after = readFileSync(path.join(dir, file));
      if (after.equals(bytes)) continue;
      // A rewrite may change the layout, never a value; a file that is not clean YAML in valid
      // UTF-8 has no value to keep, so any change to it loses something.
      const value = valueOf(bytes);
      if (value === undefined) totals.lost.push(`${file}: rewritten although it is not clean YAML in UTF-8${broken.has(file) ? ' (it had errors)' : ''}`);
      else if (value !== valueOf(after)) totals.lost.push(`${file}: a value changed`);
    }
    expect(totals.crashes).toEqual([]);
    expect(totals.lost).toEqual([]);
  });

  test('export refuses data with errors, and writes nothing', async () => {
    const result = await cli('export');
    if (result.code === 2) totals.crashes.push(`export: ${result.stderr.slice(0, 200)}`);
    expect(result.code).toBe(1);
    expect(() => readdirSync(path.join(dir, 'dist'))).toThrow();
  });
});

describe('the file system', () => {
  /** Real processes with a time limit: a regression here is a hang, which must not hang the suite. */
  function timed(root: string, command: string): { code: number | null; out: string; hung: boolean } {
    try {
      const out = execFileSync(process.execPath, [path.join(ROOT, 'scripts/run.mjs'), command, '--root', root], { encoding: 'utf8', timeout: 20_000, stdio: 'pipe', env: { ...process.env, NO_COLOR: '1' } });
      return { code: 0, out, hung: false };
    } catch (error) {
      const e = error as { status: number | null; stdout?: string; stderr?: string; signal?: string };
      return { code: e.status, out: `${e.stdout ?? ''}${e.stderr ?? ''}`, hung: e.signal === 'SIGTERM' };
    }
  }
  /** Each trap, and the file name the output must mention (a located problem, or a note). */
  const traps: [string, string, (datasets: string) => void][] = [
    ['symlink to /dev/zero', 'zero.yaml', (d) => symlinkSync('/dev/zero', path.join(d, 'zero.yaml'))],
    ['symlink out of the data folder', 'outside.yaml', (d) => symlinkSync('/etc/hostname', path.join(d, 'outside.yaml'))],
    ['FIFO', 'fifo.yaml', (d) => execFileSync('mkfifo', [path.join(d, 'fifo.yaml')])],
    ['directory named like a data file', 'folder.yaml', (d) => mkdirSync(path.join(d, 'folder.yaml'))],
    ['a .yml file beside the .yaml files', 'other.yml', (d) => writeFileSync(path.join(d, 'other.yml'), validDataset('other'))],
    ['leftover temporary file of a killed fix', 'acdc.yaml.tmp-999999-0a1b2c3d', (d) => writeFileSync(path.join(d, 'acdc.yaml.tmp-999999-0a1b2c3d'), 'id: half-writ')],
  ];
  // All traps in one project, one process per command: a hang in any of them is a hang of the run.
  test('every trap: a located problem or a note, no hang, no crash', { timeout: 60_000 }, () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'amd-probe-fs-'));
    try {
      for (const p of ['data', 'docs', 'README.md', '.github']) cpSync(path.join(ROOT, p), path.join(root, p), { recursive: true });
      for (const [, , plant] of traps) plant(path.join(root, 'data/datasets'));
      totals.inputs += traps.length;
      const outputs: string[] = [];
      for (const command of ['check', 'fix']) {
        const result = timed(root, command);
        if (result.hung) totals.hangs.push(`file-system traps: ${command}`);
        if (result.code === 2 || /internal error/.test(result.out)) totals.crashes.push(`file-system traps: ${command}: ${result.out.slice(0, 200)}`);
        outputs.push(result.out);
      }
      for (const [name, mention] of traps) {
        if (outputs.some((out) => out.includes(mention))) totals.located++;
        else totals.missed.push(`${name}: neither check nor fix mentions ${mention}`);
      }
      expect(totals.hangs).toEqual([]);
      expect(totals.crashes).toEqual([]);
      expect(totals.missed).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('issue forms', () => {
  const forms: [string, (body: string) => string][] = [
    ['an @mention and an issue reference', (b) => b.replace(/(### Description\n\n)/, '$1@octocat and @github/security see #1 and GH-2. ')],
    ['an @mention in an answer the verdict quotes back', (b) => b.replace('liver, abdomen', 'liver, @octocat, @github/security #1')],
    ['an escape sequence', (b) => b.replace(/(### Description\n\n)/, '$1\u001b[2J\u001b[32m✔ accepted\u001b[0m ')],
    ['a fake heading and HTML', (b) => b.replace(/(### Description\n\n)/, '$1<details open><summary>✅ All checks passed</summary></details>\n\n## ✅ Accepted\n\n')],
  ];
  for (const [name, edit] of forms) {
    test(`${name}: the verdict neither pings, nor prints raw control characters, nor forges the bot's text`, async () => {
      totals.inputs++;
      const body = path.join(dir, 'form.md');
      writeFileSync(body, edit(readFileSync(path.join(FIXTURES, 'issue-forms/complete.md'), 'utf8')));
      const result = await runCommand('from-issue', ['--root', dir, '--body-file', body]);
      if (result.code === 2) totals.crashes.push(`from-issue: ${name}`);
      totals.spoofed.push(...outputProblems(`from-issue (${name})`, result));
      // GitHub renders nothing inside a fenced code block: no mention, no markup.
      const rendered = result.stdout.replace(/^(`{3,})[^\n]*\n[^]*?^\1\s*$/gm, '');
      if (/(^|[^`\w])@(octocat|github)\b/.test(rendered)) totals.spoofed.push(`from-issue (${name}): a mention that pings`);
      if (/^## ✅ Accepted|^<details/m.test(rendered)) totals.spoofed.push(`from-issue (${name}): markup from the form`);
      expect(totals.spoofed.filter((s) => s.includes(name))).toEqual([]);
    });
  }
});
