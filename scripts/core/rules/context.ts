import type { SectionPlan } from '../config.ts';
import type { Diagnostic } from '../diagnostic.ts';
import type { DatasetRecord } from '../model.ts';
import type { Vocabularies } from '../vocabulary.ts';
import type { RuleConfig } from './config.ts';

/** What a cross-record rule may look at. */
export interface RuleContext {
  vocabularies: Vocabularies;
  plan: SectionPlan;
  config: RuleConfig;
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
