/** The caches never change a verdict: only unchanged files under an unchanged schema are taken from them. */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { currentVersionFolder, projectCacheFile } from '../scripts/io/cache-store.ts';
import { withProjectCaches } from '../scripts/app/project.ts';
import { assemble } from '../scripts/pipeline.ts';
import { inputsWith, source, validDataset } from './helpers.ts';

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
  const stored = () => JSON.parse(readFileSync(projectCacheFile(root), 'utf8')) as { valid: object; format: string[]; render: object };

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
