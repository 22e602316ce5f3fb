/**
 * npm run check — validate every data file and fail when a generated file is stale.
 * Changes nothing on disk.
 */
import { sortDiagnostics } from './core/diagnostic.ts';
import { command, COMMON_OPTIONS, emit, formatOf } from './app/cli.ts';
import { assembleProject } from './app/project.ts';
import { EXIT_OFFLINE, LINK_OPTIONS, LINK_USAGE, loadPolicy } from './app/link-options.ts';
import { describeResult, pendingRegeneration, staleFiles, unsourcedNote } from './pipeline.ts';

const USAGE = `Usage: npm run check -- [options]

Validates data/datasets/*.yaml, data/sections.yaml and data/vocabularies.yaml. Generated files
(README.md's tables, docs/rules.md, the schema enums, the issue form) are rebuilt on main after
merge, so when they differ from the data this says so in one line and still passes.

Options:
  --format <name>  terminal (default), json, github (annotations + job summary), or markdown
  --root <dir>     repository root (default: .)
  --base <ref>     git ref the change is compared with: duplicates are reported on the files
                   added or changed since (default: origin/$GITHUB_BASE_REF when set, else
                   origin/HEAD or origin/main, else uncommitted files only)
  --links          also check every link (see npm run links -- --help); off by default
  --require-generated
                   fail, with a diff, when a generated file differs from what the data
                   produces (the regeneration job on main; a maintainer before a release)
  -h, --help       show this help
${LINK_USAGE}
Exit codes: 0 clean (warnings allowed), 1 problems found, 2 usage or internal error,
3 network unavailable (with --links).
`;

await command(USAGE, { ...COMMON_OPTIONS, ...LINK_OPTIONS, links: { type: 'boolean', default: false }, 'require-generated': { type: 'boolean', default: false }, base: { type: 'string' } }, async (options) => {
  const format = formatOf(options.format);
  const { result } = await assembleProject(options.root, { base: options.base });
  // The link policy is validated on every check, not only when links are checked.
  const strict = options['require-generated'];
  const diagnostics = [...result.diagnostics, ...(strict ? staleFiles(result.generated) : []), ...(options.links ? [] : loadPolicy(options.root).diagnostics)];
  const pending = strict ? undefined : pendingRegeneration(result.generated);
  const notes = [pending, unsourcedNote(result.records)].filter((note) => note !== undefined);
  let checked = describeResult(result);
  if (options.links) {
    const { runLinkCommand } = await import('./app/link-command.ts'); // undici loads only when needed
    const links = await runLinkCommand(result.records, options, [], options.root);
    if (links.offline) {
      // The data results stand on their own; only the links could not be judged.
      await emit({ command: 'check', diagnostics: sortDiagnostics(diagnostics), checked: `${checked}; links not checked`, notes }, format);
      process.stderr.write(`${links.message}\n`);
      return EXIT_OFFLINE;
    }
    diagnostics.push(...links.diagnostics);
    checked += `; ${links.checked}`;
  }
  return emit({ command: 'check', diagnostics: sortDiagnostics(diagnostics), checked, notes }, format);
});
