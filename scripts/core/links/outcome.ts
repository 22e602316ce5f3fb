/**
 * What a link check can conclude: a closed set, each with a severity. Everything the checker
 * learns about a URL ends up in one LinkResult.
 */

export const OUTCOMES = ['ok', 'redirected', 'broken', 'blocked', 'timeout', 'skipped'] as const;
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
  /** Requests made for this URL, retries included (0 when skipped or reused from the ledger). */
  attempts: number;
  error: string | null;
  /** Which witness decided: the page itself, the DOI handle API, the GitHub API, or the ledger. */
  via: 'http' | 'doi' | 'github' | 'ledger' | 'policy';
  /** Extra facts worth telling, e.g. "repository archived". */
  note?: string;
}

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
