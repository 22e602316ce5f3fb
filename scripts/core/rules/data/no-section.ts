import { diagnostic } from '../../diagnostic.ts';
import { locate } from '../../load.ts';
import type { RecordRule } from '../context.ts';

/** Without a catch-all section, a dataset whose first organ has no section would vanish from the README. */
export const noSection: RecordRule = (records, { plan }) =>
  records.flatMap(({ dataset, source }) => {
    const organ = dataset.organs[0]!;
    if (plan.sectionOf(organ)) return [];
    return [
      diagnostic('data/no-section', {
        file: source.file,
        at: locate(source, ['organs', 0]),
        message: `organ "${organ}" belongs to no README section`,
        hint: 'add it to a section in data/sections.yaml, or define the catch-all `other` section there',
      }),
    ];
  });
