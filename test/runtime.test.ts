/**
 * One runtime: the commands run from a bundle with source maps, keep their caches in the folder of
 * the code's version, and a test run from source finds the same folder. A change to the code (the
 * formatter here) is a new version with fresh caches, so `check` never repeats an old verdict.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import type { PhrasingContent, Root, Table, TableCell, TableRow } from 'mdast';
import { toMarkdown } from 'mdast-util-to-markdown';
import { parseDocument } from 'yaml';
import { afterEach, describe, expect, test } from 'vitest';
import { CACHE_DIR, codeHash, versionFolder } from '../scripts/code-hash.mjs';
import { loadVocabularies, schemaWithVocabularies } from '../scripts/core/config.ts';
import { canonicalize, canonicalOfValue, formatOrder } from '../scripts/core/format.ts';
import { MARKDOWN_OPTIONS, serialize } from '../scripts/core/render/markdown.ts';
import { currentVersionFolder, projectCacheFile } from '../scripts/io/cache-store.ts';
import { realInputs, ROOT, runs } from './helpers.ts';

const temporary: string[] = [];
afterEach(() => {
  for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}

function run(runner: string, command: string, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [runner, command, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', GITHUB_STEP_SUMMARY: '', ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A copy of the whole project, code included, sharing the installed dependencies. */
function projectCopy(): string {
  const dir = tempDir('amd-runtime-');
  for (const entry of ['scripts', 'data', 'docs', '.github', 'README.md', 'package.json', 'package-lock.json']) {
    cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

const unformattedFiles = (stdout: string) =>
  (JSON.parse(stdout) as { diagnostics: { ruleId: string; file: string }[] }).diagnostics.filter((d) => d.ruleId === 'data/unformatted').map((d) => d.file);

test('a change to the formatter changes the verdict of the next check, caches or not', () => {
  const copy = projectCopy();
  const check = () => run(path.join(copy, 'scripts', 'run.mjs'), 'check', ['--root', copy, '--format', 'json']);
  const first = check();
  expect(first.code).toBe(0);
  const before = unformattedFiles(first.stdout);
  expect(existsSync(projectCacheFile(copy))).toBe(true); // the verdicts are remembered

  const format = path.join(copy, 'scripts', 'core', 'format.ts');
  const source = readFileSync(format, 'utf8');
  expect(source).toMatch(/^const LINE_WIDTH = 100;$/m);
  writeFileSync(format, source.replace(/^const LINE_WIDTH = 100;$/m, 'const LINE_WIDTH = 60;'));
  // Folders of other versions: one unused for two days, one used an hour ago.
  const [stale, recent] = ['0000000000000000', '0000000000000001'].map((name) => path.join(ROOT, CACHE_DIR, `${name}-${process.pid}`));
  for (const [folder, hoursAgo] of [[stale!, 48], [recent!, 1]] as const) {
    mkdirSync(folder, { recursive: true });
    const then = new Date(Date.now() - hoursAgo * 3600_000);
    utimesSync(folder, then, then);
  }
  try {
    // What npm ci's prepare step runs: the new version's bundle, built without running a command.
    const prepared = run(path.join(copy, 'scripts', 'run.mjs'), '--prepare', []);
    expect(prepared).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(existsSync(path.join(versionFolder(copy, codeHash(copy)), 'bundle', 'check.mjs'))).toBe(true);
    const second = check();
    expect(second.code).toBe(0);
    // Descriptions now fold at 60 columns: files canonical a moment ago are not any more.
    expect(unformattedFiles(second.stdout).length).toBeGreaterThan(before.length + 10);
    // Building the new version removed the folder nobody had used for a day, and only that one.
    expect([existsSync(stale!), existsSync(recent!)]).toEqual([false, true]);
  } finally {
    rmSync(stale!, { recursive: true, force: true });
    rmSync(recent!, { recursive: true, force: true });
    // The copy's node_modules is the project's: remove what the edited code left there.
    rmSync(versionFolder(copy, codeHash(copy)), { recursive: true, force: true });
    rmSync(projectCacheFile(copy), { force: true });
  }
});

test('DEBUG=1: an internal error prints a stack trace that names the TypeScript sources', () => {
  const dir = tempDir('amd-debug-');
  cpSync(path.join(ROOT, 'data'), path.join(dir, 'data'), { recursive: true });
  cpSync(path.join(ROOT, 'README.md'), path.join(dir, 'README.md'));
  // A folder where a file is expected: not bad data a user can fix in YAML, but a broken checkout.
  rmSync(path.join(dir, 'data', 'sections.yaml'));
  mkdirSync(path.join(dir, 'data', 'sections.yaml'));
  const quiet = run(path.join(ROOT, 'scripts', 'run.mjs'), 'check', ['--root', dir]);
  expect(quiet.code).toBe(2);
  expect(quiet.stderr).toMatch(/^internal error: .*\n.*set DEBUG=1 for details/);
  expect(quiet.stderr).not.toMatch(/\n\s+at /);

  const { code, stderr } = run(path.join(ROOT, 'scripts', 'run.mjs'), 'check', ['--root', dir], { DEBUG: '1' });
  expect(code).toBe(2);
  const frames = stderr.split('\n').filter((line) => /^\s+at /.test(line));
  expect(frames.length).toBeGreaterThan(2);
  // Our frames point at scripts/*.ts lines, none into the bundle.
  expect(frames.some((frame) => /[\\/]scripts[\\/](io[\\/])?[\w-]+\.ts:\d+:\d+\)?$/.test(frame))).toBe(true);
  expect(frames.filter((frame) => /\.cache[\\/]amd|chunk-|\.mjs:/.test(frame))).toEqual([]);
});

test('tests from source and commands from the bundle keep their caches in the same folder', () => {
  const dir = tempDir('amd-same-');
  for (const entry of ['data', 'docs', '.github', 'README.md']) cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
  try {
    expect(run(path.join(ROOT, 'scripts', 'run.mjs'), 'check', ['--root', dir]).code).toBe(0);
    // The bundle that just ran lives in this version's folder, and wrote the file this process would read.
    expect(currentVersionFolder()).toBe(versionFolder(ROOT, codeHash(ROOT)));
    expect(existsSync(path.join(currentVersionFolder(), 'bundle', 'check.mjs'))).toBe(true);
    expect(existsSync(path.join(currentVersionFolder(), 'bundle', 'check.mjs.map'))).toBe(true);
    expect(existsSync(projectCacheFile(dir))).toBe(true);
  } finally {
    rmSync(projectCacheFile(dir), { force: true });
  }
});

test('the code hash covers the sources, the runner and the lockfile, by relative path', () => {
  const copy = projectCopy();
  expect(codeHash(copy)).toBe(codeHash(ROOT));
  const edits: [string, (text: string) => string][] = [
    ['scripts/core/format.ts', (t) => `${t}\n`],
    ['scripts/run.mjs', (t) => `${t}\n`],
    ['package-lock.json', (t) => t.replace('"lockfileVersion"', '"lockfileVersion" ')],
  ];
  for (const [file, edit] of edits) {
    const full = path.join(copy, file);
    const original = readFileSync(full, 'utf8');
    writeFileSync(full, edit(original));
    expect(codeHash(copy), file).not.toBe(codeHash(ROOT));
    writeFileSync(full, original);
  }
  expect(codeHash(copy)).toBe(codeHash(ROOT));
});

describe('the quick canonical-form check gives the same verdicts as formatting', () => {
  const inputs = realInputs();
  const vocabularies = loadVocabularies(inputs.vocabularies).vocabularies!;
  const order = formatOrder(schemaWithVocabularies(inputs.schema, vocabularies).schema!);
  const valueOf = (text: string) => parseDocument(text).toJS() as unknown;
  const quick = (text: string) => canonicalOfValue(valueOf(text), order, vocabularies) === text;
  const slow = (text: string) => {
    const result = canonicalize(text, order, vocabularies, { verify: false });
    return result.ok && result.text === text;
  };

  /** Edits that leave the value alone but may take a file out of canonical form. */
  const edits: ((text: string) => string)[] = [
    (t) => t,
    (t) => t.replace(/^(name: .*)$/m, '$1 # a comment'),
    (t) => t.replace(/^(links:)$/m, '\n$1'),
    (t) => t.replace(/^id: (.*)$/m, "id: '$1'"),
    (t) => t.replace(/^(tasks: )\[(.*)\]$/m, (_, key: string, items: string) => `${key.trim()}\n${items.split(', ').map((item) => `  - ${item}`).join('\n')}`),
    (t) => t.replace(/^(year: .*)\n((?:.*\n)*?)(license: .*)$/m, '$3\n$2$1'),
    (t) => t.replace(/^# yaml-language-server.*\n/, ''),
    (t) => t.replaceAll('\n', '\r\n'),
    (t) => t.replace(/^(description: )>-\n((?:  .*\n)+)/m, (_, key: string, body: string) => `${key}${JSON.stringify(body.replace(/\n  /g, ' ').trim())}\n`),
  ];

  test('on every real data file and edited copies of it: never canonical when formatting disagrees; every canonical real file recognised', () => {
    let recognised = 0;
    for (const file of inputs.datasets) {
      const original = new TextDecoder().decode(file.bytes);
      for (const edit of edits) {
        const text = edit(original);
        if (quick(text)) expect(slow(text), `${file.path}, edit ${edits.indexOf(edit)}`).toBe(true);
      }
      if (slow(original)) {
        expect(quick(original), file.path).toBe(true);
        recognised++;
      }
    }
    expect(recognised).toBeGreaterThan(inputs.datasets.length / 2);
  });

  const scalar = fc.oneof(
    fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ':', '#', '"', "'", '-', '[', '{', '&', '*', '|', '>', '%', '@', '`', 'é', '🧠', '\\', '\n', '\t', '0', '.'), maxLength: 140 }),
    fc.constantFrom('null', '~', 'true', 'no', '0x1F', '1e3', '.nan', '2026-01-01', '', ' ', '- a', 'a: b', '#x', "it's", '"q"'),
    fc.integer(),
    fc.double({ noNaN: false }),
    fc.boolean(),
    fc.constant(null),
  );
  const value = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: 'small' }, scalar, tie('list'), tie('map')),
    list: fc.array(tie('node'), { maxLength: 4 }),
    map: fc.dictionary(fc.oneof(fc.constantFrom(...order.keys, ...order.links, 'count', 'unit', 'T1'), fc.string({ maxLength: 8 })), tie('node'), { maxKeys: 4 }),
  }));
  const record = fc.dictionary(fc.oneof(fc.constantFrom(...order.keys), fc.string({ maxLength: 8 })), value.node, { minKeys: 1, maxKeys: 12 });

  test('property: a text written from a value is canonical (what makes the quick check right)', () => {
    fc.assert(
      fc.property(record, (value) => {
        const text = canonicalOfValue(value, order, vocabularies)!;
        if (quick(text)) expect(slow(text)).toBe(true);
      }),
      { numRuns: runs(300) },
    );
  });
});

test('property: tables come out of the fast serialiser exactly as out of the generic one', () => {
  const nasty = fc.string({ unit: fc.constantFrom('a', ' ', '|', '\\', '*', '_', '`', '[', ']', '<', '&', '$', '~', '#', ':', '/', 'w', '.', '@', '(', ')', '-', '!', 'é', '🧠', '\n'), maxLength: 12 });
  const textNode = nasty.map((value): PhrasingContent => ({ type: 'text', value }));
  const phrasing = fc.oneof(
    textNode,
    textNode.map((child): PhrasingContent => ({ type: 'strong', children: [child] })),
    textNode.map((child): PhrasingContent => ({ type: 'emphasis', children: [child] })),
    fc.tuple(textNode, fc.webUrl()).map(([child, url]): PhrasingContent => ({ type: 'link', url, children: [child] })),
  );
  const cell = fc.oneof(fc.array(textNode, { maxLength: 3 }), fc.array(phrasing, { maxLength: 4 })).map((children): TableCell => ({ type: 'tableCell', children }));
  const table = fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 }).map((rows): Table => ({ type: 'table', children: rows.map((cells): TableRow => ({ type: 'tableRow', children: cells })) }));
  fc.assert(
    fc.property(table, (node) => {
      const tree: Root = { type: 'root', children: [node] };
      expect(serialize(tree)).toBe(toMarkdown(tree, MARKDOWN_OPTIONS));
    }),
    { numRuns: runs(300) },
  );
});
