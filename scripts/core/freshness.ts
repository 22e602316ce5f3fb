/**
 * Which datasets were verified longest ago: the weekly link job lists them, so the oldest facts
 * are read again first (issue 14). `npm run check` warns per file past 18 months (data/stale);
 * this ranks the whole catalog, dated or not.
 */
import { compareCodeUnits } from './diagnostic.ts';
import type { DatasetRecord } from './model.ts';

export interface StaleEntry {
  id: string;
  name: string;
  /** The data file, relative to the repository root. */
  file: string;
  /** YYYY-MM-DD; absent when the dataset was never verified. */
  lastVerified?: string;
}

export interface Stalest {
  /** At most n datasets, never verified first (by id), then the oldest `last_verified` first. */
  entries: StaleEntry[];
  /** The datasets ranked: every one not withdrawn. */
  datasets: number;
  neverVerified: number;
}

/**
 * The n datasets verified longest ago. A dataset never verified is staler than any date. A
 * withdrawn one is kept on record only, never verified again (as in data/stale), so not ranked.
 */
export function stalest(records: readonly DatasetRecord[], n: number): Stalest {
  const ranked = records
    .filter(({ dataset }) => dataset.status !== 'withdrawn')
    .map(({ dataset, source }): StaleEntry => ({ id: dataset.id, name: dataset.name, file: source.file, ...(dataset.lastVerified !== undefined ? { lastVerified: dataset.lastVerified } : {}) }))
    .sort((a, b) => compareCodeUnits(a.lastVerified ?? '', b.lastVerified ?? '') || compareCodeUnits(a.id, b.id));
  return { entries: ranked.slice(0, Math.max(0, n)), datasets: ranked.length, neverVerified: ranked.filter((e) => e.lastVerified === undefined).length };
}
