import { diagnostic, START } from '../../diagnostic.ts';
import { SCHEMA_COMMENT } from '../../format.ts';
import type { RecordRule } from '../context.ts';

/** The first line lets VS Code (YAML extension) complete and check the file while typing. */
export const schemaComment: RecordRule = (records) =>
  records.flatMap(({ source }) => {
    if (source.text.replace(/^\uFEFF/, '').startsWith(`${SCHEMA_COMMENT}\n`)) return [];
    return [
      diagnostic('data/schema-comment', {
        file: source.file,
        at: START,
        message: 'the file does not start with the schema line',
        hint: `make the first line: ${SCHEMA_COMMENT}`,
      }),
    ];
  });
