import { distance } from 'fastest-levenshtein';
import { diagnostic, type Diagnostic } from '../../diagnostic.ts';
import { locate } from '../../load.ts';
import { normalizeTerm } from '../../suggest.ts';
import { placeOf, sameFamily, type RecordRule } from '../context.ts';

/** Shorter names differ legitimately by one character (KiTS19 / KiTS21 are two edits apart, but "LUNA" / "LUNG" one). */
const MIN_LENGTH = 6;

/**
 * The string with each single character removed: two strings one edit apart share one of these.
 * Works on UTF-16 units for speed; a letter outside the BMP only makes a near match less likely.
 */
function deletions(key: string): string[] {
  const result = new Array<string>(key.length);
  for (let i = 0; i < key.length; i++) result[i] = key.slice(0, i) + key.slice(i + 1);
  return result;
}

/**
 * One typo apart, outside a family: most likely the same dataset entered twice under a slightly
 * different name. Exact matches (ignoring case and punctuation) are data/duplicate-name.
 * Candidates are found through an index of one-character deletions (as in SymSpell), so the
 * rule stays linear in the number of datasets instead of comparing every pair.
 */
export const similarName: RecordRule = (records) => {
  const index = new Map<string, number[]>();
  const keys = records.map((record) => normalizeTerm(record.dataset.name));
  const diagnostics: Diagnostic[] = [];
  keys.forEach((key, i) => {
    const record = records[i]!;
    const probes = [key, ...deletions(key)];
    if (key.length >= MIN_LENGTH) {
      // The earliest dataset one edit away (outside this one's family) is the one to name.
      let match: number | undefined;
      for (const probe of probes) {
        for (const j of index.get(probe) ?? []) {
          if (match !== undefined && j >= match) break;
          if (keys[j] !== key && !sameFamily(records[j]!, record) && distance(keys[j]!, key) === 1) match = j;
        }
      }
      if (match !== undefined) {
        const earlier = records[match]!;
        const there = placeOf(earlier, locate(earlier.source, ['name']).line);
        diagnostics.push(
          diagnostic('data/similar-name', {
            file: record.source.file,
            at: locate(record.source, ['name']),
            message: `name "${record.dataset.name}" is one letter away from "${earlier.dataset.name}" (${there}); did you mean the existing entry "${earlier.dataset.id}"?`,
            hint: 'if these are versions of one dataset, give both the same `family`; if they are different datasets, ignore this warning',
          }),
        );
      }
    }
    for (const probe of probes) {
      const list = index.get(probe);
      if (list) list.push(i);
      else index.set(probe, [i]);
    }
  });
  return diagnostics;
};
