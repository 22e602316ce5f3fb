/**
 * npm run check — validate every data file and fail when a generated file is stale.
 * Changes nothing on disk.
 */
import { sortDiagnostics } from './core/diagnostic.ts';
import { command, COMMON_OPTIONS, emit, formatOf } from './io/cli.ts';
import { assembleProject } from './io/project.ts';
import { EXIT_OFFLINE, LINK_OPTIONS, LINK_USAGE, loadPolicy } from './io/link-options.ts';
import { describeResult, staleFiles } from './pipeline.ts';

const USAGE = `Usage: npm run check -- [options]

Validates data/datasets/*.yaml, data/sections.yaml and data/vocabularies.yaml, and checks that
README.md and data/dataset.schema.json match what the data produces.

Options:
  --format <name>  terminal (default), json, or github (annotations + job summary)
  --root <dir>     repository root (default: .)
  --base <ref>     git ref the change is compared with: duplicates are reported on the files
                   added or changed since (default: origin/$GITHUB_BASE_REF when set, else
                   origin/HEAD or origin/main, else uncommitted files only)
  --links          also check every link (see npm run links -- --help); off by default
  --skip-generated do not compare README.md and the other generated files (CI on pull
                   requests, where they are regenerated after merge; see npm run pr-report)
  -h, --help       show this help
${LINK_USAGE}
Exit codes: 0 clean (warnings allowed), 1 problems found, 2 usage or internal error,
3 network unavailable (with --links).
`;

await command(USAGE, { ...COMMON_OPTIONS, ...LINK_OPTIONS, links: { type: 'boolean', default: false }, 'skip-generated': { type: 'boolean', default: false }, base: { type: 'string' } }, async (options) => {
  const format = formatOf(options.format);
  const { result } = await assembleProject(options.root, { base: options.base });
  // The link policy is validated on every check, not only when links are checked.
  const diagnostics = [...result.diagnostics, ...(options['skip-generated'] ? [] : staleFiles(result.generated)), ...(options.links ? [] : loadPolicy(options.root).diagnostics)];
  let checked = describeResult(result);
  if (options.links) {
    const { runLinkCommand } = await import('./io/link-command.ts'); // undici loads only when needed
    const links = await runLinkCommand(result.records, options, [], options.root);
    if (links.offline) return EXIT_OFFLINE;
    diagnostics.push(...links.diagnostics);
    checked += `; ${links.checked}`;
  }
  return emit({ command: 'check', diagnostics: sortDiagnostics(diagnostics), checked }, format);
});
