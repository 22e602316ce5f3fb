import { canonicalUrl } from '../../canonical-url.ts';
import { diagnostic, type Diagnostic } from '../../diagnostic.ts';
import { locate } from '../../load.ts';
import { datasetLinks, type DatasetRecord } from '../../model.ts';
import { placeOf, sameFamily, type RecordRule } from '../context.ts';

/**
 * The same page linked from two datasets usually means one dataset entered twice. Members of a
 * family may share links, and data/rules.yaml can allow a URL with a reason.
 */
export const duplicateUrl: RecordRule = (records, { config }) => {
  const allowed = new Set(config.allowDuplicateUrls.map((entry) => canonicalUrl(entry.url)));
  const owners = new Map<string, { record: DatasetRecord; path: string[] }>();
  const diagnostics: Diagnostic[] = [];
  for (const record of records) {
    for (const { field, path, url } of datasetLinks(record.dataset)) {
      if (field === 'license.url') continue; // many datasets share one set of terms
      const key = canonicalUrl(url);
      if (allowed.has(key)) continue;
      const earlier = owners.get(key);
      if (!earlier) {
        owners.set(key, { record, path });
        continue;
      }
      if (earlier.record === record || sameFamily(earlier.record, record)) continue;
      const there = placeOf(earlier.record, locate(earlier.record.source, earlier.path).line);
      diagnostics.push(
        diagnostic('data/duplicate-url', {
          file: record.source.file,
          at: locate(record.source, path),
          message: `${field} ${url} is already linked by ${earlier.record.dataset.name} (${there}); did you mean the existing entry "${earlier.record.dataset.id}"?`,
          hint: 'link the page specific to this dataset, merge the two entries, or give both the same `family` if they are versions of one dataset',
        }),
      );
    }
  }
  return diagnostics;
};
