/**
 * npm run export — dist/datasets.json (validated against data/export.schema.json),
 * dist/datasets.csv (RFC 4180) and dist/datasets.bib (BibTeX from paper links).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { diagnostic, hasErrors, START } from './core/diagnostic.ts';
import { exportObject, toBibtex, toCsv, toJson } from './core/export/formats.ts';
import { loadVocabularies } from './core/config.ts';
import { loadHome, repositoryFileUrl } from './core/home.ts';
import { compileSchema } from './core/schema.ts';
import { command, COMMON_OPTIONS, COMMON_USAGE, emit, formatOf } from './app/cli.ts';
import { assembleProject, removeLeftovers } from './app/project.ts';
import { writeChangedFiles } from './io/files.ts';
import { describeResult } from './pipeline.ts';

export const EXPORT_SCHEMA = 'data/export.schema.json';

const USAGE = `Usage: npm run export -- [options]

Writes dist/datasets.json, dist/datasets.csv and dist/datasets.bib from data/ (refuses while
the data has errors). Files are written only when their content changes.

Options:
${COMMON_USAGE}
`;

await command(USAGE, COMMON_OPTIONS, async (options) => {
  const format = formatOf(options.format);
  const notes = removeLeftovers(options.root);
  const { inputs, result } = await assembleProject(options.root);
  if (hasErrors(result.diagnostics)) {
    return emit({ command: 'export', diagnostics: result.diagnostics, checked: `${describeResult(result)}; nothing exported`, notes }, format);
  }
  const { vocabularies } = loadVocabularies(inputs.vocabularies);
  const datasets = result.records.map((r) => r.dataset);
  const home = loadHome(inputs.packageJson).home;
  const document = exportObject(datasets, vocabularies!, home && repositoryFileUrl(home, EXPORT_SCHEMA));
  const validate = compileSchema(JSON.parse(readFileSync(path.join(options.root, EXPORT_SCHEMA), 'utf8')));
  if (!validate(document)) {
    const problem = diagnostic('config/invalid', {
      file: EXPORT_SCHEMA,
      at: START,
      message: `the export does not match its published schema: ${validate.errors?.map((e) => `${e.instancePath} ${e.message}`).join('; ')}`,
      hint: 'update data/export.schema.json together with the export code',
    });
    return emit({ command: 'export', diagnostics: [problem], checked: 'nothing exported', notes }, format);
  }
  const files = [
    ['dist/datasets.json', toJson(document)],
    ['dist/datasets.csv', toCsv(datasets, vocabularies!)],
    ['dist/datasets.bib', toBibtex(datasets)],
  ] as const;
  const outcome = await writeChangedFiles(options.root, files.map(([file, content]) => ({ path: file, content })));
  return emit(
    { command: 'export', diagnostics: result.diagnostics, checked: `${datasets.length} datasets exported; ${outcome}`, notes },
    format,
  );
});
