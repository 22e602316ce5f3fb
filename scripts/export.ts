/**
 * npm run export — dist/datasets.json (validated against data/export.schema.json),
 * dist/datasets.csv (RFC 4180) and dist/datasets.bib (BibTeX from paper links).
 */
import { hasErrors } from './core/diagnostic.ts';
import { loadVocabularies } from './core/config.ts';
import { loadHome } from './core/home.ts';
import { command, COMMON_OPTIONS, COMMON_USAGE, emit, formatOf } from './app/cli.ts';
import { exportFiles } from './app/exports.ts';
import { assembleProject, removeLeftovers } from './app/project.ts';
import { writeChangedFiles } from './io/files.ts';
import { describeResult } from './pipeline.ts';

const USAGE = `Usage: npm run export -- [options]

Writes dist/datasets.json, dist/datasets.csv and dist/datasets.bib from data/ (refuses while
the data has errors). Files are written only when their content changes.

Options:
${COMMON_USAGE}
`;

await command(USAGE, COMMON_OPTIONS, async (options) => {
  const format = formatOf(options.format);
  const notes = removeLeftovers(options.root);
  const { inputs, result } = await assembleProject(options.root, { recordsOnly: true });
  if (hasErrors(result.diagnostics)) {
    return emit({ command: 'export', diagnostics: result.diagnostics, checked: `${describeResult(result)}; nothing exported`, notes }, format);
  }
  const { vocabularies } = loadVocabularies(inputs.vocabularies);
  const datasets = result.records.map((r) => r.dataset);
  const exported = exportFiles(options.root, datasets, vocabularies!, loadHome(inputs.packageJson).home);
  if (exported.problem) return emit({ command: 'export', diagnostics: [exported.problem], checked: 'nothing exported', notes }, format);
  const outcome = await writeChangedFiles(options.root, exported.files.map(({ name, content }) => ({ path: `dist/${name}`, content })));
  return emit(
    { command: 'export', diagnostics: result.diagnostics, checked: `${datasets.length} datasets exported; ${outcome}`, notes },
    format,
  );
});
