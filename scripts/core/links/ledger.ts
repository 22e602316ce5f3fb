/**
 * Memory across runs, keyed by URL: the last outcome, when failures began and how many runs in
 * a row failed. Successes are reused within a TTL; failures never are (a broken link must be
 * seen broken again). A scheduled run calls a link broken only once failures have persisted.
 */
import { isFailure, type LinkResult, type Outcome } from './outcome.ts';

export interface LedgerEntry {
  outcome: Outcome;
  status: number | null;
  finalUrl: string;
  permanent: boolean;
  checkedAt: string;
  firstFailureAt?: string;
  consecutiveFailures: number;
}

export interface Ledger {
  version: 1;
  entries: Record<string, LedgerEntry>;
}

export const emptyLedger = (): Ledger => ({ version: 1, entries: {} });

export interface LedgerPolicy {
  /** How long a success is trusted. */
  ttlMs: number;
  /** A scheduled run reports `broken` only after this many failed runs in a row… */
  confirmFailures: number;
  /** …spanning at least this long (so one bad afternoon is not a dead link). */
  confirmSpanMs: number;
}

const DAY = 24 * 60 * 60 * 1000;
export const DEFAULT_LEDGER_POLICY: LedgerPolicy = { ttlMs: 7 * DAY, confirmFailures: 3, confirmSpanMs: 2 * DAY };

/** A previous success still young enough to stand in for a request. */
export function reusable(entry: LedgerEntry | undefined, now: number, policy: LedgerPolicy): LinkResult | undefined {
  if (!entry || (entry.outcome !== 'ok' && entry.outcome !== 'redirected')) return undefined;
  if (now - Date.parse(entry.checkedAt) > policy.ttlMs) return undefined;
  return {
    url: '',
    outcome: entry.outcome,
    status: entry.status,
    permanent: entry.permanent,
    finalUrl: entry.finalUrl,
    chain: [],
    attempts: 0,
    error: null,
    via: 'ledger',
  };
}

/** The entry after a fresh result (reused results do not change the ledger). */
export function nextEntry(previous: LedgerEntry | undefined, result: LinkResult, now: number): LedgerEntry {
  const at = new Date(now).toISOString();
  const base = { outcome: result.outcome, status: result.status, finalUrl: result.finalUrl, permanent: result.permanent, checkedAt: at };
  if (!isFailure(result.outcome)) return { ...base, consecutiveFailures: 0 };
  return {
    ...base,
    firstFailureAt: previous?.firstFailureAt ?? at,
    consecutiveFailures: (previous?.consecutiveFailures ?? 0) + 1,
  };
}

/** Whether failures have lasted long enough for a scheduled run to call the link broken. */
export function failureConfirmed(entry: LedgerEntry, now: number, policy: LedgerPolicy): boolean {
  if (!entry.firstFailureAt) return false;
  return entry.consecutiveFailures >= policy.confirmFailures && now - Date.parse(entry.firstFailureAt) >= policy.confirmSpanMs;
}

/** Parses a ledger file; anything unreadable starts a fresh ledger (it is only a cache). */
export function parseLedger(text: string | undefined): Ledger {
  if (text === undefined) return emptyLedger();
  try {
    const value = JSON.parse(text) as Partial<Ledger>;
    if (value.version === 1 && value.entries && typeof value.entries === 'object') return value as Ledger;
  } catch {
    // fall through
  }
  return emptyLedger();
}

/** Deterministic bytes: URLs sorted, so a saved ledger diffs cleanly. */
export function serializeLedger(ledger: Ledger): string {
  const entries = Object.fromEntries(Object.entries(ledger.entries).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return `${JSON.stringify({ version: 1, entries }, null, 1)}\n`;
}
