import { diagnostic } from '../../diagnostic.ts';
import { locate } from '../../load.ts';
import { MAX_ALIAS_SHOWN, MAX_ROW_TEXT, shownAlias } from '../../render/cells.ts';
import type { RecordRule } from '../context.ts';

/**
 * The README row shows one line of text per dataset and the best-known alias. A longer text is
 * never cut there (a truncated fact misleads): the contributor is told which field and the limit.
 */
export const rowTooLong: RecordRule = (records) =>
  records.flatMap(({ dataset, source }) => {
    const found = [];
    if (dataset.summary === undefined && dataset.description.length > MAX_ROW_TEXT) {
      found.push(
        diagnostic('data/row-too-long', {
          file: source.file,
          at: locate(source, ['description']),
          message: `description is ${dataset.description.length} characters; the README row shows at most ${MAX_ROW_TEXT}`,
          hint: `add a \`summary\` (the issue form's "One-line summary"): the same in one line of at most ${MAX_ROW_TEXT} characters, in your own words; the description stays in the data file and the exports`,
        }),
      );
    }
    const alias = shownAlias(dataset);
    if (alias !== undefined && alias.length > MAX_ALIAS_SHOWN) {
      found.push(
        diagnostic('data/row-too-long', {
          file: source.file,
          at: locate(source, ['aliases', 0]),
          message: `the first alias is ${alias.length} characters; the README shows it beside the name, at most ${MAX_ALIAS_SHOWN}`,
          hint: 'put the best-known short alias first in `aliases` (the README shows the first one that the name does not already contain)',
        }),
      );
    }
    return found;
  });
