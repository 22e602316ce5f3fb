/** npm run fix: canonical form, comments kept, values unchanged, idempotent; check warns when a file is not canonical. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, test } from 'vitest';
import { loadVocabularies, schemaWithVocabularies } from '../scripts/core/config.ts';
import { canonicalize, formatOrder } from '../scripts/core/format.ts';
import { runCommand, type CommandOptions } from './commands.ts';
import { compact, realInputs, ROOT, run, validDataset } from './helpers.ts';

const inputs = realInputs();
const vocabularies = loadVocabularies(inputs.vocabularies).vocabularies!;
const order = formatOrder(schemaWithVocabularies(inputs.schema, vocabularies).schema!);
const fix = (text: string) => {
  const result = canonicalize(text, order, vocabularies);
  if (!result.ok) throw new Error(result.reason);
  return result.text;
};

const MESSY = `# a note the maintainer wrote
access: open
license: "CC-BY-4.0"
links: {paper: "https://doi.org/10.1/x", homepage: https://example.org/messy}
description: "A dataset described at some length, long enough that the canonical form must fold it over more than a single line of text."
labels: Tumour masks   # keep me
size:
  - unit: scans
    count: 1204
modalities: [CT, {MRI: [T1, T2]}]
tasks:
  - classification
  - segmentation
organs: [heart, brain, abdomen]
name: Messy set
id: messy
year: 2021
`;

describe('fix', () => {
  const fixed = fix(MESSY);

  test('canonical order and style, comments kept, schema line first', async () => {
    expect(fixed).toBe(`# yaml-language-server: $schema=../dataset.schema.json
# a note the maintainer wrote
id: messy
name: Messy set
organs: [heart, brain, abdomen]
tasks: [segmentation, classification]
modalities:
  - MRI: [T1, T2]
  - CT
size:
  - {count: 1204, unit: scans}
labels: Tumour masks # keep me
description: >-
  A dataset described at some length, long enough that the canonical form must fold it over more
  than a single line of text.
links:
  homepage: https://example.org/messy
  paper: https://doi.org/10.1/x
year: 2021
license: CC-BY-4.0
access: open
`);
  });

  test('never changes a value (only the order of vocabulary lists)', async () => {
    const before = parse(MESSY);
    const after = parse(fixed);
    expect(after.links).toEqual(before.links);
    expect(after.description).toBe(before.description);
    expect(after.organs[0]).toBe('heart'); // the first organ decides the section and stays first
    expect(new Set(after.tasks)).toEqual(new Set(before.tasks));
  });

  test('an anchor that the canonical order would put after its alias: not rewritten, with the reason, no exception', () => {
    // `base` is unknown, so it sorts after `size`, which uses its anchor.
    const text = validDataset('anchored', { size: 'base: &b {count: 3, unit: scans}\nsize:\n  - *b' });
    const result = canonicalize(text, order, vocabularies);
    expect(result).toEqual({ ok: false, reason: expect.stringContaining('alias') });
  });

  test('idempotent', async () => {
    expect(fix(fixed)).toBe(fixed);
  });

  test('every real data file is canonical', async () => {
    for (const file of inputs.datasets) {
      const text = new TextDecoder().decode(file.bytes);
      expect(fix(text), file.path).toBe(text);
    }
  });

  test('check warns about a file that is not canonical, naming the command', async () => {
    const result = run({ messy: MESSY, tidy: validDataset('tidy', { name: 'name: Tidy set' }) });
    const warnings = result.diagnostics.filter((d) => d.ruleId === 'data/unformatted');
    expect(compact(warnings)).toEqual(['data/unformatted data/datasets/messy.yaml:1:1']);
    expect(warnings[0]!.hint).toContain('npm run fix');
  });

  test('the command rewrites atomically and a second run changes nothing', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'amd-fix-'));
    cpSync(path.join(ROOT, 'data'), path.join(dir, 'data'), { recursive: true });
    writeFileSync(path.join(dir, 'data/datasets/messy.yaml'), MESSY);
    const cli = (args: string[] = [], options: CommandOptions = {}) => runCommand('fix', ['--root', dir, ...args], options);
    expect((await cli(['--check'])).code).toBe(1);
    const first = await cli([], { process: true });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('rewrote 1: data/datasets/messy.yaml');
    expect(readFileSync(path.join(dir, 'data/datasets/messy.yaml'), 'utf8')).toBe(fixed);
    expect((await cli()).stdout).toContain('all already canonical');
    expect((await cli(['--check'])).code).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });
});
