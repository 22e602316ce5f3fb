/**
 * What a link check can conclude: a closed set, each with a severity. Everything the checker
 * learns about a URL ends up in one LinkResult. `unchecked` is the honest answer for a link the
 * run did not get to judge (its deadline came first): neither good nor bad, and not remembered.
 */

export const OUTCOMES = ['ok', 'redirected', 'broken', 'blocked', 'timeout', 'skipped', 'unchecked'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface Hop {
  url: string;
  status: number;
}

export interface LinkResult {
  url: string;
  outcome: Outcome;
  /** Final HTTP status, or null when no response came (DNS, refused, timeout, policy). */
  status: number | null;
  /** For `redirected`: the data should switch to `finalUrl`. */
  permanent: boolean;
  finalUrl: string;
  /** Redirects followed, in order. */
  chain: Hop[];
  /**
   * Requests tried for this URL: every HEAD, GET, retry, redirect hop and provider API call, a
   * try that failed before an answer (DNS, refused, timeout) included; 0 when skipped, reused
   * from the ledger, or not reached before the deadline.
   */
  attempts: number;
  error: string | null;
  /** Which witness decided: the page itself, the DOI handle API, the GitHub API, or the ledger. */
  via: 'http' | 'doi' | 'github' | 'ledger' | 'policy';
  /** Extra facts worth telling, e.g. "repository archived". */
  note?: string;
}

/** A fresh result, plus the low-level error code: the offline verdict needs it, reports do not. */
export type CheckedLink = LinkResult & { errorCode?: string };

/** Severity of a result for the person who has to act on it; `undefined` means nothing to report. */
export function severityOf(result: Pick<LinkResult, 'outcome' | 'permanent' | 'note'>): 'error' | 'warning' | undefined {
  switch (result.outcome) {
    case 'broken':
      return 'error';
    case 'redirected':
      return result.permanent ? 'warning' : undefined;
    case 'blocked':
    case 'timeout':
      return 'warning';
    case 'ok':
      return result.note ? 'warning' : undefined;
    case 'skipped':
    case 'unchecked':
      return undefined;
  }
}

export function isFailure(outcome: Outcome): boolean {
  return outcome === 'broken' || outcome === 'blocked' || outcome === 'timeout';
}

/** A response status read as an outcome, before redirects and retries are considered. */
export function outcomeOfStatus(status: number, accepted: readonly number[] = []): Outcome {
  if (accepted.includes(status)) return 'ok';
  if (status >= 200 && status < 300) return 'ok';
  if (status === 401 || status === 403 || status === 429 || status === 418 || status === 999) return 'blocked';
  if (status === 408 || status === 504) return 'timeout';
  return 'broken';
}
