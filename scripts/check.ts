/**
 * npm run check — validate every data file and fail when a generated file is stale.
 * Changes nothing on disk.
 */
import { sortDiagnostics } from './core/diagnostic.ts';
import { COMMON_OPTIONS, emit, formatOf, parseOptions, runCommand } from './io/cli.ts';
import { readInputs } from './io/files.ts';
import { assemble, describeResult, staleFiles } from './pipeline.ts';

const USAGE = `Usage: npm run check -- [options]

Validates data/datasets/*.yaml, data/sections.yaml and data/vocabularies.yaml, and checks that
README.md and data/dataset.schema.json match what the data produces.

Options:
  --format <name>  terminal (default), json, or github (annotations + job summary)
  --root <dir>     repository root (default: .)
  -h, --help       show this help

Exit codes: 0 clean (warnings allowed), 1 problems found, 2 usage or internal error.
`;

await runCommand(USAGE, async (args) => {
  const options = parseOptions(args, COMMON_OPTIONS);
  if (options.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const format = formatOf(options.format);
  const result = assemble(readInputs(options.root));
  const diagnostics = sortDiagnostics([...result.diagnostics, ...staleFiles(result.generated)]);
  return emit({ command: 'check', diagnostics, checked: describeResult(result) }, format);
});
