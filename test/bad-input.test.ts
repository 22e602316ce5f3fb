/**
 * Bad input: every case yields a located diagnostic, never an exception, and the run goes on
 * with the other files. Fixtures in test/fixtures/bad-input/ are named after their case.
 */
import { describe, expect, test } from 'vitest';
import { MAX_SOURCE_BYTES } from '../scripts/core/source.ts';
import { compact, datasetPath, readFixture, run, validDataset } from './helpers.ts';

/** Runs the fixture(s) next to a valid file, and checks that the valid file still came through. */
function check(...names: string[]) {
  const files = Object.fromEntries(names.map((name) => [name, readFixture(`bad-input/${name}.yaml`)]));
  const result = run({ ...files, 'a-valid-neighbour': validDataset('a-valid-neighbour') });
  expect(result.records.map((r) => r.dataset.id)).toContain('a-valid-neighbour');
  return result.diagnostics;
}

const file = (name: string) => datasetPath(name);

describe('bad input gives located diagnostics and the run goes on', () => {
  test('malformed-yaml', () => {
    expect(compact(check('malformed-yaml'))).toEqual([`yaml/syntax ${file('malformed-yaml')}:5:1`]);
  });

  test('wrong-types', () => {
    const diagnostics = check('wrong-types');
    expect(compact(diagnostics)).toEqual([
      `schema/type ${file('wrong-types')}:4:9`,
      `schema/type ${file('wrong-types')}:9:14`,
      `schema/type ${file('wrong-types')}:14:7`,
    ]);
    expect(diagnostics[0]!.message).toBe('organs must be a list, not text "brain"');
    expect(diagnostics[1]!.hint).toMatch(/1204, not "1,204"/);
  });

  test('unknown-key: did you mean, and the missing property it stood for', () => {
    const diagnostics = check('unknown-key');
    expect(compact(diagnostics)).toEqual([
      `schema/required ${file('unknown-key')}:2:1`,
      `schema/required ${file('unknown-key')}:13:3`,
      `schema/unknown-property ${file('unknown-key')}:13:3`,
      `schema/unknown-property ${file('unknown-key')}:15:1`,
    ]);
    expect(diagnostics[2]!.message).toContain('did you mean "homepage"?');
    expect(diagnostics[3]!.message).toContain('did you mean "license"?');
  });

  test('unknown-enum-value: typos and aliases point to the canonical term', () => {
    const diagnostics = check('unknown-enum-value');
    expect(compact(diagnostics)).toEqual([
      `schema/enum ${file('unknown-enum-value')}:4:10`,
      `schema/enum ${file('unknown-enum-value')}:7:5`,
      `schema/enum ${file('unknown-enum-value')}:8:5`,
      `schema/enum ${file('unknown-enum-value')}:17:9`,
    ]);
    expect(diagnostics.map((d) => /did you mean "([^"]+)"/.exec(d.message)?.[1])).toEqual(['heart', 'MRI', 'ultrasound', 'open']);
    expect(diagnostics[0]!.message).toMatch(/^organ "hart" is not known; expected one of brain, heart/);
  });

  test('missing-required: points at the parent mapping', () => {
    const diagnostics = check('missing-required');
    expect(compact(diagnostics)).toEqual([
      `schema/required ${file('missing-required')}:2:1`,
      `schema/required ${file('missing-required')}:13:3`,
    ]);
    expect(diagnostics.map((d) => d.message)).toEqual([
      'missing required property "license"',
      'missing required property "homepage" in links',
    ]);
  });

  test('duplicate-id', () => {
    const diagnostics = check('duplicate-id-a', 'duplicate-id-b');
    expect(compact(diagnostics)).toEqual([
      `data/duplicate-id ${file('duplicate-id-b')}:2:5`,
      `data/id-mismatch ${file('duplicate-id-b')}:2:5`,
    ]);
    expect(diagnostics[0]!.message).toContain(`${file('duplicate-id-a')}:2`);
  });

  test('duplicate-name: ignoring case and punctuation, naming the other entry', () => {
    const diagnostics = check('duplicate-name-a', 'duplicate-name-b');
    expect(compact(diagnostics)).toEqual([`data/duplicate-name ${file('duplicate-name-b')}:3:7`]);
    // No git information here, so neither entry is known to be the older one (test/duplicates.test.ts).
    expect(diagnostics[0]!.message).toContain(`is also a name of`);
    expect(diagnostics[0]!.message).toContain(`(${file('duplicate-name-a')}:3)`);
  });

  test('duplicate-url: after canonicalising scheme, www., slash, tracking parameters, fragment', () => {
    const diagnostics = check('duplicate-url-a', 'duplicate-url-b');
    expect(compact(diagnostics)).toEqual([
      `data/duplicate-url ${file('duplicate-url-b')}:13:13`,
      `data/http-link ${file('duplicate-url-b')}:13:13`,
    ]);
  });

  test('raw control characters: refused before parsing, located at the character (fix would have dropped a leading NUL)', () => {
    const cases = {
      'nul-first': `\u0000${validDataset('nul-first')}`,
      'escape-in-value': validDataset('escape-in-value', { labels: 'labels: Tumour \u001b[2J masks' }),
      'c1-in-comment': `${validDataset('c1-in-comment')}# note \u009b31m\n`,
    };
    const result = run({ ...cases, 'a-valid-neighbour': validDataset('a-valid-neighbour') });
    expect(compact(result.diagnostics)).toEqual([
      `yaml/control-character ${file('c1-in-comment')}:21:8`,
      `yaml/control-character ${file('escape-in-value')}:10:16`,
      `yaml/control-character ${file('nul-first')}:1:1`,
    ]);
    expect(result.diagnostics[1]!.message).toContain('U+001B (ESC)');
    // Tab, line feed, carriage return and a byte-order mark are allowed in the file (a control
    // character inside a value is data/control-character's, test/hostile-data.test.ts).
    const fine = run({ fine: `\ufeff${validDataset('fine', { labels: 'labels: "Tumour\tmasks"' }).replaceAll('\n', '\r\n')}` });
    expect(fine.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  test('non-utf8: located at the offending byte', () => {
    const diagnostics = check('non-utf8');
    expect(compact(diagnostics)).toEqual([`yaml/encoding ${file('non-utf8')}:11:17`]);
    expect(diagnostics[0]!.message).toContain('0xe9');
  });

  test('empty', () => {
    expect(compact(check('empty'))).toEqual([`yaml/empty ${file('empty')}:1:1`]);
  });

  test('a 10 MB file is refused without being parsed', () => {
    const huge = new Uint8Array(10 * 1024 * 1024).fill(0x61);
    const started = performance.now();
    const result = run({ huge, 'a-valid-neighbour': validDataset('a-valid-neighbour') });
    expect(compact(result.diagnostics)).toEqual([`yaml/too-large ${file('huge')}:1:1`]);
    expect(result.diagnostics[0]!.message).toContain('10.0 MB');
    expect(result.diagnostics[0]!.message).toContain(`${MAX_SOURCE_BYTES / 1024} KB`);
    expect(result.records).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(10_000); // generous: only guards against parsing it
  });

  test('multiple-documents', () => {
    const diagnostics = check('multiple-documents');
    expect(compact(diagnostics)).toEqual([`yaml/syntax ${file('multiple-documents')}:17:1`]);
    expect(diagnostics[0]!.hint).toContain('one dataset per file');
  });

  test('tab-indentation', () => {
    const diagnostics = check('tab-indentation');
    expect(compact(diagnostics)).toEqual([`yaml/syntax ${file('tab-indentation')}:13:1`]);
    expect(diagnostics[0]!.hint).toBe('indent with spaces, not tabs');
  });

  test('alias-bomb: expansion is capped and located at the first alias', () => {
    expect(compact(check('alias-bomb'))).toEqual([`yaml/syntax ${file('alias-bomb')}:19:9`]);
  });

  test('unknown-license', () => {
    const diagnostics = check('unknown-license');
    expect(compact(diagnostics)).toEqual([`data/unknown-license ${file('unknown-license')}:15:10`]);
    expect(diagnostics[0]!.message).toContain('did you mean "CC-BY-4.0"?');
  });

  test('http-link is a warning', () => {
    const diagnostics = check('http-link');
    expect(compact(diagnostics)).toEqual([`data/http-link ${file('http-link')}:13:13`]);
    expect(diagnostics[0]!.severity).toBe('warning');
  });

  test('id-mismatch', () => {
    expect(compact(check('id-mismatch'))).toEqual([`data/id-mismatch ${file('id-mismatch')}:2:5`]);
  });

  test('every diagnostic carries a rule id, a position and a message', () => {
    const names = ['malformed-yaml', 'wrong-types', 'unknown-key', 'unknown-enum-value', 'missing-required', 'non-utf8', 'empty'];
    for (const d of check(...names)) {
      expect(d.line).toBeGreaterThanOrEqual(1);
      expect(d.column).toBeGreaterThanOrEqual(1);
      expect(d.message.length).toBeGreaterThan(5);
      expect(d.message).not.toMatch(/\n|at .*\.ts:\d+/);
    }
  });
});
