import { diagnostic, type Diagnostic } from '../../diagnostic.ts';
import { locate } from '../../load.ts';
import type { DatasetRecord } from '../../model.ts';
import { normalizeTerm } from '../../suggest.ts';
import { placeOf, type RecordRule } from '../context.ts';

/** Names and aliases compared without case and punctuation: `BraTS-2021` = `brats 2021`. */
export const duplicateName: RecordRule = (records) => {
  const owners = new Map<string, { record: DatasetRecord; path: (string | number)[] }>();
  const diagnostics: Diagnostic[] = [];
  for (const record of records) {
    const spellings = [
      { text: record.dataset.name, path: ['name'] as (string | number)[] },
      ...record.dataset.aliases.map((text, i) => ({ text, path: ['aliases', i] as (string | number)[] })),
    ];
    const mine = new Set<string>();
    for (const { text, path } of spellings) {
      const key = normalizeTerm(text);
      if (mine.has(key)) continue;
      mine.add(key);
      const earlier = owners.get(key);
      if (!earlier) {
        owners.set(key, { record, path });
        continue;
      }
      const there = placeOf(earlier.record, locate(earlier.record.source, earlier.path).line);
      diagnostics.push(
        diagnostic('data/duplicate-name', {
          file: record.source.file,
          at: locate(record.source, path),
          message: `"${text}" is also a name of ${earlier.record.dataset.name} (${there}); did you mean the existing entry "${earlier.record.dataset.id}"?`,
          hint: 'if this is a different dataset, make the name specific (add the year or version)',
        }),
      );
    }
  }
  return diagnostics;
};
