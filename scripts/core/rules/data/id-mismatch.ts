import { diagnostic } from '../../diagnostic.ts';
import { locate } from '../../load.ts';
import type { RecordRule } from '../context.ts';

/** The file name is the id, so a dataset can be found from its id and vice versa. */
export const idMismatch: RecordRule = (records) =>
  records.flatMap(({ dataset, source }) => {
    const expected = source.file.replace(/^.*\//, '').replace(/\.ya?ml$/, '');
    if (dataset.id === expected) return [];
    return [
      diagnostic('data/id-mismatch', {
        file: source.file,
        at: locate(source, ['id']),
        message: `id "${dataset.id}" differs from the file name "${expected}"`,
        hint: `rename the file to ${dataset.id}.yaml, or set \`id: ${expected}\``,
      }),
    ];
  });
