/**
 * Fuzz and property tests: thousands of generated malformed and adversarial data files never
 * crash the pipeline and every diagnostic is located; every generated valid file is clean after
 * `fix`, and `fix` is idempotent.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, test } from 'vitest';
import { loadVocabularies, schemaWithVocabularies } from '../scripts/core/config.ts';
import type { Diagnostic } from '../scripts/core/diagnostic.ts';
import { canonicalize, formatOrder } from '../scripts/core/format.ts';
import { RULES } from '../scripts/core/rules/registry.ts';
import { assemble } from '../scripts/pipeline.ts';
import { datasetPath, realInputs, runs, source, TEST_PACKAGE_JSON, validDataset } from './helpers.ts';

// A package.json with a real-looking owner: the placeholder's warning is not what these properties are about.
const inputs = { ...realInputs(), packageJson: TEST_PACKAGE_JSON };
/** `FUZZ_SCALE=20 npx vitest run test/fuzz.test.ts` for a deep run; the default keeps npm test quick. */
const vocabularies = loadVocabularies(inputs.vocabularies).vocabularies!;
const order = formatOrder(schemaWithVocabularies(inputs.schema, vocabularies).schema!);

function assertLocated(diagnostics: readonly Diagnostic[], texts: Map<string, string>): void {
  for (const d of diagnostics) {
    expect(d.ruleId in RULES, d.ruleId).toBe(true);
    expect(d.message.length).toBeGreaterThan(0);
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.column).toBeGreaterThanOrEqual(1);
    const text = texts.get(d.file);
    if (text !== undefined) expect(d.line).toBeLessThanOrEqual(text.split('\n').length + 1);
  }
}

function runFiles(files: string[]) {
  const datasets = files.map((text, i) => source(datasetPath(`fuzz-${i}`), text));
  const texts = new Map(datasets.map((d, i) => [d.path, files[i]!]));
  const result = assemble({ ...inputs, datasets });
  assertLocated(result.diagnostics, texts);
  return result;
}

/** Characters and fragments that stress YAML, the schema, the renderer and the locator. */
const nasty = fc.oneof(
  fc.constantFrom(':', ': ', '- ', '[', ']', '{', '}', '&a ', '*a', '!!binary ', '!tag ', '|', '>-', '#', '\n', '\r\n', '\t', '  ', '"', "'", '%YAML 1.2', '---', '...', '@', '`', '\u0000', '\u001b[31m', '\u202e', '\ufeff', 'brаin', 'ｈｅａｒｔ', '𝐌𝐑𝐈', '👩🏽‍⚕️', 'ß', 'ﬁ', '\\', '<script>', 'null', '~', 'true', '0x1F', '1e400', '.nan', '2026-01-01'),
  fc.constantFrom('id', 'name', 'organs', 'tasks', 'modalities', 'size', 'labels', 'description', 'links', 'homepage', 'license', 'access', 'year', 'count', 'unit'),
  fc.string({ maxLength: 6 }),
);
const randomYaml = fc.array(nasty, { maxLength: 60 }).map((parts) => parts.join(''));

const validBase = validDataset('fuzz-0');
const mutations = fc.oneof(
  // drop a line, duplicate a line, or replace a value
  fc.nat().map((n) => (text: string) => text.split('\n').filter((_, i) => i !== n % 20).join('\n')),
  fc.nat().map((n) => (text: string) => {
    const lines = text.split('\n');
    lines.splice(n % lines.length, 0, lines[n % lines.length]!);
    return lines.join('\n');
  }),
  fc.tuple(fc.nat(), fc.constantFrom('[]', '{}', '42', 'null', '"x"', '[[[[[[]]]]]]', '{a: {b: {c: {}}}}', '&x [*x]', 'x'.repeat(20_000), '"\\u0000\\u0007"', '- a\n- b')).map(
    ([n, value]) => (text: string) => {
      const lines = text.split('\n');
      const i = 1 + (n % (lines.length - 1));
      lines[i] = lines[i]!.replace(/:.*$/, `: ${value}`);
      return lines.join('\n');
    },
  ),
  fc.constant((text: string) => text.replaceAll('\n', '\r\n')),
  fc.constant((text: string) => `\ufeff${text}`),
  fc.constant((text: string) => `${text}notes: ${'['.repeat(2000)}${']'.repeat(2000)}\n`),
  fc.constant((text: string) => text.replace('organs: [brain]', 'organs: [brаin]')), // Cyrillic а
);

describe('fuzz: malformed and adversarial files', () => {
  test('random YAML-like text never crashes, and every diagnostic is located', () => {
    fc.assert(fc.property(fc.array(randomYaml, { minLength: 10, maxLength: 10 }), (files) => void runFiles(files)), { numRuns: runs(60) });
  });

  test('mutated valid files never crash, and every diagnostic is located', () => {
    fc.assert(
      fc.property(fc.array(fc.array(mutations, { minLength: 1, maxLength: 3 }), { minLength: 10, maxLength: 10 }), (batches) => {
        const files = batches.map((steps, i) => steps.reduce((text, step) => step(text), validBase.replaceAll('fuzz-0', `fuzz-${i}`)));
        void runFiles(files);
      }),
      { numRuns: runs(40) },
    );
  });
});

const text = fc.string({ unit: fc.oneof(fc.constantFrom('a', 'Z', ' ', ':', '#', '"', "'", '-', '[', '{', '&', '*', '|', '>', '%', '@', '`', 'é', 'а', '🧠', '\\'), fc.string({ unit: 'grapheme', maxLength: 2 })), minLength: 25, maxLength: 120 })
  .map((s) => s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ').trim())
  .filter((s) => [...s].length >= 25); // the schema counts code points, not UTF-16 units

const record = fc.record({
  organs: fc.uniqueArray(fc.constantFrom(...vocabularies.organ.terms.keys()), { minLength: 1, maxLength: 3 }),
  tasks: fc.uniqueArray(fc.constantFrom(...vocabularies.task.terms.keys()), { minLength: 1, maxLength: 3 }),
  modalities: fc.uniqueArray(fc.constantFrom(...vocabularies.modality.terms.keys()), { minLength: 1, maxLength: 3 }),
  subtypes: fc.array(fc.constantFrom('T1', 'T2', 'FLAIR', 'arterial phase', 'b-mode'), { maxLength: 3 }),
  labels: text.map((s) => s.slice(0, 150)),
  description: text,
  notes: fc.option(text, { nil: undefined }),
  count: fc.integer({ min: 1, max: 10_000_000 }),
  access: fc.constantFrom(...vocabularies.access.terms.keys()),
  license: fc.constantFrom('CC-BY-4.0', 'unknown', 'CC0-1.0'),
  year: fc.option(fc.integer({ min: 1980, max: 2100 }), { nil: undefined }),
});

describe('property: valid files', () => {
  test('fix then check is clean, and fix is idempotent', () => {
    fc.assert(
      fc.property(fc.array(record, { minLength: 5, maxLength: 5 }), (records) => {
        const files = records.map((r, i) => {
          const [first, ...rest] = r.modalities;
          const stated = [...(r.license !== 'unknown' ? ['license'] : []), ...(r.access !== 'unknown' ? ['access'] : [])];
          // Sources first, note before url: the canonical form must put them last, in schema order.
          const sources = stated.length ? { sources: [{ ...(r.notes !== undefined ? { note: r.notes.slice(0, 200) } : {}), url: `https://example.org/generated/${i}/terms`, checked: '2020-01-01', supports: stated }] } : {};
          const value = {
            ...sources,
            id: `fuzz-${i}`,
            name: ['Alpha set', 'Bravo collection', 'Charlie archive', 'Delta cohort', 'Echo study'][i],
            organs: r.organs,
            tasks: r.tasks,
            modalities: [r.subtypes.length ? { [first!]: [...new Set(r.subtypes)] } : first, ...rest],
            size: [{ count: r.count, unit: 'scans' }],
            labels: r.labels,
            description: r.description,
            links: { homepage: `https://example.org/generated/${i}` },
            ...(r.year !== undefined ? { year: r.year } : {}),
            license: r.license,
            access: r.access,
            ...(r.notes !== undefined ? { notes: r.notes } : {}),
          };
          const fixed = canonicalize(stringify(value), order, vocabularies);
          expect(fixed.ok).toBe(true);
          if (!fixed.ok) return '';
          const again = canonicalize(fixed.text, order, vocabularies);
          expect(again.ok && again.text).toBe(fixed.text);
          return fixed.text;
        });
        const result = runFiles(files);
        expect(result.diagnostics).toEqual([]);
        expect(result.records).toHaveLength(5);
      }),
      { numRuns: runs(40) },
    );
  });
});
