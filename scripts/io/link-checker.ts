/**
 * Checks URLs over the network with undici, politely: a global and a per-host concurrency
 * limit (p-limit), HEAD first and GET only when HEAD is refused, never reading a body it does
 * not need, following redirects itself, retrying only what can recover. DOIs and GitHub
 * repositories are asked of their APIs, which answer bots honestly. Every dependency on the
 * outside world (clock, sleep, randomness, DNS, provider base URLs) is an option, for tests.
 */
import dns from 'node:dns';
import type { LookupFunction, Socket } from 'node:net';
import pLimit, { type LimitFunction } from 'p-limit';
import { Agent, buildConnector, request, type Dispatcher } from 'undici';
import { isPrivateAddress, refusedUrl } from '../core/links/address.ts';
import { outcomeOfStatus, type Hop, type LinkResult, type Outcome } from '../core/links/outcome.ts';
import { ruleForHost, type LinkPolicy } from '../core/links/policy.ts';
import { decideRetry, parseRetryAfter, type RetryOptions } from '../core/links/retry.ts';

export interface CheckerOptions {
  /** Requests in flight at once, over all hosts. */
  concurrency: number;
  /** Requests in flight at once to one host. */
  hostConcurrency: number;
  /** Per request: connection, TLS and response headers must arrive within this. */
  timeoutMs: number;
  retry: RetryOptions;
  userAgent: string;
  /** Allow private, loopback and link-local addresses (local testing only). */
  allowPrivate: boolean;
  policy: LinkPolicy;
  /** Base URLs, replaceable by local fakes in tests. */
  providers: { doi: string; github: string };
  githubToken?: string;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  random: () => number;
  lookup?: LookupFunction;
  onResult?: (result: LinkResult) => void;
}

export const MAX_REDIRECTS = 10;
const PERMANENT = new Set([301, 308]);
const REDIRECT = new Set([301, 302, 303, 307, 308]);
const MAX_JSON_BYTES = 1024 * 1024;
/** HEAD answers that GET would only repeat; anything else ≥ 400 (405, 501, 400, 403, 5xx…) is asked again with GET. */
const HEAD_IS_FINAL = new Set([404, 410]);

/** Result plus the low-level error code, which the offline detector needs and reports do not. */
export type CheckedLink = LinkResult & { errorCode?: string };

interface Attempted {
  status?: number;
  headers?: Record<string, string | string[] | undefined>;
  json?: unknown;
  code?: string;
  error?: string;
  attempts: number;
}

class PrivateAddressError extends Error {
  code = 'ERR_PRIVATE_ADDRESS';
}

/**
 * The address check happens twice: in DNS lookup (so no connection is even attempted) and on
 * the connected socket's remote address (so an IP literal, or a resolver answering differently
 * the second time — DNS rebinding — cannot slip past).
 */
function guardedAgent(options: CheckerOptions): Agent {
  const baseLookup: LookupFunction = options.lookup ?? (dns.lookup as unknown as LookupFunction);
  const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
    baseLookup(hostname, lookupOptions, (error, address, family) => {
      if (error || options.allowPrivate) return (callback as (...a: unknown[]) => void)(error, address, family);
      const addresses = Array.isArray(address) ? address.map((a) => a.address) : [address];
      const bad = addresses.find((a) => isPrivateAddress(a));
      if (bad) return (callback as (...a: unknown[]) => void)(new PrivateAddressError(`${hostname} resolves to ${bad}, a private or local address`));
      (callback as (...a: unknown[]) => void)(null, address, family);
    });
  };
  const connector = buildConnector({ timeout: options.timeoutMs, lookup } as Parameters<typeof buildConnector>[0]);
  return new Agent({
    connect: (connectOptions, callback) =>
      connector(connectOptions, (error, socket) => {
        if (error || !socket) return callback(error ?? new Error('no socket'), null);
        const remote = (socket as Socket).remoteAddress;
        if (!options.allowPrivate && remote !== undefined && isPrivateAddress(remote)) {
          socket.destroy();
          return callback(new PrivateAddressError(`${connectOptions.hostname} connected to ${remote}, a private or local address`), null);
        }
        callback(null, socket);
      }),
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
  });
}

function describeError(error: unknown): { code: string; message: string } {
  const e = error as { code?: unknown; name?: string; message?: string; cause?: { code?: unknown; message?: string } };
  // An aborted AbortSignal.timeout() arrives as a DOMException whose `code` is a number.
  const stringCode = [e.code, e.cause?.code].find((c): c is string => typeof c === 'string');
  const code = e.name === 'TimeoutError' || e.name === 'AbortError' ? 'TIMEOUT' : (stringCode ?? 'ERROR');
  const messages: Record<string, string> = {
    ENOTFOUND: 'DNS: host not found',
    EAI_AGAIN: 'DNS: lookup failed (temporary)',
    ECONNREFUSED: 'connection refused',
    ECONNRESET: 'connection reset by the server',
    UND_ERR_SOCKET: 'connection closed by the server',
    TIMEOUT: 'no response within the timeout',
    UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
    UND_ERR_HEADERS_TIMEOUT: 'no response within the timeout',
    ENETUNREACH: 'network unreachable',
    EHOSTUNREACH: 'host unreachable',
  };
  const tls = /CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code);
  return { code, message: messages[code] ?? (tls ? `TLS: ${code}` : e.message ?? e.cause?.message ?? code) };
}

export function createChecker(options: CheckerOptions) {
  const agent = guardedAgent(options);
  const global = pLimit(options.concurrency);
  const hosts = new Map<string, LimitFunction>();
  const limiterFor = (host: string) => {
    let limit = hosts.get(host);
    if (!limit) hosts.set(host, (limit = pLimit(options.hostConcurrency)));
    return limit;
  };

  /** One HTTP exchange: headers only, body discarded unread (or read as JSON for APIs). */
  async function once(url: string, method: 'HEAD' | 'GET', headers: Record<string, string>, readJson: boolean): Promise<Attempted> {
    try {
      const response = await request(url, {
        method,
        headers: { 'user-agent': options.userAgent, accept: readJson ? 'application/json' : '*/*', ...headers },
        dispatcher: agent, // its connect and headers timeouts bound every request
      });
      let json: unknown;
      if (readJson && response.statusCode === 200) {
        const chunks: Buffer[] = [];
        let size = 0;
        for await (const chunk of response.body) {
          size += (chunk as Buffer).length;
          if (size > MAX_JSON_BYTES) break;
          chunks.push(chunk as Buffer);
        }
        try {
          json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          json = undefined;
        }
      }
      if (method === 'HEAD') await response.body.dump();
      else await discard(response.body, response.headers['content-length']);
      return { status: response.statusCode, headers: response.headers, json, attempts: 1 };
    } catch (error) {
      const { code, message } = describeError(error);
      return { code, error: message, attempts: 1 };
    }
  }

  /** One request with retries, inside the host's politeness limit; waits hold the host slot, not a global one. */
  function attempt(url: string, method: 'HEAD' | 'GET', headers: Record<string, string> = {}, readJson = false): Promise<Attempted> {
    const host = new URL(url).host;
    return limiterFor(host)(async () => {
      let attempts = 0;
      for (;;) {
        const result = await global(() => once(url, method, headers, readJson));
        attempts += 1;
        const retryAfter = result.headers?.['retry-after'];
        const decision = decideRetry(
          attempts - 1,
          {
            ...(result.status !== undefined ? { status: result.status } : {}),
            ...(result.code !== undefined ? { code: result.code } : {}),
            ...(typeof retryAfter === 'string' ? { retryAfterMs: parseRetryAfter(retryAfter, options.now()) } : {}),
          },
          options.retry,
          options.random,
        );
        if (!decision.retry) return { ...result, attempts, ...(decision.reason ? { error: decision.reason } : {}) };
        await options.sleep(decision.delayMs);
      }
    });
  }

  async function checkHttp(start: string): Promise<CheckedLink> {
    const chain: Hop[] = [];
    const seen = new Set<string>();
    let url = start;
    let attempts = 0;
    for (;;) {
      const parsed = new URL(url);
      const refusal = refusedUrl(parsed);
      if (refusal) return finish(start, 'broken', null, url, chain, attempts, refusal);
      const rule = ruleForHost(options.policy, parsed.hostname);
      if (rule?.skip) return { ...finish(start, 'skipped', null, url, chain, attempts, null), via: 'policy', note: rule.reason };
      seen.add(url);
      const headers = rule?.headers ?? {};
      let result = await attempt(url, 'HEAD', headers);
      attempts += result.attempts;
      const headRefused =
        result.status !== undefined
          ? result.status >= 400 && !HEAD_IS_FINAL.has(result.status) && !rule?.accept.includes(result.status)
          : result.code === 'ECONNRESET' || result.code === 'UND_ERR_SOCKET';
      if (headRefused) {
        // HEAD refused or unreliable (405, 501, 403, …): ask with GET, discarding the body.
        result = await attempt(url, 'GET', headers);
        attempts += result.attempts;
      }
      if (result.status === undefined) {
        const outcome: Outcome = result.code === 'TIMEOUT' || result.code?.endsWith('_TIMEOUT') ? 'timeout' : 'broken';
        return { ...finish(start, outcome, null, url, chain, attempts, result.error ?? 'request failed'), ...(result.code ? { errorCode: result.code } : {}) };
      }
      const status = result.status;
      const location = result.headers?.location;
      if (REDIRECT.has(status) && typeof location === 'string') {
        chain.push({ url, status });
        const next = new URL(location, url);
        next.hash = '';
        const target = next.href;
        if (seen.has(target)) return finish(start, 'broken', status, target, chain, attempts, `redirect loop back to ${target}`);
        if (chain.length >= MAX_REDIRECTS) return finish(start, 'broken', status, target, chain, attempts, `more than ${MAX_REDIRECTS} redirects`);
        url = target;
        continue;
      }
      if (challenged(result.headers)) return finish(start, 'blocked', status, url, chain, attempts, 'bot challenge (Cloudflare)');
      let outcome = outcomeOfStatus(status, rule?.accept ?? []);
      if (outcome === 'ok' && chain.length > 0) outcome = 'redirected';
      const error = outcome === 'ok' || outcome === 'redirected' ? null : (result.error ?? `HTTP ${status}`);
      return finish(start, outcome, status, url, chain, attempts, error);
    }
  }

  function finish(url: string, outcome: Outcome, status: number | null, finalUrl: string, chain: Hop[], attempts: number, error: string | null): CheckedLink {
    const permanent = outcome === 'redirected' && chain.length > 0 && chain.every((hop) => PERMANENT.has(hop.status));
    return { url, outcome, status, permanent, finalUrl, chain, attempts, error, via: 'http' };
  }

  /** DOIs: the handle API says whether the DOI is registered, without the publisher's bot wall. */
  async function checkDoi(url: string, doi: string): Promise<CheckedLink> {
    const api = `${options.providers.doi.replace(/\/$/, '')}/api/handles/${doi}`;
    const result = await attempt(api, 'GET', {}, true);
    const body = result.json as { responseCode?: number; values?: { type: string; data: { value: string } }[] } | undefined;
    if (result.status === 200 && body?.responseCode === 1) {
      const target = body.values?.find((v) => v.type === 'URL')?.data.value ?? url;
      return { ...finish(url, 'ok', 200, target, [], result.attempts, null), via: 'doi' };
    }
    if (result.status === 404 || body?.responseCode === 100) {
      return { ...finish(url, 'broken', result.status ?? null, url, [], result.attempts, `DOI ${doi} is not registered`), via: 'doi' };
    }
    // The API itself failed: fall back to the resolver page.
    return checkHttp(url);
  }

  /** GitHub repositories: the REST API tells existence, renames and archiving. */
  async function checkGithub(url: string, owner: string, repo: string): Promise<CheckedLink> {
    const headers: Record<string, string> = { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' };
    if (options.githubToken) headers.authorization = `Bearer ${options.githubToken}`;
    const base = options.providers.github.replace(/\/$/, '');
    let result = await attempt(`${base}/repos/${owner}/${repo}`, 'GET', headers, true);
    let attempts = result.attempts;
    const location = result.headers?.location;
    if ((result.status === 301 || result.status === 307) && typeof location === 'string') {
      result = await attempt(new URL(location, base).href, 'GET', headers, true);
      attempts += result.attempts;
    }
    const body = result.json as { full_name?: string; html_url?: string; archived?: boolean } | undefined;
    if (result.status === 200 && body?.full_name) {
      const moved = body.full_name.toLowerCase() !== `${owner}/${repo}`.toLowerCase();
      if (moved) {
        const target = body.html_url ?? `https://github.com/${body.full_name}`;
        return { ...finish(url, 'redirected', 200, target, [{ url, status: 301 }], attempts, null), permanent: true, via: 'github', ...(body.archived ? { note: 'repository archived' } : {}) };
      }
      return { ...finish(url, 'ok', 200, url, [], attempts, null), via: 'github', ...(body.archived ? { note: 'repository archived' } : {}) };
    }
    if (result.status === 404) return { ...finish(url, 'broken', 404, url, [], attempts, 'repository not found (deleted, renamed away, or private)'), via: 'github' };
    // Rate limit or API trouble: the page itself is the next best witness.
    const page = await checkHttp(url);
    return { ...page, attempts: page.attempts + attempts };
  }

  async function check(url: string): Promise<CheckedLink> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return finish(url, 'broken', null, url, [], 0, 'not a valid URL');
    }
    const refusal = refusedUrl(parsed);
    if (refusal) return finish(url, 'broken', null, url, [], 0, refusal);
    const host = parsed.hostname.toLowerCase();
    if ((host === 'doi.org' || host === 'dx.doi.org') && /^\/10\.\d{4,9}\/.+/.test(parsed.pathname)) {
      return checkDoi(url, decodeURIComponent(parsed.pathname.slice(1)));
    }
    const repo = /^\/([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+?)(?:\.git)?\/?$/.exec(parsed.pathname);
    if ((host === 'github.com' || host === 'www.github.com') && repo && !GITHUB_RESERVED.has(repo[1]!.toLowerCase()) && !parsed.search) {
      return checkGithub(url, repo[1]!, repo[2]!);
    }
    return checkHttp(url);
  }

  return {
    async checkAll(urls: readonly string[]): Promise<CheckedLink[]> {
      // undici closes the connection after every HEAD (undici#258) and builds an Error each time;
      // capturing those stacks cost a sixth of the checker's CPU. Nothing reads them.
      const stackTraceLimit = Error.stackTraceLimit;
      Error.stackTraceLimit = 0;
      try {
        return await Promise.all(
          urls.map(async (url) => {
            const result = await check(url);
            options.onResult?.(result);
            return result;
          }),
        );
      } finally {
        Error.stackTraceLimit = stackTraceLimit;
      }
    },
    close: () => agent.close(),
  };
}

/** Small bodies that are known to be small. */
const SMALL_BODY_BYTES = 16 * 1024;

/**
 * Never download more than a verdict needs. A body that is empty (any HEAD answer, whatever
 * its Content-Length says) or declared small (short error pages) is read to its end so the connection can be reused — fewer handshakes is kinder
 * to the host; anything else is cut off right after the headers.
 */
async function discard(body: Dispatcher.ResponseData['body'], contentLength: string | string[] | undefined): Promise<void> {
  body.on('error', () => {}); // an aborted body reports an error nobody needs
  const length = typeof contentLength === 'string' ? Number(contentLength) : Number.NaN;
  if (length <= SMALL_BODY_BYTES) {
    await body.dump({ limit: SMALL_BODY_BYTES, signal: AbortSignal.timeout(1000) }).catch(() => body.destroy());
  } else {
    body.destroy();
  }
}

const GITHUB_RESERVED = new Set(['orgs', 'topics', 'sponsors', 'features', 'about', 'marketplace', 'settings', 'login', 'apps', 'collections', 'explore', 'search', 'enterprise', 'pricing']);

function challenged(headers: Record<string, string | string[] | undefined> | undefined): boolean {
  return headers?.['cf-mitigated'] === 'challenge';
}
