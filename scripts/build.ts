/**
 * npm run build — regenerate README.md's generated regions and the vocabulary enums of
 * data/dataset.schema.json from data/. Writes a file only when its content changes, atomically.
 */
import path from 'node:path';
import { command, COMMON_OPTIONS, emit, formatOf } from './io/cli.ts';
import { assembleProject } from './io/project.ts';
import { writeFileAtomic } from './io/files.ts';
import { describeResult } from './pipeline.ts';

const USAGE = `Usage: npm run build -- [options]

Regenerates README.md (contents and dataset tables) and the enums of data/dataset.schema.json
from data/. Refuses to write anything while the data has errors.

Options:
  --format <name>  terminal (default), json, or github
  --root <dir>     repository root (default: .)
  -h, --help       show this help
`;

await command(USAGE, COMMON_OPTIONS, async (options) => {
  const format = formatOf(options.format);
  const { result } = await assembleProject(options.root);
  const written: string[] = [];
  for (const file of result.generated) {
    if (await writeFileAtomic(path.join(options.root, file.path), file.expected)) written.push(file.path);
  }
  const outcome = result.generated.length === 0 ? 'nothing written' : written.length > 0 ? `wrote ${written.join(', ')}` : 'everything already up to date';
  return emit({ command: 'build', diagnostics: result.diagnostics, checked: `${describeResult(result)}; ${outcome}` }, format);
});
