/**
 * The link check's own formats, as reporters of the same Report: one JSON object per distinct
 * URL (jsonl, comparable with other checkers), and the body of the link-health issue (markdown).
 * They read the run's results from `report.details`.
 */
import type { PhrasingContent, Root, RootContent, TableRow } from 'mdast';
import type { Diagnostic } from '../core/diagnostic.ts';
import { countOutcomes, linkHealth } from '../core/links/report.ts';
import { OUTCOMES, type LinkResult } from '../core/links/outcome.ts';
import type { Stalest } from '../core/freshness.ts';
import type { RuleId } from '../core/rules/registry.ts';
import { STALE_AFTER_MONTHS } from '../core/rules/data/sources.ts';
import { serialize } from '../core/render/markdown.ts';
import { inertMarkdown, jsonText } from '../core/text-safety.ts';
import type { Report, Reporter } from './report.ts';

export interface LinkDetails {
  counts: ReturnType<typeof countOutcomes>;
  results: readonly LinkResult[];
  /** The day of the run, YYYY-MM-DD, for the issue body. */
  date: string;
  /** Where readers find the full report when the issue body cannot list every problem (--full-report-at). */
  fullReportAt?: string;
  /** The datasets verified longest ago (stalest()); absent when the run read no catalog (files given). */
  stalest?: Stalest;
  /** Where data files are linked from, the file path appended (--files-url); without it, paths as code. */
  filesUrl?: string;
}

/** GitHub refuses an issue body longer than this many characters. */
export const GITHUB_ISSUE_BODY_MAX = 65_536;

/**
 * The markdown format stops listing problems at this length: under GitHub's limit with room to
 * spare (JavaScript counts UTF-16 units, never fewer than GitHub's characters).
 */
export const ISSUE_BODY_LIMIT = 60_000;

const detailsOf = (report: Report): LinkDetails => report.details as LinkDetails;

/** One JSON object per distinct URL, with the fields other checkers can be compared on. */
export const linksJsonl: Reporter = (report) =>
  detailsOf(report)
    .results
    .map((r) =>
      jsonText(JSON.stringify({ url: r.url, outcome: r.outcome, status: r.status, permanent: r.permanent, finalUrl: r.finalUrl, attempts: r.attempts, error: r.error })),
    )
    .map((line) => `${line}\n`)
    .join('');


function healthSentence(diagnostics: readonly Diagnostic[], results: readonly LinkResult[]): string {
  const count = (ruleId: RuleId) => diagnostics.filter((d) => d.ruleId === ruleId).length;
  const links = (n: number) => `${n} link${n === 1 ? '' : 's'}`;
  const failing = count('link/failing');
  const grace = `${links(failing)} failing but still in the grace period (reported broken only if the failures persist)`;
  switch (linkHealth(diagnostics, results)) {
    case 'broken':
      return `${links(count('link/broken'))} broken${failing ? `; ${grace}` : ''}.`;
    case 'failing':
      return `No link is confirmed broken yet; ${grace}.`;
    case 'incomplete':
      return `No broken or failing link among those checked, but ${links(results.filter((r) => r.outcome === 'unchecked').length)} could not be checked before --max-duration.`;
    case 'healthy':
      return 'No broken or failing links.';
  }
}

/** `base/<path>` with each path segment encoded: a file link that names this run's copy of the file. */
const fileLink = (base: string, file: string) => `${base.replace(/\/+$/, '')}/${file.split('/').map(encodeURIComponent).join('/')}`;

/**
 * The datasets verified longest ago, below the link problems: not a link problem, so it changes
 * no verdict, but the weekly run is where maintainers look, and the list is short (n rows).
 */
function freshnessSection(stalest: Stalest, filesUrl: string | undefined): RootContent[] {
  const text = (value: string) => ({ type: 'text' as const, value });
  const cell = (children: PhrasingContent[]) => ({ type: 'tableCell' as const, children });
  const { entries, datasets, neverVerified } = stalest;
  if (entries.length === 0) return [];
  const file = (path: string): PhrasingContent => {
    const code = { type: 'inlineCode' as const, value: path };
    return filesUrl ? { type: 'link', url: fileLink(filesUrl, path), children: [code] } : code;
  };
  return [
    { type: 'heading', depth: 3, children: [text(`Verified longest ago (${entries.length} of ${datasets} datasets)`)] },
    {
      type: 'paragraph',
      children: [
        text(`${neverVerified} of ${datasets} datasets were never verified (no last_verified). These are due to be read against their sources again first; npm run check warns once last_verified is more than ${STALE_AFTER_MONTHS} months old. Not a link problem: this list changes no verdict.`),
      ],
    },
    {
      type: 'table',
      align: [],
      children: [
        { type: 'tableRow', children: ['Dataset', 'id', 'Last verified', 'File'].map((h) => cell([text(h)])) },
        ...entries.map((e) => ({
          type: 'tableRow' as const,
          children: [cell([text(e.name)]), cell([{ type: 'inlineCode', value: e.id }]), cell([text(e.lastVerified ?? 'never verified')]), cell([file(e.file)])],
        })),
      ],
    },
  ];
}

const SEVERITY_ORDER: Record<Diagnostic['severity'], number> = { error: 0, warning: 1 };

/**
 * The link report in markdown: the verdict, counts per outcome, then every problem with where it
 * occurs, errors first. Beyond `limit` characters the list stops, and a line says how many
 * problems are left out and where the full report is: whatever is cut, the verdict and the
 * counts are all there.
 */
function linkReport(report: Report, limit: number): string {
  const { results, date: when, fullReportAt, stalest, filesUrl } = detailsOf(report);
  // Built afresh for each render: inertMarkdown changes the tree it is given.
  const freshness = () => (stalest ? freshnessSection(stalest, filesUrl) : []);
  const problems = [...report.diagnostics].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  const counts = countOutcomes(results);
  const text = (value: string) => ({ type: 'text' as const, value });
  const row = (cells: string[]): TableRow => ({ type: 'tableRow', children: cells.map((c) => ({ type: 'tableCell', children: [text(c)] })) });
  const render = (listed: number): string => {
    const children: RootContent[] = [
      { type: 'paragraph', children: [{ type: 'strong', children: [text(healthSentence(report.diagnostics, results))] }] },
      { type: 'paragraph', children: [text(`Checked ${results.length} distinct links on ${when}.`)] },
      {
        type: 'table',
        align: [],
        children: [row(['Outcome', 'Links']), ...OUTCOMES.filter((o) => counts[o] > 0).map((o) => row([o, String(counts[o])]))],
      },
    ];
    if (problems.length === 0) return serialize(inertMarkdown({ type: 'root', children: [...children, ...freshness()] } satisfies Root));
    const left = problems.length - listed;
    children.push({ type: 'heading', depth: 3, children: [text(`Problems (${problems.length}${left ? `, the first ${listed} listed` : ''})`)] });
    if (left > 0) {
      children.push({
        type: 'paragraph',
        children: [
          { type: 'strong', children: [text(`${left} of ${problems.length} problems are left out here`)] },
          text(`: GitHub takes at most ${GITHUB_ISSUE_BODY_MAX.toLocaleString('en')} characters in an issue body. `),
          ...(fullReportAt
            ? [text(`The full report, with every problem: ${fullReportAt}.`)]
            : [text('For the full report, run '), { type: 'inlineCode' as const, value: 'npm run links -- --full-report <file>' }, text('.')]),
        ],
      });
    }
    if (listed > 0) {
      children.push({
        type: 'table',
        align: [],
        children: [
          row(['Where', 'Severity', 'Problem', 'What to do']),
          ...problems.slice(0, listed).map((d) => ({
            type: 'tableRow' as const,
            children: [
              { type: 'tableCell' as const, children: [{ type: 'inlineCode' as const, value: `${d.file}:${d.line}` }] },
              { type: 'tableCell' as const, children: [text(d.severity)] },
              { type: 'tableCell' as const, children: [text(d.message)] },
              { type: 'tableCell' as const, children: [text(d.hint ?? '')] },
            ],
          })),
        ],
      });
    }
    return serialize(inertMarkdown({ type: 'root', children: [...children, ...freshness()] } satisfies Root));
  };
  const all = render(problems.length);
  if (all.length <= limit) return all;
  // The most problems that fit: render(fits) is within the limit, render(tooMany) is not.
  let fits = 0;
  let tooMany = problems.length;
  while (tooMany - fits > 1) {
    const middle = Math.floor((fits + tooMany) / 2);
    if (render(middle).length <= limit) fits = middle;
    else tooMany = middle;
  }
  return render(fits);
}

/** The body of the link-health issue: the link report, within GitHub's size limit; inert (see text-safety.ts). */
export const linksMarkdown: Reporter = (report) => linkReport(report, ISSUE_BODY_LIMIT);

/** The link report with every problem, however long (`--full-report`). */
export const linksMarkdownFull: Reporter = (report) => linkReport(report, Number.POSITIVE_INFINITY);
