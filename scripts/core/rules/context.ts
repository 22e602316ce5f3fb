import type { SectionPlan } from '../config.ts';
import { compareCodeUnits, type Diagnostic } from '../diagnostic.ts';
import type { DatasetRecord } from '../model.ts';
import type { Vocabularies } from '../vocabulary.ts';
import type { RuleConfig } from './config.ts';

/** What a cross-record rule may look at. */
export interface RuleContext {
  vocabularies: Vocabularies;
  plan: SectionPlan;
  config: RuleConfig;
  /**
   * Data files added or changed relative to the base (git), or undefined when that is not
   * known. Asked for only when two records conflict or a value lacks its source, so a clean
   * catalog never pays for it.
   */
  changedFiles: () => ReadonlySet<string> | undefined;
  /** The clock the date rules read (future source dates, stale verification); tests pass their own. */
  now: Date;
}

/** Members of one family may share names' stems, links and papers. */
export function sameFamily(a: DatasetRecord, b: DatasetRecord): boolean {
  return a.dataset.family !== undefined && a.dataset.family === b.dataset.family;
}

/** A rule over the whole catalog: pure, returns its findings. */
export type RecordRule = (records: readonly DatasetRecord[], context: RuleContext) => Diagnostic[];

/** `data/datasets/x.yaml:12` — how messages refer to another place. */
export function placeOf(record: DatasetRecord, line: number): string {
  return `${record.source.file}:${line}`;
}

/** Two records in conflict: the one whose file gets the diagnostic, and the one it names. */
export interface Conflict {
  blamed: DatasetRecord;
  other: DatasetRecord;
  /** The other entry is known to be older (only the blamed file changed), so "already in the list" is true. */
  otherIsExisting: boolean;
}

/**
 * Which of two conflicting records to blame: the one the change adds or edits, when exactly
 * one of them is changed; otherwise (both, neither, no git information) the one whose id sorts
 * later — an order that does not depend on which file was read first.
 */
export function conflict(a: DatasetRecord, b: DatasetRecord, context: Pick<RuleContext, 'changedFiles'>): Conflict {
  const changed = context.changedFiles();
  const aChanged = changed?.has(a.source.file) ?? false;
  const bChanged = changed?.has(b.source.file) ?? false;
  if (aChanged !== bChanged) return aChanged ? { blamed: a, other: b, otherIsExisting: true } : { blamed: b, other: a, otherIsExisting: true };
  const aLater = (compareCodeUnits(a.dataset.id, b.dataset.id) || compareCodeUnits(a.source.file, b.source.file)) > 0;
  return aLater ? { blamed: a, other: b, otherIsExisting: false } : { blamed: b, other: a, otherIsExisting: false };
}

/**
 * Of several records sharing one value, the one the others are reported against: the record
 * that `conflict` would never blame (an unchanged one if any, else the earliest id).
 */
export function firstOwner<T extends { record: DatasetRecord }>(owners: readonly T[], context: Pick<RuleContext, 'changedFiles'>): T {
  return owners.reduce((kept, next) => (conflict(kept.record, next.record, context).blamed === kept.record ? next : kept));
}

/** The end of a message when the other entry is known to be older: `; did you mean the existing entry "x"?`. */
export function didYouMeanExisting(found: Conflict): string {
  return found.otherIsExisting ? `; did you mean the existing entry "${found.other.dataset.id}"?` : '';
}
