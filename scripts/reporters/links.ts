/**
 * The link check's own formats, as reporters of the same Report: one JSON object per distinct
 * URL (jsonl, comparable with other checkers), and the body of the link-health issue (markdown).
 * They read the run's results from `report.details`.
 */
import type { Root, RootContent, TableRow } from 'mdast';
import type { Diagnostic } from '../core/diagnostic.ts';
import { countOutcomes, linkHealth } from '../core/links/report.ts';
import { OUTCOMES, type LinkResult } from '../core/links/outcome.ts';
import type { RuleId } from '../core/rules/registry.ts';
import { serialize } from '../core/render/markdown.ts';
import { inertMarkdown, jsonText } from '../core/text-safety.ts';
import type { Report, Reporter } from './report.ts';

export interface LinkDetails {
  counts: ReturnType<typeof countOutcomes>;
  results: readonly LinkResult[];
  /** The day of the run, YYYY-MM-DD, for the issue body. */
  date: string;
}

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

/** The body of the link-health issue: the verdict, counts, then every problem with where it occurs; inert (see text-safety.ts). */
export const linksMarkdown: Reporter = (report) => {
  const { results, date: when } = detailsOf(report);
  const { diagnostics } = report;
  const counts = countOutcomes(results);
  const text = (value: string) => ({ type: 'text' as const, value });
  const row = (cells: string[]): TableRow => ({ type: 'tableRow', children: cells.map((c) => ({ type: 'tableCell', children: [text(c)] })) });
  const children: RootContent[] = [
    { type: 'paragraph', children: [{ type: 'strong', children: [text(healthSentence(diagnostics, results))] }] },
    { type: 'paragraph', children: [text(`Checked ${results.length} distinct links on ${when}.`)] },
    {
      type: 'table',
      align: [],
      children: [row(['Outcome', 'Links']), ...OUTCOMES.filter((o) => counts[o] > 0).map((o) => row([o, String(counts[o])]))],
    },
  ];
  if (diagnostics.length > 0) {
    children.push({ type: 'heading', depth: 3, children: [text(`Problems (${diagnostics.length})`)] });
    children.push({
      type: 'table',
      align: [],
      children: [
        row(['Where', 'Severity', 'Problem', 'What to do']),
        ...diagnostics.map((d) => ({
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
  return serialize(inertMarkdown({ type: 'root', children } satisfies Root));
};
