/**
 * npm run links — check every link of the catalog (or of the files given) politely, with
 * provider-aware checks and a ledger across runs. See LINK_USAGE for the options.
 */
import path from 'node:path';
import { stalest } from './core/freshness.ts';
import { countOutcomes, linkHealth } from './core/links/report.ts';
import { REPORTERS } from './reporters/index.ts';
import { GITHUB_ISSUE_BODY_MAX, ISSUE_BODY_LIMIT, linksJsonl, linksMarkdown, linksMarkdownFull, type LinkDetails } from './reporters/links.ts';
import { writeFileAtomic } from './io/files.ts';
import { command, COMMON_OPTIONS, emit, UsageError } from './app/cli.ts';
import { assembleProject } from './app/project.ts';
import { runLinkCommand } from './app/link-command.ts';
import { EXIT_OFFLINE, LINK_OPTIONS, LINK_USAGE } from './app/link-options.ts';

/** The common formats, plus one JSON object per URL (jsonl) and the link-health issue body (markdown). */
const LINK_REPORTERS = { ...REPORTERS, jsonl: linksJsonl, markdown: linksMarkdown };
type LinkFormat = keyof typeof LINK_REPORTERS;

/** How many of the datasets verified longest ago the report lists. */
const STALEST_LISTED = 10;

/** A base URL for file links: http(s) only, as the report's readers follow it. */
function filesUrlOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--files-url "${value}" is not a URL; expected e.g. https://github.com/<owner>/<repo>/blob/<commit>`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError(`--files-url "${value}" must start with https:// or http://`);
  return url.href;
}

const USAGE = `Usage: npm run links -- [options] [files…]

Checks every link in data/datasets/*.yaml and in the hand-written parts of the top-level
markdown files; or, given files, the links in them (markdown, or any text such as a list of
URLs, one per line).

Options:
  --format <name>  terminal (default), json, jsonl (one object per URL), github, markdown
  --root <dir>     repository root (default: .)
  --health-file <file>
                   write the verdict for automation: broken (confirmed dead links),
                   failing (failures still in their grace period), incomplete
                   (--max-duration left links unchecked) or healthy; not written
                   when no verdict is possible (offline, usage error)
  --full-report <file>
                   also write the markdown report with every problem; --format
                   markdown (the issue body) stops listing them at ${ISSUE_BODY_LIMIT.toLocaleString('en')}
                   characters, as GitHub refuses issue bodies over ${GITHUB_ISSUE_BODY_MAX.toLocaleString('en')}
  --full-report-at <text>
                   where readers find the full report, said in the issue body when
                   it leaves problems out (e.g. the workflow run holding it)
  --files-url <url>
                   in the markdown report, link data files as <url>/<path>
                   (e.g. https://github.com/<owner>/<repo>/blob/<commit>); the
                   report lists the ${STALEST_LISTED} datasets verified longest ago when
                   it checks the catalog
  -h, --help       show this help
${LINK_USAGE}
Exit codes: 0 no broken link, 1 broken links, 2 usage or internal error, 3 network unavailable.
`;

await command(USAGE, { ...COMMON_OPTIONS, ...LINK_OPTIONS, 'health-file': { type: 'string' }, 'full-report': { type: 'string' }, 'full-report-at': { type: 'string' }, 'files-url': { type: 'string' } }, async (values, files) => {
  const format = values.format as LinkFormat;
  if (!(format in LINK_REPORTERS)) throw new UsageError(`unknown --format "${format}"; expected one of ${Object.keys(LINK_REPORTERS).join(', ')}`);
  const root = values.root;
  const filesUrl = filesUrlOf(values['files-url']);
  const records = files.length > 0 ? [] : (await assembleProject(root, { recordsOnly: true })).result.records;
  const outcome = await runLinkCommand(records, values, files, root);
  if (outcome.offline) {
    process.stderr.write(`${outcome.message}\n`);
    return EXIT_OFFLINE;
  }
  const { run, diagnostics, checked } = outcome;
  if (values['health-file']) await writeFileAtomic(path.resolve(values['health-file']), `${linkHealth(diagnostics, run?.results ?? [])}\n`);
  const results = run?.results ?? [];
  const where = values['full-report-at'] ?? values['full-report'];
  const details: LinkDetails = { counts: countOutcomes(results), results, date: new Date().toISOString().slice(0, 10), ...(where ? { fullReportAt: where } : {}),
    ...(files.length > 0 ? {} : { stalest: stalest(records, STALEST_LISTED) }),
    ...(filesUrl ? { filesUrl } : {}),
  };
  const report = { command: 'links', diagnostics, checked, details };
  if (values['full-report']) await writeFileAtomic(path.resolve(values['full-report']), linksMarkdownFull(report, { color: false }));
  return emit(report, format, LINK_REPORTERS);
}, true);
