/**
 * One parser's verdict (scripts/core/load.ts): yaml decides what every data file holds. js-yaml
 * only proposes values, and a file takes that quick path only when its text is what yaml writes
 * for the value — so the two paths must agree on every input, which these tests check.
 */
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { parseDocument } from 'yaml';
import { describe, expect, test } from 'vitest';
import { loadVocabularies, schemaWithVocabularies } from '../scripts/core/config.ts';
import { canonicalForm, canonicalOfValue, canonicalReading, formatOrder } from '../scripts/core/format.ts';
import { readConfigFile } from '../scripts/core/config-file.ts';
import { loadYaml, type ProvenTexts } from '../scripts/core/load.ts';
import { assemble } from '../scripts/pipeline.ts';
import { compact, datasetPath, realInputs, run, runs, source, validDataset } from './helpers.ts';

const inputs = realInputs();
const vocabularies = loadVocabularies(inputs.vocabularies).vocabularies!;
const order = formatOrder(schemaWithVocabularies(inputs.schema, vocabularies).schema!);
const options = { canonicalForm: (value: unknown) => canonicalForm(value, order, vocabularies) };

describe('a value that js-yaml and yaml read differently', () => {
  const file = datasetPath('a');
  // In canonical form but for the year: without an anchor the quick path is tried first.
  const plain = validDataset('a', { year: 'year: +0x7E1' });
  const withAnchor = validDataset('a', { year: 'year: +0x7E1', labels: 'labels: &tumour Tumour masks' });

  test('`year: +0x7E1` is text (YAML 1.2 core schema: no sign on hexadecimal), with or without an unrelated anchor', () => {
    for (const text of [plain, withAnchor]) {
      const result = run({ a: text });
      expect(compact(result.diagnostics.filter((d) => d.ruleId !== 'data/unformatted'))).toEqual([`schema/type ${file}:14:7`]);
      expect(loadYaml(source(file, text), options).loaded?.value).toMatchObject({ year: '+0x7E1' });
    }
  });

  test('written as 2017 it is a number on the quick path, which the file takes', () => {
    const loaded = loadYaml(source(file, validDataset('a', { year: 'year: 2017' })), options).loaded!;
    expect([loaded.canonical, (loaded.value as { year: unknown }).year]).toEqual([true, 2017]);
  });
});

/** Spellings of scalars on which YAML 1.1, YAML 1.2 core, js-yaml and yaml have been known to differ. */
const SPELLINGS = [
  // integers: signs, bases, octal-looking, underscores, beyond 2^53
  '0', '-0', '+0', '12', '2017', '+12', '-12', '012', '0012', '08', '09', '0o17', '+0o17', '-0o17', '0O17', '0o8', '0x7E1', '+0x7E1', '-0x7E1',
  '0X7E1', '0x_7E1', '0b101', '+0b101', '-0b101', '1_000', '+1_000', '1__0', '_1', '9007199254740993', '123456789012345678901234567890',
  // floats: leading dot and sign, exponents, underscores, infinities, NaNs, sexagesimal (YAML 1.1)
  '1.5', '+1.5', '-1.5', '.5', '+.5', '-.5', '1.', '-1.', '1e3', '1E3', '1e+3', '1.5e-3', '+1e3', '-1e3', '.5e3', '+.5e3', '1e400', '-1e400',
  '.inf', '-.inf', '+.inf', '.Inf', '.INF', '.iNf', '.nan', '.NaN', '.NAN', '-.nan', '+.nan', '1_000.5', '685.230_15e+03', '190:20:30.15', '190:20:30', '1:30',
  // booleans of YAML 1.1 and 1.2
  'true', 'True', 'TRUE', 'tRUE', 'false', 'False', 'FALSE', 'yes', 'Yes', 'YES', 'no', 'No', 'NO', 'on', 'On', 'ON', 'off', 'Off', 'OFF', 'y', 'Y', 'n', 'N',
  // nulls
  'null', 'Null', 'NULL', 'nULL', '~', '', "''", '""',
  // timestamps and dates
  '2001-12-14', '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10 -5', '2002-1-1', '2026-02-30',
  // tags: core, 1.1-only, local, verbatim
  '!!str 12', '!!int "12"', '!!int 0x1F', '!!float 1', '!!float "1e3"', '!!bool yes', '!!bool "true"', '!!null ""', '!!binary aGVsbG8=',
  '!!timestamp 2001-12-14', '!!set {a}', '!!omap [a: 1]', '!!pairs [a: 1]', '!!map {}', '!!seq []', '!custom x', '!<tag:yaml.org,2002:str> 5', '! 12',
  // quoting and escapes
  "'12'", '"12"', '"\\x41"', '"\\u0041"', '"\\U0001F9E0"', '"\\N"', '"\\_"', '"\\L"', '"\\P"', '"\\/"', '"\\e"', '"\\0"', '"\\t"', '"\\ud800"',
  "'it''s'", '"a\\\n  b"', '"a\n\n  b"', "'a\n  b'", 'a  b', 'a #b', 'a#b', 'a: b', '"\\u202e"', '"\\x1b[2J"',
  // collections and block scalars
  '[a, b]', '{a: 1}', '[]', '{}', '[a, [b, {c: d}]]', '{a: [1, 2], b: {}}', '[a, b, ]', '{a, b}', '[a: 1]', '? x', '- x',
  '|\n  x\n', '|-\n  x', '|+\n  x\n\n', '>\n  a\n  b\n', '>-\n  a\n\n  b', '>2\n   x', '|\n  \ta',
  // anchors, aliases and merge keys
  '&a x', '*a', '{<<: {a: 1}}', '{<<: [{a: 1}], b: 2}', '<<',
];

/** Whole-file variations: duplicate keys, more than one document, directives, merge keys. */
const FILE_EDITS: ((text: string) => string)[] = [
  (t) => t,
  (t) => `${t}name: again\n`,
  (t) => `${t}---\nid: second\n`,
  (t) => `${t}...\n`,
  (t) => `%YAML 1.1\n---\n${t}`,
  (t) => `%YAML 1.2\n---\n${t}`,
  (t) => `%TAG ! tag:example.com,2000:\n---\n${t}`,
  (t) => `${t}<<: {notes: merged}\n`,
  (t) => `${t}<<: &m {notes: merged}\n`,
  (t) => t.replace(/\n$/, ''),
  (t) => `${t}# trailing comment\n`,
];

/** Reads a text both ways and checks they agree; returns whether the quick path was taken. */
function bothWays(text: string): boolean {
  const file = datasetPath('a');
  const quick = loadYaml(source(file, text), options);
  const canonical = loadYaml(source(file, text));
  expect(compact(quick.diagnostics), text).toEqual(compact(canonical.diagnostics));
  expect(isDeepStrictEqual(quick.loaded?.value, canonical.loaded?.value), text).toBe(true);
  return quick.loaded?.canonical === true;
}

describe('the quick path gives yaml’s value on every input class', () => {
  test('each spelling, as a value of each kind of field, in a file otherwise in canonical form', () => {
    let quick = 0;
    for (const spelling of SPELLINGS) {
      const value = spelling.replace(/\n/g, '\n  ');
      for (const field of [`year: ${value}`, `labels: ${value}`, `organs: [brain, ${value}]`, `size:\n  - {count: ${value}, unit: scans}`]) {
        const key = field.slice(0, field.indexOf(':'));
        // Every spelling as it is; a few that js-yaml and yaml read alike or apart, in every kind of file.
        const edits = ['2017', '+0x7E1', 'yes'].includes(spelling) ? FILE_EDITS : FILE_EDITS.slice(0, 1);
        for (const edit of edits) if (bothWays(edit(validDataset('a', { [key]: field })))) quick++;
      }
    }
    // The quick path is exercised (spellings yaml writes the same way).
    expect(quick).toBeGreaterThan(100);
  });

  /** Values whose strings look like other types, in every field the canonical form treats specially. */
  const scalar = fc.oneof(
    fc.constantFrom(...SPELLINGS),
    fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ' ', ' ', ':', '#', '"', "'", '-', '+', '[', '{', '&', '*', '!', '|', '>', '%', '@', '`', 'é', 'А', '🧠', '\\', '\n', '\r', '\t', '\u202e', '\u0085', '\u2028', '\ufeff', '0', 'x', '.', '_'), maxLength: 140 }),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
  );
  const value = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: 'small' }, scalar, tie('list'), tie('map')),
    list: fc.array(tie('node'), { maxLength: 4 }),
    map: fc.dictionary(fc.oneof(fc.constantFrom(...order.keys, ...order.links, 'count', 'unit', 'MRI', '<<', '__proto__', '1', 'null', 'true', ''), fc.string({ maxLength: 8 })), tie('node'), { maxKeys: 4 }),
  }));
  const record = fc.dictionary(fc.oneof(fc.constantFrom(...order.keys), fc.string({ maxLength: 8 })), value.node, { minKeys: 1, maxKeys: 12 });

  const holdsLineBreak = (value: unknown): boolean =>
    typeof value === 'string'
      ? /[\n\r]/.test(value)
      : value !== null && typeof value === 'object' && Object.entries(value).some(([key, item]) => /[\n\r]/.test(key) || holdsLineBreak(item));

  test('property: yaml reads the canonical text of any value without a line break as the value its writer holds (what makes the quick path yaml’s)', () => {
    fc.assert(
      fc.property(record, (value) => {
        if (holdsLineBreak(value)) return; // the quick path refuses these (load.ts); the next tests check it does
        const form = canonicalForm(value, order, vocabularies)!;
        const read = parseDocument(form.text, { uniqueKeys: true, strict: true, prettyErrors: false });
        expect([...read.errors, ...read.warnings].map((e) => e.message)).toEqual([]);
        expect(isDeepStrictEqual(read.toJS({ maxAliasCount: 50 }), form.value)).toBe(true);
        expect(form.text).toBe(canonicalOfValue(value, order, vocabularies));
      }),
      { numRuns: runs(300) },
    );
  });

  test('a text with a line break, which yaml’s writer does not read back as written, is left to yaml', () => {
    const value = { labels: ' \n', aliases: ['-\nZ'] };
    const text = canonicalOfValue(value, order, vocabularies)!;
    expect(parseDocument(text).toJS()).not.toEqual(value); // the writer's known slip …
    expect(bothWays(text)).toBe(false); // … never reaches a verdict
  });

  test('property: both paths agree on canonical texts of generated values, and on those texts with one value respelled', () => {
    const respell = fc.tuple(fc.nat(), fc.constantFrom(...SPELLINGS)).map(([n, spelling]) => (text: string) => {
      const lines = text.split('\n');
      const i = n % lines.length;
      lines[i] = lines[i]!.replace(/^(\s*(?:- )?[^:#\s]+: ).*$/, (_, key: string) => `${key}${spelling}`);
      return lines.join('\n');
    });
    fc.assert(
      fc.property(record, fc.option(respell), (value, edit) => {
        const text = canonicalOfValue(value, order, vocabularies)!;
        bothWays(edit ? edit(text) : text);
      }),
      { numRuns: runs(300) },
    );
  });
});

describe('what a command reads more than once is read once', () => {
  test('a configuration file: the same answer again, a list of diagnostics of its own each time, and each path its own', () => {
    const bytes = new TextEncoder().encode('organ:\n  brain: {label: Brain, colour: grey}\n');
    const schema = { type: 'object', properties: { organ: { type: 'object', additionalProperties: { type: 'object', additionalProperties: false, properties: { label: { type: 'string' } } } } } };
    const first = readConfigFile({ path: 'data/a.yaml', bytes }, schema);
    expect(compact(first.diagnostics)).toEqual(['config/invalid data/a.yaml:2:25']);
    first.diagnostics.push(first.diagnostics[0]!); // a caller appending its own
    const again = readConfigFile({ path: 'data/a.yaml', bytes }, schema);
    expect(compact(again.diagnostics)).toEqual(['config/invalid data/a.yaml:2:25']);
    expect(compact(readConfigFile({ path: 'data/b.yaml', bytes }, schema).diagnostics)).toEqual(['config/invalid data/b.yaml:2:25']);
    // Other bytes are read afresh, even under the same path; a value every later read shares is frozen.
    const valid = readConfigFile<{ organ: Record<string, unknown> }>({ path: 'data/a.yaml', bytes: new TextEncoder().encode('organ: {}\n') }, schema);
    expect(valid.diagnostics).toEqual([]);
    expect(() => (valid.value!.organ.heart = { label: 'Heart' })).toThrow(TypeError);
  });

  test('site, export and links ask for the records only: the same records and findings, no generated files', () => {
    const full = assemble(inputs);
    const records = assemble(inputs, { recordsOnly: true });
    expect(records.generated).toEqual([]);
    expect(full.generated.length).toBeGreaterThan(0);
    expect(records.records.map((r) => r.dataset)).toEqual(full.records.map((r) => r.dataset));
    expect(records.diagnostics).toEqual(full.diagnostics);
  });
});

describe('a text proven canonical is proven once per process', () => {
  const file = datasetPath('a');
  const text = validDataset('a');

  test('the second reading takes the proof and value of the first; the value cannot be changed by a reader', () => {
    const proven: ProvenTexts = new Map();
    let proofs = 0;
    const counting = { canonicalForm: (value: unknown) => (proofs++, options.canonicalForm(value)), proven };
    const first = loadYaml(source(file, text), counting).loaded!;
    const second = loadYaml(source(file, text), counting).loaded!;
    expect(proofs).toBe(1);
    expect(second.value).toBe(first.value);
    expect(second.canonical).toBe(true);
    expect(() => ((second.value as { name: string }).name = 'changed')).toThrow(TypeError);
    expect(() => (second.value as { organs: string[] }).organs.push('heart')).toThrow(TypeError);
  });

  test('a text that is not canonical is not remembered, and each canonical form has its own proofs', () => {
    const proven: ProvenTexts = new Map();
    loadYaml(source(file, text.replace('name: ', 'name:   ')), { ...options, proven });
    expect(proven.size).toBe(0);
    const [order, vocab] = [formatOrder(schemaWithVocabularies(inputs.schema, vocabularies).schema!), vocabularies];
    expect(canonicalReading(order, vocab).proven).toBe(canonicalReading(order, vocab).proven);
    expect(canonicalReading({ ...order, keys: [...order.keys].reverse() }, vocab).proven).not.toBe(canonicalReading(order, vocab).proven);
  });
});
