/**
 * npm run fix — rewrite data files into canonical form (see core/format.ts): comments kept,
 * values never changed, atomic writes, and a second run changes nothing.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadVocabularies, schemaWithVocabularies } from './core/config.ts';
import { diagnostic, START, type Diagnostic } from './core/diagnostic.ts';
import { canonicalize, formatOrder } from './core/format.ts';
import { command, COMMON_OPTIONS, COMMON_USAGE, emit, formatOf, UsageError } from './app/cli.ts';
import { LAYOUT, readDatasetSources, readSource, writeFileAtomic } from './io/files.ts';

const USAGE = `Usage: npm run fix -- [options] [files…]

Rewrites data/datasets/*.yaml (or the files given) into canonical form: the schema line first,
keys in schema order, vocabulary lists in vocabulary order (the first organ stays first), short
lists in flow style, long prose folded. Comments are kept and no value ever changes.

Options:
  --check          only list the files that are not canonical (exit 1 if any)
${COMMON_USAGE}
`;

await command(USAGE, { ...COMMON_OPTIONS, check: { type: 'boolean', default: false } }, async (values, positionals) => {
  const format = formatOf(values.format);
  const { vocabularies, diagnostics: vocabProblems } = loadVocabularies(readSource(values.root, LAYOUT.vocabularies));
  if (!vocabularies) return emit({ command: 'fix', diagnostics: vocabProblems, checked: 'nothing fixed' }, format);
  const schema = schemaWithVocabularies(readSource(values.root, LAYOUT.schema), vocabularies);
  if (!schema.schema) return emit({ command: 'fix', diagnostics: schema.diagnostics, checked: 'nothing fixed' }, format);
  const order = formatOrder(schema.schema);

  const files = positionals.length > 0 ? positionals.map((f) => path.relative(values.root, path.resolve(values.root, f)).split(path.sep).join('/')) : readDatasetSources(values.root).map((d) => d.path);
  const diagnostics: Diagnostic[] = [];
  const changed: string[] = [];
  for (const file of files) {
    if (!file.endsWith('.yaml')) throw new UsageError(`${file} is not a .yaml data file`);
    const text = readFileSync(path.join(values.root, file), 'utf8');
    const result = canonicalize(text, order, vocabularies);
    if (!result.ok) {
      diagnostics.push(diagnostic('data/unformatted', { file, at: START, message: `not rewritten: ${result.reason}`, hint: 'run `npm run check` to see what is wrong' }));
      continue;
    }
    if (result.text === text) continue;
    changed.push(file);
    if (values.check) {
      diagnostics.push(diagnostic('data/unformatted', { file, at: START, message: 'the file is not in canonical form', hint: 'run `npm run fix`' }));
    } else {
      await writeFileAtomic(path.join(values.root, file), result.text);
    }
  }
  const verb = values.check ? 'would rewrite' : 'rewrote';
  const report = { command: 'fix', diagnostics, checked: `${files.length} files; ${changed.length ? `${verb} ${changed.length}: ${changed.join(', ')}` : 'all already canonical'}` };
  const code = await emit(report, format);
  return values.check && changed.length > 0 ? 1 : code;
}, true);
