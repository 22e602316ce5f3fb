import { diagnostic, type Diagnostic } from '../../diagnostic.ts';
import { locate } from '../../load.ts';
import type { DatasetRecord } from '../../model.ts';
import { placeOf, type RecordRule } from '../context.ts';

export const duplicateId: RecordRule = (records) => {
  const first = new Map<string, DatasetRecord>();
  const diagnostics: Diagnostic[] = [];
  for (const record of records) {
    const earlier = first.get(record.dataset.id);
    if (!earlier) {
      first.set(record.dataset.id, record);
      continue;
    }
    diagnostics.push(
      diagnostic('data/duplicate-id', {
        file: record.source.file,
        at: locate(record.source, ['id']),
        message: `id "${record.dataset.id}" is already used by ${placeOf(earlier, locate(earlier.source, ['id']).line)}`,
        hint: 'each dataset needs its own id; if both files describe one dataset, merge them',
      }),
    );
  }
  return diagnostics;
};
