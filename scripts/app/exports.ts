/**
 * The catalog exports as files: what `npm run export` writes to dist/ and `npm run site` publishes
 * beside the pages. The JSON is validated against its published schema first; a mismatch is a
 * diagnostic, and then nothing is exported.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { diagnostic, START, type Diagnostic } from '../core/diagnostic.ts';
import { exportObject, toBibtex, toCsv, toJson } from '../core/export/formats.ts';
import { repositoryFileUrl, type ExportFile, type Home } from '../core/home.ts';
import type { Dataset } from '../core/model.ts';
import { compileSchema } from '../core/schema.ts';
import type { Vocabularies } from '../core/vocabulary.ts';

export const EXPORT_SCHEMA = 'data/export.schema.json';

export type ExportFiles = { files: { name: ExportFile; content: string }[]; problem?: undefined } | { files?: undefined; problem: Diagnostic };

export function exportFiles(root: string, datasets: readonly Dataset[], vocabularies: Vocabularies, home: Home | undefined): ExportFiles {
  const document = exportObject(datasets, vocabularies, home && repositoryFileUrl(home, EXPORT_SCHEMA));
  const validate = compileSchema(JSON.parse(readFileSync(path.join(root, EXPORT_SCHEMA), 'utf8')));
  if (!validate(document)) {
    const problem = diagnostic('config/invalid', {
      file: EXPORT_SCHEMA,
      at: START,
      message: `the export does not match its published schema: ${validate.errors?.map((e) => `${e.instancePath} ${e.message}`).join('; ')}`,
      hint: 'update data/export.schema.json together with the export code',
    });
    return { problem };
  }
  return {
    files: [
      { name: 'datasets.json', content: toJson(document) },
      { name: 'datasets.csv', content: toCsv(datasets, vocabularies) },
      { name: 'datasets.bib', content: toBibtex(datasets) },
    ],
  };
}
