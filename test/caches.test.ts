/**
 * The caches never change a verdict: only unchanged files under an unchanged schema are taken
 * from them, only from a cache file this checkout signed, and only entries of the right shape.
 */
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { afterEach, describe, expect, test } from 'vitest';
import { loadVocabularies, schemaWithVocabularies } from '../scripts/core/config.ts';
import { formatKey } from '../scripts/core/rules/data/unformatted.ts';
import { formatOrder, formatSignature } from '../scripts/core/format.ts';
import { currentVersionFolder, projectCacheFile, sealCache } from '../scripts/io/cache-store.ts';
import { withProjectCaches } from '../scripts/app/project.ts';
import { assemble } from '../scripts/pipeline.ts';
import { runCommand } from './commands.ts';
import { compact, inputsWith, ROOT, source, validDataset } from './helpers.ts';

function mapCache() {
  const map = new Map<string, unknown>();
  let hits = 0;
  return {
    map,
    hits: () => hits,
    get: (key: string) => {
      const value = map.get(key);
      if (value !== undefined) hits++;
      return value;
    },
    set: (key: string, value: unknown) => void map.set(key, value),
  };
}

test('valid files are reused, edited files are checked again, a schema change empties the cache', () => {
  const validCache = mapCache();
  const files = { a: validDataset('a', { name: 'name: Alpha set' }), b: validDataset('b', { name: 'name: Bravo set' }) };
  const first = assemble(inputsWith(files), { validCache });
  expect(validCache.map.size).toBe(2);
  const second = assemble(inputsWith(files), { validCache });
  expect(validCache.hits()).toBe(2);
  expect(second.diagnostics).toEqual(first.diagnostics);
  expect(second.generated.map((g) => g.expected)).toEqual(first.generated.map((g) => g.expected));

  const edited = assemble(inputsWith({ ...files, b: validDataset('b', { name: 'name: Bravo set', organs: 'organs: [hart]' }) }), { validCache });
  expect(edited.diagnostics.map((d) => `${d.ruleId} ${d.file}`)).toEqual(['schema/enum data/datasets/b.yaml']);

  // A vocabulary without "brain" gives another schema: the cached verdicts no longer apply.
  const inputs = inputsWith(files);
  const vocabulary = new TextDecoder().decode(inputs.vocabularies.bytes).replace(/^  brain: .*\n/m, '');
  const strict = assemble({ ...inputs, vocabularies: source('data/vocabularies.yaml', vocabulary) }, { validCache });
  expect(strict.diagnostics.filter((d) => d.ruleId === 'schema/enum').map((d) => d.file)).toEqual(['data/datasets/a.yaml', 'data/datasets/b.yaml']);
});

test('a diagnostic located in a cached file still points at its line', () => {
  const validCache = mapCache();
  const files = { a: validDataset('a', { name: 'name: Same name' }), b: validDataset('b', { name: 'name: Same name' }) };
  assemble(inputsWith(files), { validCache });
  const again = assemble(inputsWith(files), { validCache });
  expect(validCache.hits()).toBe(2);
  expect(again.diagnostics.map((d) => `${d.ruleId} ${d.file}:${d.line}:${d.column}`)).toEqual(['data/duplicate-name data/datasets/b.yaml:3:7']);
});

describe('the store on disk (scripts/io/cache-store.ts), as the commands use it', () => {
  const root = path.join(os.tmpdir(), `amd-cache-store-${process.pid}`);
  afterEach(() => rmSync(projectCacheFile(root), { force: true }));
  const stored = () => bodyOf(readFileSync(projectCacheFile(root), 'utf8'));

  test('lives in the folder of the running code, and keeps only the entries the last run used', async () => {
    expect(projectCacheFile(root).startsWith(`${currentVersionFolder()}${path.sep}`)).toBe(true);
    const files = { a: validDataset('a', { name: 'name: Alpha set' }), b: validDataset('b', { name: 'name: Bravo set' }) };
    const first = await withProjectCaches(root, (caches) => assemble(inputsWith(files), caches));
    expect([Object.keys(stored().valid).length, stored().format.length]).toEqual([2, 2]);
    const again = await withProjectCaches(root, (caches) => assemble(inputsWith(files), caches));
    expect(again.diagnostics).toEqual(first.diagnostics);
    expect(again.generated).toEqual(first.generated);
    expect(again.records.map((r) => r.dataset)).toEqual(first.records.map((r) => r.dataset));
    await withProjectCaches(root, (caches) => assemble(inputsWith({ a: files.a }), caches));
    expect([Object.keys(stored().valid).length, stored().format.length]).toEqual([1, 1]);
  });

  test('an unreadable store is started afresh, not trusted', async () => {
    mkdirSync(path.dirname(projectCacheFile(root)), { recursive: true });
    writeFileSync(projectCacheFile(root), '{"valid": ');
    const result = await withProjectCaches(root, (caches) => assemble(inputsWith({ a: validDataset('a') }), caches));
    expect(result.diagnostics).toEqual([]);
    expect(Object.keys(stored().valid)).toHaveLength(1);
  });
});

/** The entries of a cache file: the JSON after the signature line. */
function bodyOf(text: string): { valid: Record<string, unknown>; format: string[]; render: Record<string, unknown> } {
  return JSON.parse(text.slice(text.indexOf('{')));
}

describe('a cache file is a hint, never a verdict (hand-edited, forged or malformed files)', () => {
  const root = path.join(os.tmpdir(), `amd-cache-forged-${process.pid}`);
  const file = () => projectCacheFile(root);
  const write = (text: string) => {
    mkdirSync(path.dirname(file()), { recursive: true });
    writeFileSync(file(), text);
  };
  afterEach(() => rmSync(file(), { force: true }));
  const cached = (inputs: ReturnType<typeof inputsWith>) => withProjectCaches(root, (caches) => assemble(inputs, caches));

  const base = inputsWith({});
  const vocabularies = loadVocabularies(base.vocabularies).vocabularies!;
  const schema = schemaWithVocabularies(base.schema, vocabularies).schema!;
  /** The valid-cache key of a file, as pipeline.ts computes it (the first test checks the two agree). */
  const validKey = (text: string) =>
    createHash('sha256').update(createHash('sha256').update(JSON.stringify(schema)).digest()).update(new TextEncoder().encode(text)).digest('base64url');
  const good = validDataset('a');
  const goodValue = parseDocument(good).toJS() as object;

  test('a hand-forged entry claiming a broken file is valid: check still fails, with the schema’s diagnostic', async () => {
    await cached(inputsWith({ a: good }));
    expect(Object.keys(bodyOf(readFileSync(file(), 'utf8')).valid)).toEqual([validKey(good)]); // the forger's key is the real one
    const broken = validDataset('a', { organs: 'organs: [hart]' });
    const inputs = inputsWith({ a: broken });
    const expected = compact(assemble(inputs).diagnostics);
    expect(expected).toContain('schema/enum data/datasets/a.yaml:4:10');
    const forged = JSON.stringify({ valid: { [validKey(broken)]: goodValue }, format: [], render: {} });
    // Unsigned, signed with another key, and with the right signature over other entries.
    for (const text of [forged, sealCache(forged, randomBytes(32)), `${sealCache('{}').split('\n')[0]}\n${forged}`]) {
      write(text);
      expect(compact((await cached(inputs)).diagnostics), text.slice(0, 60)).toEqual(expected);
    }
  });

  test('a forged format verdict does not hide data/unformatted; forged README sections are not rendered', async () => {
    const untidy = validDataset('a', { name: "name: 'Dataset a'" });
    const inputs = inputsWith({ a: untidy });
    const expected = assemble(inputs);
    expect(compact(expected.diagnostics)).toEqual(['data/unformatted data/datasets/a.yaml:3:1']);
    await cached(inputsWith({ a: good }));
    const real = bodyOf(readFileSync(file(), 'utf8'));
    const order = formatOrder(schema);
    const forged = JSON.stringify({
      valid: real.valid,
      format: [formatKey(formatSignature(order, vocabularies), untidy)],
      render: Object.fromEntries(Object.keys(real.render).map((key) => [key, '## Forged section'])),
    });
    for (const text of [forged, sealCache(forged, randomBytes(32))]) {
      write(text);
      const result = await cached(inputs);
      expect(compact(result.diagnostics)).toEqual(compact(expected.diagnostics));
      write(text);
      const clean = await cached(inputsWith({ a: good }));
      expect(clean.generated.map((g) => g.expected).join('')).not.toContain('Forged');
    }
  });

  test('a cache file of the wrong shape (signed or not) is a miss: the run is the same as without a cache', async () => {
    const inputs = inputsWith({ a: good, b: validDataset('b', { name: 'name: Bravo set' }) });
    const uncached = assemble(inputs);
    await cached(inputs);
    const real = bodyOf(readFileSync(file(), 'utf8'));
    const everyEntry = (part: object, value: unknown) => Object.fromEntries(Object.keys(part).map((key) => [key, value]));
    // The file as a whole, unsigned (as a hand edit leaves it) and signed …
    const files = ['null', '[]', '"valid"', '', '{"valid": {"a": ', '{"valid": [], "format": {}, "render": []}', '{"valid": "x", "format": "x", "render": "x"}'];
    // … and entries of the wrong shape in a file this checkout signed.
    const entries = [
      JSON.stringify({ ...real, valid: everyEntry(real.valid, 5) }),
      JSON.stringify({ ...real, valid: everyEntry(real.valid, null) }),
      JSON.stringify({ ...real, valid: everyEntry(real.valid, []) }),
      JSON.stringify({ ...real, valid: everyEntry(real.valid, { id: 'a' }) }),
      JSON.stringify({ ...real, valid: everyEntry(real.valid, { ...goodValue, organs: 'brain' }) }),
      JSON.stringify({ ...real, format: [1, null, {}, ['x']] }),
      JSON.stringify({ ...real, render: everyEntry(real.render, 5) }),
      JSON.stringify({ ...real, render: everyEntry(real.render, { markdown: '##' }) }),
    ];
    for (const text of [...files, ...[...files, ...entries].map((body) => sealCache(body))]) {
      write(text);
      const result = await cached(inputs);
      expect(result.diagnostics, text.slice(0, 80)).toEqual(uncached.diagnostics);
      expect(result.generated, text.slice(0, 80)).toEqual(uncached.generated);
    }
  });

  test('npm run check with a malformed or forged cache file: no internal error, and a broken file fails', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'amd-cache-check-'));
    try {
      for (const part of ['data', 'docs', '.github', 'README.md']) cpSync(path.join(ROOT, part), path.join(dir, part), { recursive: true });
      const cacheFile = projectCacheFile(dir);
      mkdirSync(path.dirname(cacheFile), { recursive: true });
      writeFileSync(cacheFile, 'null');
      const clean = await runCommand('check', ['--root', dir]);
      expect([clean.code, clean.stderr]).toEqual([0, '']);

      const acdc = path.join(dir, 'data', 'datasets', 'acdc.yaml');
      const original = readFileSync(acdc, 'utf8');
      writeFileSync(acdc, original.replace('organs: [heart]', 'organs: [hart]'));
      const value = parseDocument(original).toJS() as object;
      writeFileSync(cacheFile, JSON.stringify({ valid: { [validKey(readFileSync(acdc, 'utf8'))]: value }, format: [], render: {} }));
      const broken = await runCommand('check', ['--root', dir]);
      expect(broken.code).toBe(1);
      expect(broken.stdout).toMatch(/data\/datasets\/acdc\.yaml\s*\n?.*5:10 +error +organ "hart" is not known/);
    } finally {
      rmSync(projectCacheFile(dir), { force: true });
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
