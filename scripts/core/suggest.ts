/** "Did you mean …?" — the nearest candidate by edit distance, when it is near enough to help. */
import { distance } from 'fastest-levenshtein';

/** Lower-case and drop everything but letters and digits: `X-Ray` ≈ `xray`, `BraTS 2021` ≈ `brats2021`. */
export function normalizeTerm(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * Returns the candidate closest to `value`, or undefined when none is within a distance that
 * still reads as a typo (a third of the word, at least 1 and at most 3 edits).
 */
export function closest(value: string, candidates: Iterable<string>): string | undefined {
  const wanted = normalizeTerm(value);
  if (wanted === '') return undefined;
  const limit = Math.min(3, Math.max(1, Math.floor(wanted.length / 3)));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(wanted, normalizeTerm(candidate));
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}
