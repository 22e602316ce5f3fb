import { createHash } from 'node:crypto';
import { diagnostic, type Diagnostic } from '../../diagnostic.ts';
import { canonicalize, canonicalOfValue, type FormatOrder } from '../../format.ts';
import type { DatasetRecord } from '../../model.ts';
import type { Vocabularies } from '../../vocabulary.ts';

/**
 * Remembers which texts are already canonical, across runs (formatting costs about a
 * millisecond per file; a catalog of thousands would pay seconds on every check).
 */
export interface FormatVerdicts {
  has(key: string): boolean;
  add(key: string): void;
}

export function formatKey(signature: string, text: string): string {
  return createHash('sha256').update(signature).update('\0').update(text).digest('base64url').slice(0, 22);
}

/** Not a RecordRule: it needs the schema's key order and a verdict cache, which the pipeline passes. */
export function unformatted(
  records: readonly DatasetRecord[],
  order: FormatOrder,
  vocabularies: Vocabularies,
  signature: string,
  verdicts: FormatVerdicts,
): Diagnostic[] {
  return records.flatMap(({ source }) => {
    const key = formatKey(signature, source.text);
    if (source.canonical) {
      verdicts.add(key); // proved while loading (load.ts): remembered for runs that take the file from the valid cache
      return [];
    }
    if (verdicts.has(key)) return [];
    // Most files are the canonical text of their own value, which is quick to write (see format.ts).
    if (canonicalOfValue(source.value, order, vocabularies) === source.text) {
      verdicts.add(key);
      return [];
    }
    const result = canonicalize(source.text, order, vocabularies, { verify: false }); // nothing is written here
    if (!result.ok) return [];
    if (result.text === source.text) {
      verdicts.add(key);
      return [];
    }
    const before = source.text.split('\n');
    const after = result.text.split('\n');
    let line = 0;
    while (line < before.length && before[line] === after[line]) line++;
    return [
      diagnostic('data/unformatted', {
        file: source.file,
        at: { line: line + 1, column: 1 },
        message: `the file is not in canonical form (first difference: line ${line + 1})`,
        hint: `run \`npm run fix\`; it would write: ${JSON.stringify(after[line] ?? '')}`,
      }),
    ];
  });
}
