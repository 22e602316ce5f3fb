/**
 * npm run from-issue — turn a submitted "Add a dataset" issue form into a data file, or into
 * the list of what must change. Prints a markdown verdict (posted as an issue comment by the
 * accept-dataset workflow); with --write, writes the file when the verdict is positive.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { reviewIssue, verdict } from './core/issue-review.ts';
import { serialize } from './core/render/markdown.ts';
import { command, COMMON_OPTIONS } from './io/cli.ts';
import { readInputs, writeFileAtomic } from './io/files.ts';
import { proposeRecord } from './pipeline.ts';

const USAGE = `Usage: npm run from-issue -- [options]

Reads the body of a submitted "Add a dataset" issue form (from --body-file, or stdin) and
prints a markdown verdict: the data file it becomes, or what must change.

Options:
  --body-file <file>  the issue body (default: standard input)
  --write             write data/datasets/<id>.yaml when the verdict is positive
  --root <dir>        repository root (default: .)
  -h, --help          show this help

Exit codes: 0 the proposal is valid, 1 it needs changes, 2 usage or internal error.
`;

await command(USAGE, {
    ...COMMON_OPTIONS,
    'body-file': { type: 'string' },
    write: { type: 'boolean', default: false },
  }, async (values) => {
  const body = readFileSync(values['body-file'] ?? 0, 'utf8');
  const inputs = readInputs(values.root);
  const review = await reviewIssue(body, inputs, proposeRecord);
  if (review.file !== undefined && review.text !== undefined) {
    if (values.write) await writeFileAtomic(path.join(values.root, review.file), review.text);
    process.stdout.write(serialize(verdict(review)));
    return 0;
  }
  process.stdout.write(serialize(verdict(review)));
  return 1;
});
