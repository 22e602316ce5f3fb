import { distance } from 'fastest-levenshtein';
import { diagnostic, type Diagnostic } from '../../diagnostic.ts';
import { locate } from '../../load.ts';
import { normalizeTerm } from '../../suggest.ts';
import { placeOf, sameFamily, type RecordRule } from '../context.ts';

/** Shorter names differ legitimately by one character (KiTS19 / KiTS21 are two edits apart, but "LUNA" / "LUNG" one). */
const MIN_LENGTH = 6;

/**
 * One typo apart, outside a family: most likely the same dataset entered twice under a slightly
 * different name. Exact matches (ignoring case and punctuation) are data/duplicate-name.
 */
export const similarName: RecordRule = (records) => {
  const names = records.map((record) => ({ record, key: normalizeTerm(record.dataset.name) }));
  const diagnostics: Diagnostic[] = [];
  names.forEach(({ record, key }, i) => {
    if (key.length < MIN_LENGTH) return;
    for (const earlier of names.slice(0, i)) {
      if (earlier.key === key || Math.abs(earlier.key.length - key.length) > 1 || sameFamily(earlier.record, record)) continue;
      if (distance(earlier.key, key) !== 1) continue;
      const there = placeOf(earlier.record, locate(earlier.record.source, ['name']).line);
      diagnostics.push(
        diagnostic('data/similar-name', {
          file: record.source.file,
          at: locate(record.source, ['name']),
          message: `name "${record.dataset.name}" is one letter away from "${earlier.record.dataset.name}" (${there}); did you mean the existing entry "${earlier.record.dataset.id}"?`,
          hint: 'if these are versions of one dataset, give both the same `family`; if they are different datasets, ignore this warning',
        }),
      );
      return;
    }
  });
  return diagnostics;
};
