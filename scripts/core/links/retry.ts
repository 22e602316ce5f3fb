/**
 * What to ask next about one URL, and how long to wait first: pure functions, so the politeness
 * rules can be read and tested without a network.
 *
 * Every URL has a budget of requests per run, the HEAD→GET fallback included. Only what can
 * recover soon is retried (5xx, 408, 429, resets, a temporary DNS failure), with backoff and
 * jitter, honouring Retry-After up to a cap. A timeout is never retried within a run: waiting
 * out the same silence again would double the slowest path of the whole run, and the ledger's
 * grace rule (`--grace`) is what tells a flaky link from a dead one, across runs.
 */

export interface RetryOptions {
  /** Requests to one URL per run, the HEAD→GET fallback and retries included. */
  maxRequests: number;
  /** First backoff step, doubled each retry. */
  baseDelayMs: number;
  /** No single wait is longer than this, Retry-After included. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { maxRequests: 3, baseDelayMs: 500, maxDelayMs: 30_000 };

export type Method = 'HEAD' | 'GET';

/** One request and what came of it: a status, or the error code when no answer came. */
export interface Try {
  method: Method;
  status?: number;
  code?: string;
  retryAfterMs?: number;
}

/** HEAD answers that GET would only repeat. */
const HEAD_IS_FINAL = new Set([404, 410]);

export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599 && status !== 501);
}

/**
 * An answer that is not valid HTTP (undici's parser errors, HPE_*). On a kept-alive connection
 * it is most likely the leftover of the previous answer — a body some servers send after a HEAD
 * answer — and undici drops that connection, so asking again reads a clean answer.
 */
export const GARBLED = 'HPE';

/** Transient failures; DNS "not found", refusals and TLS errors are answers, not hiccups. */
const RETRYABLE_ERRORS = new Set(['ECONNRESET', 'EPIPE', 'EAI_AGAIN', 'UND_ERR_SOCKET']);

function isGarbled(code: string): boolean {
  return code.startsWith(GARBLED);
}

export function isRetryableError(code: string | undefined): boolean {
  return code !== undefined && (RETRYABLE_ERRORS.has(code) || isGarbled(code));
}

/** No answer within the time allowed (ours, the connection's, or the operating system's). */
export function isTimeout(code: string | undefined): boolean {
  return code !== undefined && (code === 'TIMEOUT' || code === 'ETIMEDOUT' || code.endsWith('_TIMEOUT'));
}

/** A connection cut without an answer, or a garbled one: some servers do that to HEAD only. */
const CUT_OFF = new Set(['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE']);

/**
 * HEAD refused or unreliable (405, 501, 400, 403, 5xx, a reset…): GET may answer differently.
 * 404 and 410 would only be repeated, 408 and 429 concern the client not the method, and a
 * status the host policy accepts is already a verdict.
 */
export function headRefused(attempt: Try, accepted: readonly number[] = []): boolean {
  if (attempt.status === undefined) return attempt.code !== undefined && (CUT_OFF.has(attempt.code) || isGarbled(attempt.code));
  const status = attempt.status;
  return status >= 400 && !HEAD_IS_FINAL.has(status) && status !== 408 && status !== 429 && !accepted.includes(status);
}

/** HEAD first, when the budget leaves room for the GET that may have to follow it. */
export function firstMethod(options: RetryOptions): Method {
  return options.maxRequests >= 2 ? 'HEAD' : 'GET';
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
export function backoffDelay(retry: number, options: RetryOptions, random: () => number): number {
  const step = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** retry);
  return Math.round(step / 2 + (step / 2) * random());
}

export type NextStep = { request: Method; delayMs: number } | { request: undefined; reason?: string };

const STOP: NextStep = { request: undefined };

/**
 * After the tries so far (oldest first, at least one), the next request, or none. A Retry-After
 * longer than the cap is not waited out: the link is reported instead, naming the wait asked for.
 */
export function nextStep(tries: readonly Try[], options: RetryOptions, random: () => number, accepted: readonly number[] = []): NextStep {
  const last = tries.at(-1);
  if (!last || tries.length >= options.maxRequests || isTimeout(last.code)) return STOP;
  const retryable = last.status !== undefined ? isRetryableStatus(last.status) : isRetryableError(last.code);
  // Retry-After only means something with a status that asks to come back later.
  const askedToWait = retryable ? last.retryAfterMs : undefined;
  if (askedToWait !== undefined && askedToWait > options.maxDelayMs) {
    return { request: undefined, reason: `server asked to wait ${Math.round(askedToWait / 1000)} s (Retry-After), more than the ${options.maxDelayMs / 1000} s cap` };
  }
  // Asking with GET is not a retry of the same question: no backoff, unless the server asked for a wait.
  if (last.method === 'HEAD' && headRefused(last, accepted)) return { request: 'GET', delayMs: askedToWait ?? 0 };
  if (!retryable) return STOP;
  const retry = tries.filter((t) => t.method === last.method).length - 1;
  return { request: last.method, delayMs: askedToWait ?? backoffDelay(retry, options, random) };
}
