import { distance } from 'fastest-levenshtein';
import { diagnostic, type Diagnostic } from '../../diagnostic.ts';
import { locate } from '../../load.ts';
import { normalizeTerm } from '../../suggest.ts';
import type { DatasetRecord } from '../../model.ts';
import { conflict, didYouMeanExisting, placeOf, sameFamily, type Conflict, type RecordRule } from '../context.ts';
import { lookAlikeKey, spellingsOf, type Spelling } from './duplicate-name.ts';

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

/** `"LiTS"` for a name; `"Liver Tumor …", an alias of LiTS` for an alias. */
function describe(spelling: Spelling, known: boolean): string {
  if (spelling.path[0] === 'name') return `"${spelling.text}"${known ? ', already in the list' : ''}`;
  return `"${spelling.text}", an alias of ${spelling.record.dataset.name}${known ? ' already in the list' : ''}`;
}

/**
 * One typo apart, outside a family: most likely the same dataset entered twice under a slightly
 * different name. Every name and alias is compared with every other dataset's names and
 * aliases; exact matches (ignoring case and punctuation) are data/duplicate-name, so a pair
 * of datasets sharing a spelling is left to that rule. Candidates are found through an index
 * of one-character deletions (as in SymSpell), so the rule stays linear in the number of
 * spellings instead of comparing every pair.
 */
export const similarName: RecordRule = (records, context) => {
  const index = new Map<string, number[]>();
  const entries: { spelling: Spelling; key: string; owner: number }[] = [];
  const reported = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  records.forEach((record, owner) => {
    const keys = new Set<string>();
    for (const spelling of spellingsOf(record)) {
      const key = normalizeTerm(spelling.text);
      if (keys.has(key) || key.length < MIN_LENGTH) continue;
      keys.add(key);
      const probes = [key, ...deletions(key)];
      // Every pair one edit apart shares a probe, so each is found once: when its later spelling looks back.
      for (const probe of probes) {
        for (const j of index.get(probe) ?? []) {
          const near = entries[j]!;
          if (near.owner === owner || distance(near.key, key) !== 1) continue;
          const pair = `${near.owner} ${owner}`;
          if (reported.has(pair)) continue;
          const other = records[near.owner]!;
          if (sameFamily(other, record)) continue;
          reported.add(pair); // one warning per pair of datasets, for the first pair of spellings found
          if (shareASpelling(other, record)) continue;
          diagnostics.push(similarNameDiagnostic(conflict(other, record, context), near.spelling, spelling));
        }
      }
      const i = entries.push({ spelling, key, owner }) - 1;
      for (const probe of probes) {
        const list = index.get(probe);
        if (list) list.push(i);
        else index.set(probe, [i]);
      }
    }
  });
  return diagnostics;
};

/** Two datasets with one name in common, or two that look alike, are data/duplicate-name's business. */
function shareASpelling(a: DatasetRecord, b: DatasetRecord): boolean {
  const keys = new Set(spellingsOf(a).map((s) => lookAlikeKey(s.text)));
  return spellingsOf(b).some((s) => keys.has(lookAlikeKey(s.text)));
}

/** The warning for a pair of spellings one letter apart, on the blamed dataset's spelling. */
function similarNameDiagnostic(found: Conflict, a: Spelling, b: Spelling): Diagnostic {
  const [mine, theirs] = found.blamed === a.record ? [a, b] : [b, a];
  const there = placeOf(found.other, locate(found.other.source, theirs.path).line);
  return diagnostic('data/similar-name', {
    file: found.blamed.source.file,
    at: locate(found.blamed.source, mine.path),
    message: `${mine.path[0] === 'name' ? 'name' : 'alias'} "${mine.text}" is one letter away from ${describe(theirs, found.otherIsExisting)} (${there})${didYouMeanExisting(found)}`,
    hint: 'if these are versions of one dataset, give both the same `family`; if they are different datasets, ignore this warning',
  });
}
