/**
 * npm run build — regenerate README.md's generated regions and the vocabulary enums of
 * data/dataset.schema.json from data/. Writes a file only when its content changes, atomically.
 */
import { command, COMMON_OPTIONS, COMMON_USAGE, emit, formatOf } from './app/cli.ts';
import { assembleProject, removeLeftovers } from './app/project.ts';
import { writeChangedFiles } from './io/files.ts';
import { describeResult } from './pipeline.ts';

const USAGE = `Usage: npm run build -- [options]

Regenerates README.md (contents and dataset tables) and the enums of data/dataset.schema.json
from data/. Refuses to write anything while the data has errors.

Options:
${COMMON_USAGE}
`;

await command(USAGE, COMMON_OPTIONS, async (options) => {
  const format = formatOf(options.format);
  const notes = removeLeftovers(options.root);
  const { result } = await assembleProject(options.root);
  const outcome =
    result.generated.length === 0
      ? 'nothing written'
      : await writeChangedFiles(options.root, result.generated.map((g) => ({ path: g.path, content: g.expected })));
  return emit({ command: 'build', diagnostics: result.diagnostics, checked: `${describeResult(result)}; ${outcome}`, notes }, format);
});
