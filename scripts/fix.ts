/**
 * npm run fix — rewrite data files into canonical form (see core/format.ts): comments kept,
 * values never changed, atomic writes, and a second run changes nothing.
 */
import path from 'node:path';
import { loadVocabularies, schemaWithVocabularies } from './core/config.ts';
import { diagnostic, hasErrors, sortDiagnostics, START, type Diagnostic } from './core/diagnostic.ts';
import { canonicalize, formatOrder } from './core/format.ts';
import { loadYaml } from './core/load.ts';
import { command, COMMON_OPTIONS, COMMON_USAGE, emit, formatOf, UsageError } from './app/cli.ts';
import { removeLeftovers } from './app/project.ts';
import { LAYOUT, listDataFiles, readDataFile, readSource, writeFileAtomic, type DataFileRead } from './io/files.ts';

const USAGE = `Usage: npm run fix -- [options] [files…]

Rewrites data/datasets/*.yaml (or the files given) into canonical form: the schema line first,
keys in schema order, vocabulary lists in vocabulary order (the first organ stays first), short
lists in flow style, long prose folded. Comments are kept and no value ever changes. A file that
cannot be read as data (not UTF-8, not valid YAML, too large) is reported and left as it is.

Options:
  --check          only list the files that are not canonical (exit 1 if any)
${COMMON_USAGE}
`;

/** The data files to fix, read through the one safe reader: the files given, or the whole folder. */
function readTargets(root: string, positionals: readonly string[]): { reads: DataFileRead[]; skipped: Diagnostic[] } {
  const { files, skipped } = positionals.length > 0 ? { files: positionals.map((f) => path.relative(root, path.resolve(root, f)).split(path.sep).join('/')), skipped: [] } : listDataFiles(root);
  for (const file of files) if (!file.endsWith('.yaml')) throw new UsageError(`${file} is not a .yaml data file`);
  return { reads: files.map((file) => readDataFile(root, file)), skipped };
}

await command(USAGE, { ...COMMON_OPTIONS, check: { type: 'boolean', default: false } }, async (values, positionals) => {
  const format = formatOf(values.format);
  const { vocabularies, diagnostics: vocabProblems } = loadVocabularies(readSource(values.root, LAYOUT.vocabularies));
  if (!vocabularies) return emit({ command: 'fix', diagnostics: vocabProblems, checked: 'nothing fixed' }, format);
  const schema = schemaWithVocabularies(readSource(values.root, LAYOUT.schema), vocabularies);
  if (!schema.schema) return emit({ command: 'fix', diagnostics: schema.diagnostics, checked: 'nothing fixed' }, format);
  const order = formatOrder(schema.schema);

  const notes = values.check ? [] : removeLeftovers(values.root);
  const { reads, skipped } = readTargets(values.root, positionals);
  const diagnostics: Diagnostic[] = [...skipped];
  const changed: string[] = [];
  for (const read of reads) {
    if (!read.source) {
      diagnostics.push(read.refused);
      continue;
    }
    const file = read.source.path;
    // The reading stage of check, the same code: a file check cannot read as data (not UTF-8,
    // an alias bomb, a syntax error) is reported as check reports it, and never rewritten.
    const { loaded, diagnostics: loadProblems } = loadYaml(read.source);
    if (!loaded || hasErrors(loadProblems)) {
      diagnostics.push(...loadProblems);
      continue;
    }
    const result = canonicalize(loaded.text, order, vocabularies);
    if (!result.ok) {
      diagnostics.push(diagnostic('data/unformatted', { file, at: START, message: `not rewritten: ${result.reason}`, hint: 'run `npm run check` to see what is wrong' }));
      continue;
    }
    // Bytes, not decoded text: a byte-order mark or CRLF line ends make a file non-canonical too.
    if (Buffer.from(result.text).equals(read.source.bytes)) continue;
    changed.push(file);
    if (values.check) {
      diagnostics.push(diagnostic('data/unformatted', { file, at: START, message: 'the file is not in canonical form', hint: 'run `npm run fix`' }));
    } else {
      await writeFileAtomic(read.file, result.text);
    }
  }
  const verb = values.check ? 'would rewrite' : 'rewrote';
  const report = { command: 'fix', diagnostics: sortDiagnostics(diagnostics), checked: `${reads.length} files; ${changed.length ? `${verb} ${changed.length}: ${changed.join(', ')}` : 'all already canonical'}`, notes };
  const code = await emit(report, format);
  return values.check && changed.length > 0 ? 1 : code;
}, true);
