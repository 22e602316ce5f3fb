import { diagnostic, type Diagnostic } from '../../diagnostic.ts';
import { locate } from '../../load.ts';
import type { DatasetRecord } from '../../model.ts';
import { conflict, firstOwner, placeOf, type RecordRule } from '../context.ts';

export const duplicateId: RecordRule = (records, context) => {
  const owners = new Map<string, { record: DatasetRecord }[]>();
  for (const record of records) {
    const list = owners.get(record.dataset.id);
    if (list) list.push({ record });
    else owners.set(record.dataset.id, [{ record }]);
  }
  const diagnostics: Diagnostic[] = [];
  for (const [id, list] of owners) {
    if (list.length < 2) continue;
    const owner = firstOwner(list, context).record;
    for (const { record } of list) {
      if (record === owner) continue;
      const { blamed, other, otherIsExisting } = conflict(owner, record, context);
      diagnostics.push(
        diagnostic('data/duplicate-id', {
          file: blamed.source.file,
          at: locate(blamed.source, ['id']),
          message: `id "${id}" is ${otherIsExisting ? 'already' : 'also'} used by ${placeOf(other, locate(other.source, ['id']).line)}`,
          hint: 'each dataset needs its own id; if both files describe one dataset, merge them',
        }),
      );
    }
  }
  return diagnostics;
};
