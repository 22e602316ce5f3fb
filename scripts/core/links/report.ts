/**
 * Link results as diagnostics (one per place a link occurs, so the terminal and GitHub
 * reporters point at the line to edit), their counts, and the run's health. The per-URL
 * formats (JSON lines, the link-health issue body) are reporters (scripts/reporters/links.ts).
 */
import { diagnostic, type Diagnostic } from '../diagnostic.ts';
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
