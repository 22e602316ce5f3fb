import { diagnostic, type Diagnostic } from '../../diagnostic.ts';
import { locate } from '../../load.ts';
import type { DatasetRecord } from '../../model.ts';
import { normalizeTerm } from '../../suggest.ts';
import { conflict, didYouMeanExisting, firstOwner, placeOf, type RecordRule } from '../context.ts';

/** A name or an alias of a dataset, with where it is written. */
export interface Spelling {
  record: DatasetRecord;
  text: string;
  path: (string | number)[];
}

/** The name and the aliases of a dataset. */
export function spellingsOf(record: DatasetRecord): Spelling[] {
  return [
    { record, text: record.dataset.name, path: ['name'] },
    ...record.dataset.aliases.map((text, i) => ({ record, text, path: ['aliases', i] })),
  ];
}

/** Names and aliases compared without case and punctuation: `BraTS-2021` = `brats 2021`. */
export const duplicateName: RecordRule = (records, context) => {
  const owners = new Map<string, Spelling[]>();
  for (const record of records) {
    const mine = new Set<string>();
    for (const spelling of spellingsOf(record)) {
      const key = normalizeTerm(spelling.text);
      if (mine.has(key)) continue;
      mine.add(key);
      const list = owners.get(key);
      if (list) list.push(spelling);
      else owners.set(key, [spelling]);
    }
  }
  const diagnostics: Diagnostic[] = [];
  for (const list of owners.values()) {
    if (list.length < 2) continue;
    const owner = firstOwner(list, context);
    for (const spelling of list) {
      if (spelling === owner) continue;
      const found = conflict(owner.record, spelling.record, context);
      const [mine, theirs] = found.blamed === spelling.record ? [spelling, owner] : [owner, spelling];
      const there = placeOf(found.other, locate(found.other.source, theirs.path).line);
      diagnostics.push(
        diagnostic('data/duplicate-name', {
          file: found.blamed.source.file,
          at: locate(found.blamed.source, mine.path),
          message: found.otherIsExisting
            ? `"${mine.text}" is already in the list as a name of ${found.other.dataset.name} (${there})${didYouMeanExisting(found)}`
            : `"${mine.text}" is also a name of ${found.other.dataset.name} (${there})`,
          hint: 'if this is a different dataset, make the name specific (add the year or version)',
        }),
      );
    }
  }
  return diagnostics;
};
