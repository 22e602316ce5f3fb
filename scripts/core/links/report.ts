/**
 * Link results as diagnostics (one per place a link occurs, so the terminal and GitHub
 * reporters point at the line to edit) and as the per-URL formats: JSON lines and a markdown
 * report for the link-health issue.
 */
import type { Root, RootContent, TableRow } from 'mdast';
import { diagnostic, type Diagnostic } from '../diagnostic.ts';
import { serialize } from '../render/markdown.ts';
import type { RuleId } from '../rules/registry.ts';
import type { LinkTarget } from './collect.ts';
import { failureConfirmed, type LedgerEntry, type LedgerPolicy } from './ledger.ts';
import { OUTCOMES, severityOf, type LinkResult } from './outcome.ts';

export interface ReportContext {
  /** Scheduled runs give failures time to recover before calling them broken. */
  grace: boolean;
  ledger: Record<string, LedgerEntry>;
  ledgerPolicy: LedgerPolicy;
  now: number;
  timeoutMs: number;
}

function ruleAndHint(result: LinkResult, context: ReportContext): { ruleId: RuleId; hint: string; what: string } | undefined {
  const severity = severityOf(result);
  if (!severity) return undefined;
  switch (result.outcome) {
    case 'broken': {
      const entry = context.ledger[result.url];
      if (context.grace && entry && !failureConfirmed(entry, context.now, context.ledgerPolicy)) {
        const since = entry.firstFailureAt ?? new Date(context.now).toISOString();
        const notBefore = new Date(Date.parse(since) + context.ledgerPolicy.confirmSpanMs).toISOString().slice(0, 10);
        const runs = entry.consecutiveFailures;
        return {
          ruleId: 'link/failing',
          what: `is failing (${result.error ?? `HTTP ${result.status}`}) since ${since.slice(0, 10)}, ${runs} run${runs === 1 ? '' : 's'} in a row`,
          hint: `reported broken after ${context.ledgerPolicy.confirmFailures} failed runs in a row, not before ${notBefore}; if the link is dead already, update it now`,
        };
      }
      return {
        ruleId: 'link/broken',
        what: `is broken: ${result.error ?? `HTTP ${result.status}`}`,
        hint: 'find the new address (dataset homepage, paper, or web.archive.org) and update the link',
      };
    }
    case 'redirected':
      return { ruleId: 'link/redirected', what: `redirects permanently to ${result.finalUrl}`, hint: `switch to ${result.finalUrl}` };
    case 'blocked':
      return {
        ruleId: 'link/blocked',
        what: `refused the checker: ${result.error ?? `HTTP ${result.status}`}`,
        hint: 'if the page works in a browser, add the host to data/link-policy.yaml with `accept:` and a reason',
      };
    case 'timeout':
      return {
        ruleId: 'link/timeout',
        what: `did not answer within ${context.timeoutMs / 1000} s`,
        hint: 'run again later, or raise --timeout',
      };
    case 'ok':
      return { ruleId: 'link/archived', what: `points to an ${result.note}`, hint: 'check whether the project moved, and link its successor' };
    case 'skipped':
      return undefined;
  }
}

export function linkDiagnostics(targets: readonly LinkTarget[], results: ReadonlyMap<string, LinkResult>, context: ReportContext): Diagnostic[] {
  return targets.flatMap((target) => {
    const result = results.get(target.url);
    if (!result) return [];
    const verdict = ruleAndHint(result, context);
    if (!verdict) return [];
    return target.occurrences.map((o) =>
      diagnostic(verdict.ruleId, {
        file: o.file,
        at: { line: o.line, column: o.column },
        message: `${o.field ? `${o.field} ` : ''}${target.url} ${verdict.what}`,
        hint: verdict.hint,
      }),
    );
  });
}

/** One JSON object per distinct URL, with the fields other checkers can be compared on. */
export function jsonLines(results: readonly LinkResult[]): string {
  return results
    .map((r) =>
      JSON.stringify({ url: r.url, outcome: r.outcome, status: r.status, permanent: r.permanent, finalUrl: r.finalUrl, attempts: r.attempts, error: r.error }),
    )
    .map((line) => `${line}\n`)
    .join('');
}

export function countOutcomes(results: readonly LinkResult[]): Record<(typeof OUTCOMES)[number], number> {
  const counts = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<(typeof OUTCOMES)[number], number>;
  for (const r of results) counts[r.outcome] += 1;
  return counts;
}

/**
 * What a link run means for the link-health issue, decided from outcomes: `broken` (confirmed
 * dead links: open or update it), `failing` (failures still in their grace period: keep it open,
 * but open none), `healthy` (close it). Warnings alone — redirects, blocks, timeouts — are listed
 * but do not keep the issue open.
 */
export type LinkHealth = 'broken' | 'failing' | 'incomplete' | 'healthy';

/** `incomplete`: --max-duration stopped the run before every link was checked, so it cannot say "healthy". */
export function linkHealth(diagnostics: readonly Diagnostic[], results: readonly Pick<LinkResult, 'outcome'>[]): LinkHealth {
  if (diagnostics.some((d) => d.ruleId === 'link/broken')) return 'broken';
  if (diagnostics.some((d) => d.ruleId === 'link/failing')) return 'failing';
  if (results.some((r) => r.outcome === 'unchecked')) return 'incomplete';
  return 'healthy';
}

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

/** The body of the link-health issue: the verdict, counts, then every problem with where it occurs. */
export function markdownReport(results: readonly LinkResult[], diagnostics: readonly Diagnostic[], when: string): string {
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
  return serialize({ type: 'root', children } satisfies Root);
}
