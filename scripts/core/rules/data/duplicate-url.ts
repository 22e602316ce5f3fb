import { canonicalUrl } from '../../canonical-url.ts';
import { diagnostic, type Diagnostic } from '../../diagnostic.ts';
import { locate } from '../../load.ts';
import { datasetLinks, type DatasetRecord } from '../../model.ts';
import { conflict, didYouMeanExisting, firstOwner, placeOf, sameFamily, type RecordRule } from '../context.ts';

interface Occurrence {
  record: DatasetRecord;
  field: string;
  path: string[];
  url: string;
}

/**
 * The same page linked from two datasets usually means one dataset entered twice. Members of a
 * family may share links, and data/rules.yaml can allow a URL with a reason.
 */
export const duplicateUrl: RecordRule = (records, context) => {
  const allowed = new Set(context.config.allowDuplicateUrls.map((entry) => canonicalUrl(entry.url)));
  const owners = new Map<string, Occurrence[]>();
  for (const record of records) {
    for (const { field, path, url } of datasetLinks(record.dataset)) {
      if (field === 'license.url') continue; // many datasets share one set of terms
      const key = canonicalUrl(url);
      if (allowed.has(key)) continue;
      const list = owners.get(key);
      if (list) list.push({ record, field, path, url });
      else owners.set(key, [{ record, field, path, url }]);
    }
  }
  const diagnostics: Diagnostic[] = [];
  for (const list of owners.values()) {
    // Decided before choosing whom to blame: a link shared only within a family asks nothing of git.
    if (!list.some((o) => o.record !== list[0]!.record && !sameFamily(o.record, list[0]!.record))) continue;
    const owner = firstOwner(list, context);
    for (const occurrence of list) {
      if (occurrence.record === owner.record || sameFamily(occurrence.record, owner.record)) continue;
      const found = conflict(owner.record, occurrence.record, context);
      const [mine, theirs] = found.blamed === occurrence.record ? [occurrence, owner] : [owner, occurrence];
      const there = placeOf(found.other, locate(found.other.source, theirs.path).line);
      diagnostics.push(
        diagnostic('data/duplicate-url', {
          file: found.blamed.source.file,
          at: locate(found.blamed.source, mine.path),
          message: `${mine.field} ${mine.url} is ${found.otherIsExisting ? 'already' : 'also'} linked by ${found.other.dataset.name} (${there})${didYouMeanExisting(found)}`,
          hint: 'link the page specific to this dataset, merge the two entries, or give both the same `family` if they are versions of one dataset',
        }),
      );
    }
  }
  return diagnostics;
};
