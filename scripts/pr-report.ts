/**
 * npm run pr-report — for a pull request: the README rows it adds, changes, moves or removes,
 * rendered from the data where the branch left the base and from the data of the branch; and a
 * failure when a generated region of README.md was edited by hand (contributors edit data/; the
 * README is rebuilt on main after merge).
 */
import { appendFile } from 'node:fs/promises';
import { colorFor, command, COMMON_OPTIONS, COMMON_USAGE, emit, formatOf, UsageError } from './app/cli.ts';
import { runPrReport } from './app/pr-report-run.ts';
import { rowReportData, rowReportLine, rowReportMarkdown, rowReportTerminal } from './reporters/pr-rows.ts';

const USAGE = `Usage: npm run pr-report -- --base <git ref> [options]

Compares this branch with the commit where it left <git ref> (git merge-base HEAD <git ref>):
the README rows its data adds, changes, moves or removes, each rendered from data/ on both
sides; and fails when a generated region of README.md was edited by hand. With --format
github the rows go to $GITHUB_STEP_SUMMARY; with --format markdown, to standard output.

Options:
  --base <git ref> the branch the change goes into, e.g. origin/main (required)
${COMMON_USAGE}

Exit codes: 0 clean, 1 a generated region edited by hand (or this branch's data has errors),
2 usage error or a base that cannot be found.
`;

await command(USAGE, { ...COMMON_OPTIONS, base: { type: 'string' } }, async (options) => {
  const format = formatOf(options.format);
  if (!options.base) throw new UsageError('--base <git ref> is required, e.g. --base origin/main');
  const { base, rows, diagnostics } = await runPrReport(options.root, options.base);
  if (rows && format === 'terminal') process.stdout.write(rowReportTerminal(rows, base, { color: colorFor(format) }));
  if (rows && (format === 'github' || format === 'markdown')) {
    const markdown = rowReportMarkdown(rows, base);
    if (format === 'github' && process.env.GITHUB_STEP_SUMMARY) await appendFile(process.env.GITHUB_STEP_SUMMARY, `${markdown}\n`);
    else process.stdout.write(`${markdown}\n`);
  }
  const checked = rows ? rowReportLine(rows, base) : 'the data of this branch has errors, so its README rows cannot be rendered';
  return emit({ command: 'pr-report', diagnostics, checked, ...(rows ? { details: rowReportData(rows, base) } : {}) }, format);
});
