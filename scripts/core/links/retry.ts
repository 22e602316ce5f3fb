/**
 * When to try again and how long to wait: pure functions, so the politeness rules can be read
 * and tested without a network. Retry only what can recover; honour Retry-After up to a cap.
 */

export interface RetryOptions {
  /** Attempts after the first. */
  retries: number;
  /** First backoff step, doubled each attempt. */
  baseDelayMs: number;
  /** No single wait is longer than this, Retry-After included. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { retries: 3, baseDelayMs: 500, maxDelayMs: 30_000 };

export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599 && status !== 501);
}

/** Transient network failures; DNS "not found", refusals and TLS errors are answers, not hiccups. */
const RETRYABLE_ERRORS = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'TIMEOUT',
]);

export function isRetryableError(code: string | undefined): boolean {
  return code !== undefined && RETRYABLE_ERRORS.has(code);
}

/** `Retry-After` as milliseconds from `now`: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Exponential backoff with "equal jitter": half fixed, half random, so retries from many jobs spread out. */
export function backoffDelay(attempt: number, options: RetryOptions, random: () => number): number {
  const step = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt);
  return Math.round(step / 2 + (step / 2) * random());
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; reason?: string };

/**
 * Decides after a failed attempt (`attempt` counts from 0). A Retry-After longer than the cap
 * is not waited out: the link is reported instead, naming the wait the server asked for.
 */
export function decideRetry(
  attempt: number,
  failure: { status?: number; code?: string; retryAfterMs?: number },
  options: RetryOptions,
  random: () => number,
): RetryDecision {
  const retryable = failure.status !== undefined ? isRetryableStatus(failure.status) : isRetryableError(failure.code);
  if (!retryable || attempt >= options.retries) return { retry: false };
  if (failure.retryAfterMs !== undefined) {
    if (failure.retryAfterMs > options.maxDelayMs) {
      return { retry: false, reason: `server asked to wait ${Math.round(failure.retryAfterMs / 1000)} s (Retry-After), more than the ${options.maxDelayMs / 1000} s cap` };
    }
    return { retry: true, delayMs: failure.retryAfterMs };
  }
  return { retry: true, delayMs: backoffDelay(attempt, options, random) };
}
