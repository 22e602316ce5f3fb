/**
 * Runs the link check the way `npm run links` and `npm run check -- --links` do: policy,
 * progress line, offline detection. Kept apart from the option table so that `check` loads
 * undici only when links are actually checked.
 */
import { sortDiagnostics, type Diagnostic } from '../core/diagnostic.ts';
import { countOutcomes } from '../core/links/report.ts';
import type { DatasetRecord } from '../core/model.ts';
import type { LinkRun } from '../pipeline.ts';
import { EXIT_OFFLINE, linkRunOptions, loadPolicy, POLICY_FILE, type LinkOptionValues } from './link-options.ts';
import { runLinks } from './links-run.ts';

/** A live "checked n/N" line on an interactive terminal; nothing in CI logs or pipes. */
export function progressReporter(): { start: (total: number) => void; tick: (count: number) => void; done: () => void } {
  const live = Boolean(process.stderr.isTTY) && !process.env.CI;
  let total = 0;
  return {
    start: (n) => {
      total = n;
    },
    tick: (count) => {
      if (live) process.stderr.write(`\r\u001b[2Kchecking links: ${count}/${total}`);
    },
    done: () => {
      if (live) process.stderr.write('\r\u001b[2K');
    },
  };
}

export function summaryLine(run: LinkRun): string {
  const counts = countOutcomes(run.results);
  const parts = Object.entries(counts).filter(([, n]) => n > 0).map(([o, n]) => (o === 'unchecked' ? `${n} not checked before --max-duration` : `${n} ${o}`));
  const reused = run.results.filter((r) => r.via === 'ledger').length;
  return `${run.results.length} links${counts.unchecked ? '' : ' checked'}${parts.length ? ` (${parts.join(', ')})` : ''}${reused ? `; ${reused} reused from the ledger` : ''}${run.notSelected ? `; ${run.notSelected} not selected (--changed-since / --shard)` : ''}`;
}

const offlineMessage = (n: number) => `network unavailable: every one of ${n} host lookups failed, so no link was judged (exit ${EXIT_OFFLINE})`;

/**
 * Runs the link check the way both commands do: policy, progress line, offline detection.
 * When offline, `message` is the one line to print after whatever else the command reports.
 */
export async function runLinkCommand(
  records: readonly DatasetRecord[],
  values: LinkOptionValues,
  files: readonly string[],
  root: string,
): Promise<{ offline: true; message: string } | { offline: false; run?: LinkRun; diagnostics: Diagnostic[]; checked: string }> {
  const policy = loadPolicy(root);
  if (!policy.policy) return { offline: false, diagnostics: policy.diagnostics, checked: `${POLICY_FILE} is invalid; no link checked` };
  const options = linkRunOptions(values, root, files, policy.policy);
  let total = 0;
  const progress = progressReporter();
  const run = await runLinks(records, {
    ...options,
    onPlan: progress.start,
    checker: { ...options.checker, onResult: () => progress.tick(++total) },
  });
  progress.done();
  if (run.offline) return { offline: true, message: offlineMessage(run.offlineHosts) };
  return { offline: false, run, diagnostics: sortDiagnostics([...policy.diagnostics, ...run.diagnostics]), checked: summaryLine(run) };
}
