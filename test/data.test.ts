/** The real catalog: every data file validates and README.md is what the data produces. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { LAYOUT } from '../scripts/io/files.ts';
import { assemble, staleFiles } from '../scripts/pipeline.ts';
import { ROOT, realInputs } from './helpers.ts';

describe('the real catalog', () => {
  const result = assemble(realInputs());

  test('every data file validates; the only warning is the one http: link no source gives as https', () => {
    expect(result.diagnostics.map((d) => `${d.ruleId} ${d.file}`)).toEqual(['data/http-link data/datasets/jsrt.yaml']);
    const files = readdirSync(path.join(ROOT, LAYOUT.datasets)).filter((f) => f.endsWith('.yaml'));
    expect(result.records).toHaveLength(files.length);
  });

  test('README.md, the schema, docs/rules.md and the issue form are up to date', () => {
    expect(result.generated.map((g) => g.path).sort()).toEqual([LAYOUT.schema, LAYOUT.readme, LAYOUT.rulesDoc, LAYOUT.issueForm].sort());
    expect(staleFiles(result.generated)).toEqual([]);
  });

  test('every data file starts with the schema line for editors', () => {
    for (const record of result.records) {
      expect(record.source.text.split('\n')[0]).toBe('# yaml-language-server: $schema=../dataset.schema.json');
    }
  });

  test('the schema on disk lists exactly the vocabulary terms', () => {
    const schema = JSON.parse(readFileSync(path.join(ROOT, LAYOUT.schema), 'utf8'));
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$defs.organ.enum).toContain('brain');
    expect(schema.$defs.modality.enum).toContain('MRI');
  });
});

test('data/dataset.schema.json is a valid JSON Schema 2020-12 document', async () => {
  const { createAjv } = await import('../scripts/core/schema.ts');
  const schema = JSON.parse(readFileSync(path.join(ROOT, LAYOUT.schema), 'utf8'));
  const ajv = createAjv({ validateSchema: true });
  expect(ajv.validateSchema(schema), JSON.stringify(ajv.errors)).toBe(true);
  expect(() => ajv.compile(schema)).not.toThrow();
});
