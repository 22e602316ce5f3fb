/**
 * The generated files as a toolchain property, on a copy of the project in memory: building
 * twice changes nothing, and the schema lists exactly the vocabulary terms. Whether the live
 * README matches the live data is `npm run check`'s business, not the test suite's: a data-only
 * pull request leaves README.md to be regenerated after merge, and `npm test` must still pass.
 */
import { describe, expect, test } from 'vitest';
import { loadVocabularies } from '../scripts/core/config.ts';
import { LAYOUT } from '../scripts/io/files.ts';
import { assemble, pendingRegeneration, staleFiles, type Inputs } from '../scripts/pipeline.ts';
import { inputsWith, realInputs, source, validDataset } from './helpers.ts';

/** The inputs with every generated file replaced by what the data produces: `npm run build`, in memory. */
function built(inputs: Inputs): Inputs {
  const { generated } = assemble(inputs);
  const text = (path: string) => generated.find((g) => g.path === path)!.expected;
  return {
    ...inputs,
    readme: source(LAYOUT.readme, text(LAYOUT.readme)),
    schema: source(LAYOUT.schema, text(LAYOUT.schema)),
    rulesDoc: source(LAYOUT.rulesDoc, text(LAYOUT.rulesDoc)),
    issueForm: source(LAYOUT.issueForm, text(LAYOUT.issueForm)),
    issueConfig: source(LAYOUT.issueConfig, text(LAYOUT.issueConfig)),
  };
}

describe('generated files', () => {
  test('the data implies README.md, the schema, docs/rules.md, the issue form and the issue chooser', () => {
    expect(assemble(realInputs()).generated.map((g) => g.path).sort()).toEqual([LAYOUT.schema, LAYOUT.readme, LAYOUT.rulesDoc, LAYOUT.issueForm, LAYOUT.issueConfig].sort());
  });

  test('after a build nothing is stale, and a second build changes nothing', () => {
    const once = built(realInputs());
    const result = assemble(once);
    expect(staleFiles(result.generated)).toEqual([]);
    expect(pendingRegeneration(result.generated)).toBeUndefined();
    expect(built(once)).toEqual(once);
  });

  test('a new data file without a build is news, not an error: one line naming what will be regenerated', () => {
    const base = built(inputsWith({ 'zebra-atlas': validDataset('zebra-atlas') }));
    const withNew = { ...base, datasets: [...base.datasets, ...inputsWith({ 'yak-atlas': validDataset('yak-atlas') }).datasets] };
    const result = assemble(withNew);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(pendingRegeneration(result.generated)).toBe('README.md will be regenerated from data/ after merge (`npm run build` previews it)');
    const stale = staleFiles(result.generated);
    expect(stale.map((d) => `${d.ruleId} ${d.file}:${d.line}`)).toEqual([expect.stringMatching(/^readme\/stale README\.md:\d+$/)]);
    expect(stale[0]!.detail).toMatch(/^\+\| \*\*\[Dataset yak-atlas\]\(https:\/\/example\.org\/yak-atlas\)\*\* \(2020\) +\|/m);
  });

  test('several stale files are named in one line', () => {
    const inputs = realInputs();
    const result = assemble({ ...inputs, rulesDoc: undefined, issueForm: undefined });
    expect(pendingRegeneration(result.generated.filter((g) => g.path === LAYOUT.rulesDoc || g.path === LAYOUT.issueForm))).toBe(
      'docs/rules.md and .github/ISSUE_TEMPLATE/add-dataset.yml will be regenerated from data/ after merge (`npm run build` previews them)',
    );
  });

  test('the generated schema lists exactly the vocabulary terms, in vocabulary order', () => {
    const inputs = realInputs();
    const vocabularies = loadVocabularies(inputs.vocabularies).vocabularies!;
    const schemaText = assemble(inputs).generated.find((g) => g.path === LAYOUT.schema)!.expected;
    const schema = JSON.parse(schemaText) as { $schema: string; $defs: Record<string, { enum: string[] }> };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    for (const name of ['organ', 'task', 'modality', 'access'] as const) {
      expect(schema.$defs[name]!.enum, name).toEqual([...vocabularies[name].terms.keys()]);
    }
  });
});

test('the generated dataset schema is a valid JSON Schema 2020-12 document', async () => {
  const { createAjv } = await import('../scripts/core/schema.ts');
  const schema = JSON.parse(assemble(realInputs()).generated.find((g) => g.path === LAYOUT.schema)!.expected);
  const ajv = createAjv({ validateSchema: true });
  expect(ajv.validateSchema(schema), JSON.stringify(ajv.errors)).toBe(true);
  expect(() => ajv.compile(schema)).not.toThrow();
});
