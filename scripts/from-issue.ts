/**
 * npm run from-issue — turn a submitted "Add a dataset" issue form into a data file, or into
 * the list of what must change. Prints a markdown verdict (posted as an issue comment by the
 * accept-dataset workflow); with --write, writes the file when the verdict is positive.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EXIT } from './core/diagnostic.ts';
import { reviewIssue, verdict } from './core/issue-review.ts';
import { serialize } from './core/render/markdown.ts';
import { command, COMMON_OPTIONS } from './app/cli.ts';
import { createFileAtomic, LAYOUT, readInputs } from './io/files.ts';
import { proposeRecord } from './pipeline.ts';

const USAGE = `Usage: npm run from-issue -- [options]

Reads the body of a submitted "Add a dataset" issue form (from --body-file, or stdin) and
prints a markdown verdict: the data file it becomes, or what must change.

Options:
  --body-file <file>  the issue body (default: standard input)
  --write             write data/datasets/<id>.yaml when the verdict is positive (never
                      over an existing file)
  --root <dir>        repository root (default: .)
  -h, --help          show this help

Exit codes: 0 the proposal is valid, 1 it needs changes, 2 usage or internal error.
`;

/**
 * Where --write puts a proposal: directly in data/datasets/, under a valid id. The id is a slug
 * and the schema checked it; this is the last guard before the file system.
 */
function targetOf(root: string, file: string): string {
  const folder = path.resolve(root, LAYOUT.datasets);
  const target = path.resolve(root, file);
  if (path.dirname(target) !== folder || !/^[a-z0-9]+(-[a-z0-9]+)*\.yaml$/.test(path.basename(target))) {
    throw new Error(`refusing to write ${JSON.stringify(file)}: not a data file in ${LAYOUT.datasets}/`);
  }
  return target;
}

await command(USAGE, {
    ...COMMON_OPTIONS,
    'body-file': { type: 'string' },
    write: { type: 'boolean', default: false },
  }, async (values) => {
  const body = readFileSync(values['body-file'] ?? 0, 'utf8');
  const inputs = readInputs(values.root);
  let review = await reviewIssue(body, inputs, proposeRecord);
  if (values.write && review.file !== undefined && review.text !== undefined) {
    if (!(await createFileAtomic(targetOf(values.root, review.file), review.text))) {
      review = { findings: [...review.findings, { severity: 'error', field: 'name', message: `${review.file} already exists; it was not overwritten` }] };
    }
  }
  process.stdout.write(serialize(verdict(review)));
  return review.file === undefined ? EXIT.problems : EXIT.clean;
});
