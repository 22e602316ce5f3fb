import { codePoint, scriptOf, skeleton } from '../../confusable.ts';
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

/**
 * What a spelling looks like: its UTS #39 skeleton, without case and punctuation. Spellings that
 * are equal without case and punctuation look alike; so do `АСDС` (Cyrillic) and `ACDC`.
 */
export function lookAlikeKey(text: string): string {
  return normalizeTerm(skeleton(normalizeTerm(text)));
}

/**
 * Names and aliases compared without case and punctuation (`BraTS-2021` = `brats 2021`), and by
 * how they look (`АСDС` in Cyrillic = `ACDC`): two datasets may not share either.
 */
export const duplicateName: RecordRule = (records, context) => {
  const owners = new Map<string, Spelling[]>();
  for (const record of records) {
    const mine = new Set<string>();
    for (const spelling of spellingsOf(record)) {
      const key = lookAlikeKey(spelling.text);
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
      const sameSpelling = normalizeTerm(mine.text) === normalizeTerm(theirs.text);
      const already = found.otherIsExisting ? `is already in the list as a name of` : `is also a name of`;
      diagnostics.push(
        diagnostic('data/duplicate-name', {
          file: found.blamed.source.file,
          at: locate(found.blamed.source, mine.path),
          message: sameSpelling
            ? `"${mine.text}" ${already} ${found.other.dataset.name} (${there})${didYouMeanExisting(found)}`
            : `"${mine.text}" looks like "${theirs.text}", a name of ${found.other.dataset.name} (${there}), but is written with other characters: ${otherCharacters(mine.text, theirs.text)}${didYouMeanExisting(found)}`,
          hint: sameSpelling
            ? 'if this is a different dataset, make the name specific (add the year or version)'
            : 'retype the name in plain letters of one script; if this is a different dataset, make the name specific (add the year or version)',
        }),
      );
    }
  }
  return diagnostics;
};

/** `U+0410 А (Cyrillic), U+0421 С (Cyrillic) where "ACDC" has U+0041 A (Latin), U+0043 C (Latin)` */
function otherCharacters(mine: string, theirs: string): string {
  // Case, spaces and punctuation are not compared (normalizeTerm), so they are not named either.
  const only = (a: string, b: string) => [...new Set(a)].filter((char) => !b.toLowerCase().includes(char.toLowerCase()) && !/[\s\p{P}]/u.test(char));
  const describe = (chars: string[]) =>
    chars.map((char) => `${codePoint(char)}${/[\p{L}\p{N}]/u.test(char) ? ` ${char}` : ''}${scriptOf(char) ? ` (${scriptOf(char)})` : ''}`).join(', ');
  const extra = only(mine, theirs);
  const missing = only(theirs, mine);
  return `${describe(extra) || 'none of its own'}${missing.length > 0 ? ` where "${theirs}" has ${describe(missing)}` : ''}`;
}
