import { diagnostic } from '../../diagnostic.ts';
import { locate } from '../../load.ts';
import { closest } from '../../suggest.ts';
import type { RecordRule } from '../context.ts';

/** `superseded` needs a successor, a successor needs `superseded`, and the successor must exist. */
export const lifecycle: RecordRule = (records) => {
  const ids = new Set(records.map((r) => r.dataset.id));
  return records.flatMap(({ dataset, source }) => {
    const file = source.file;
    if (dataset.status === 'superseded' && dataset.supersededBy === undefined) {
      return [
        diagnostic('data/lifecycle', {
          file,
          at: locate(source, ['status']),
          message: 'status is "superseded" but superseded_by is missing',
          hint: 'add `superseded_by: <id of the newer dataset>`',
        }),
      ];
    }
    if (dataset.supersededBy === undefined) return [];
    if (dataset.status !== 'superseded') {
      return [
        diagnostic('data/lifecycle', {
          file,
          at: locate(source, ['superseded_by']),
          message: `superseded_by is set but status is "${dataset.status}"`,
          hint: 'set `status: superseded`, or remove superseded_by',
        }),
      ];
    }
    if (ids.has(dataset.supersededBy)) return [];
    const guess = closest(dataset.supersededBy, ids);
    return [
      diagnostic('data/unknown-reference', {
        file,
        at: locate(source, ['superseded_by']),
        message: `superseded_by "${dataset.supersededBy}" is not the id of any data file${guess ? `; did you mean "${guess}"?` : ''}`,
      }),
    ];
  });
};
