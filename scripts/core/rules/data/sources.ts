/**
 * Provenance: every licence and access value names the page it comes from, the pages are dated
 * no later than today, and the facts are read again before they grow old.
 */
import { diagnostic, type Diagnostic } from '../../diagnostic.ts';
import { locate } from '../../load.ts';
import type { Dataset, DatasetRecord, SourcedField } from '../../model.ts';
import type { RecordRule, RuleContext } from '../context.ts';

/** The fields whose every value must come with a source (other than `unknown`, "not checked"). */
const SOURCED_TERMS = ['license', 'access'] as const;

function hasValue(dataset: Dataset, field: (typeof SOURCED_TERMS)[number]): boolean {
  return field === 'license' ? dataset.license.kind !== 'unknown' : dataset.access !== 'unknown';
}

/** The licence and access fields of a dataset that hold a value no source supports. */
function unsourcedFields(dataset: Dataset): (typeof SOURCED_TERMS)[number][] {
  const supported = new Set(dataset.sources.flatMap((s) => s.supports));
  return SOURCED_TERMS.filter((field) => hasValue(dataset, field) && !supported.has(field));
}

/**
 * A licence or access value without a source supporting it, in a file a change adds or edits.
 * The catalog is being traced: the untouched files are not reported one by one (on every pull
 * request that would be dozens of annotations nobody asked for) but counted in one note of
 * `npm run check` (unsourcedValues). Without git information nothing is known to be changed.
 */
export const unsourcedFact: RecordRule = (records, context) =>
  // Git is asked only when some value lacks a source: a fully traced catalog never pays for it.
  records.filter((record) => unsourcedFields(record.dataset).length > 0 && isChanged(record, context)).flatMap(({ dataset, source }) =>
    unsourcedFields(dataset).map((field) =>
      diagnostic('data/unsourced-fact', {
        file: source.file,
        at: locate(source, [field]),
        message: `${field} is set but no entry of sources supports it`,
        hint: `add to sources the page that states it: {url: <the page>, supports: [${field}], checked: YYYY-MM-DD, note: <where on the page>}; or set ${field}: unknown if no page was read`,
      }),
    ),
  );

/** How many licence and access values of the catalog still lack a source, and in how many files. */
export function unsourcedValues(records: readonly DatasetRecord[]): { values: number; files: number } {
  const counts = records.map((r) => unsourcedFields(r.dataset).length);
  return { values: counts.reduce((a, b) => a + b, 0), files: counts.filter((n) => n > 0).length };
}

function isChanged(record: DatasetRecord, context: Pick<RuleContext, 'changedFiles'>): boolean {
  return context.changedFiles()?.has(record.source.file) ?? false;
}

/** Whether a data file has the field a source claims to support. */
function hasField(dataset: Dataset, field: SourcedField): boolean {
  switch (field) {
    case 'homepage':
    case 'download':
    case 'paper':
    case 'code':
      return dataset.links[field] !== undefined;
    case 'year':
      return dataset.year !== undefined;
    case 'aliases':
      return dataset.aliases.length > 0;
    case 'license':
      return dataset.license.kind !== 'unknown';
    case 'access':
      return dataset.access !== 'unknown';
    default:
      return true; // required by the schema, or `status` (active by default)
  }
}

/** A source may only support what the file states: `code` without a code link supports nothing. */
export const sourceField: RecordRule = (records) =>
  records.flatMap(({ dataset, source }) =>
    dataset.sources.flatMap((entry, i) =>
      entry.supports.flatMap((field, j): Diagnostic[] =>
        hasField(dataset, field)
          ? []
          : [
              diagnostic('data/source-field', {
                file: source.file,
                at: locate(source, ['sources', i, 'supports', j]),
                message: `sources[${i}] supports ${field}, but this file ${field === 'license' || field === 'access' ? `has ${field}: unknown (not checked)` : `has no ${field}`}`,
                hint: `remove ${field} from supports, or add the ${field} the page states`,
              }),
            ],
      ),
    ),
  );

/** YYYY-MM-DD of a moment, in UTC. */
const isoDate = (moment: Date) => moment.toISOString().slice(0, 10);

/**
 * The latest date anywhere on Earth now (UTC+14): a page read this morning in Kiribati is not
 * "in the future" for a check run in UTC.
 */
const latestDateNow = (now: Date) => isoDate(new Date(now.getTime() + 14 * 3600_000));

export const sourceDate: RecordRule = (records, context) => {
  const latest = latestDateNow(context.now);
  return records.flatMap(({ dataset, source }) =>
    dataset.sources.flatMap((entry, i): Diagnostic[] =>
      entry.checked <= latest
        ? []
        : [
            diagnostic('data/source-date', {
              file: source.file,
              at: locate(source, ['sources', i, 'checked']),
              message: `sources[${i}] checked ${entry.checked} is in the future (today is ${isoDate(context.now)})`,
              hint: 'write the date the page was read',
            }),
          ],
    ),
  );
};

export const STALE_AFTER_MONTHS = 18;

/** The date `months` calendar months before `now` (UTC), clamped to the month's last day. */
export function monthsBefore(now: Date, months: number): string {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() - months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return isoDate(new Date(Date.UTC(year, month, Math.min(now.getUTCDate(), lastDay))));
}

/**
 * Facts drift (pages move, terms change): a dataset not verified for 18 months is due again.
 * A withdrawn one is kept on record only, so it is not.
 */
export const stale: RecordRule = (records, context) => {
  const limit = monthsBefore(context.now, STALE_AFTER_MONTHS);
  return records.flatMap(({ dataset, source }): Diagnostic[] =>
    dataset.lastVerified === undefined || dataset.lastVerified >= limit || dataset.status === 'withdrawn'
      ? []
      : [
          diagnostic('data/stale', {
            file: source.file,
            at: locate(source, ['last_verified']),
            message: `last_verified ${dataset.lastVerified} is more than ${STALE_AFTER_MONTHS} months ago (before ${limit})`,
            hint: 'read the sources again, update what changed, then set last_verified and the sources\' checked dates to today',
          }),
        ],
  );
};
