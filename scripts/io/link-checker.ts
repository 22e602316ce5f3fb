/**
 * Checks URLs over the network with undici, politely: a per-host concurrency limit (p-limit)
 * under which each host's queue drains at its own pace, a global limit only as a safety cap,
 * HEAD first and GET only when HEAD is refused, never reading a body it does not need, following
 * redirects itself, and at most `retry.maxRequests` requests to one URL per run
 * (core/links/retry.ts decides what to ask next). Connections are kept alive and reused, at
 * most the per-host limit of them per origin, and a host name is looked up once per run. DOIs
 * and GitHub repositories are asked of their APIs, which answer bots honestly. A run stops early, with the links it did not reach
 * reported `unchecked`, when its deadline passes or when the network turns out to be missing.
 * Every dependency on the outside world (clock, sleep, randomness, DNS, provider base URLs,
 * the deadline) is an option, for tests.
 */
import dns from 'node:dns';
import { EventEmitter } from 'node:events';
import { isIP, type LookupFunction, type Socket } from 'node:net';
import pLimit, { type LimitFunction } from 'p-limit';
import { Agent, buildConnector, request, type Dispatcher } from 'undici';
import { isPrivateAddress, refusedUrl } from '../core/links/address.ts';
import { networkWatch, OFFLINE_SAMPLE, type NetworkWatch } from '../core/links/offline.ts';
import { outcomeOfStatus, type CheckedLink, type Hop, type LinkResult, type Outcome } from '../core/links/outcome.ts';
import { ruleForHost, type LinkPolicy } from '../core/links/policy.ts';
import { firstMethod, GARBLED, isTimeout, nextStep, parseRetryAfter, type Method, type RetryOptions, type Try } from '../core/links/retry.ts';

export interface CheckerOptions {
  /**
   * Requests in flight at once, over all hosts: a safety cap (sockets, memory), not the pace.
   * Set it below hosts × hostConcurrency and hosts wait for each other's turns.
   */
  concurrency: number;
  /** Requests in flight at once to one host. */
  hostConcurrency: number;
  /** Per request: name lookup, connection, TLS and response headers must all arrive within this. */
  timeoutMs: number;
  retry: RetryOptions;
  userAgent: string;
  /** Allow private, loopback and link-local addresses (local testing only). */
  allowPrivate: boolean;
  /**
   * Which addresses are private (core/links/address.ts unless given): tests let one loopback
   * address stand for the public internet, to reach a redirect that leads inside.
   */
  isPrivate?: (address: string) => boolean;
  policy: LinkPolicy;
  /** Base URLs, replaceable by local fakes in tests. */
  providers: { doi: string; github: string };
  githubToken?: string;
  /** Waits (backoff, Retry-After); the signal aborts when the run stops. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  now: () => number;
  random: () => number;
  lookup?: LookupFunction;
  onResult?: (result: LinkResult) => void;
  /** When it aborts, requests in flight are abandoned and links not judged yet are reported `unchecked`. */
  deadline?: AbortSignal;
}

export const MAX_REDIRECTS = 10;
const PERMANENT = new Set([301, 308]);
const REDIRECT = new Set([301, 302, 303, 307, 308]);
const MAX_JSON_BYTES = 1024 * 1024;

/** What one HTTP exchange came to: a response, or the error code and its explanation. */
interface Answer {
  status?: number;
  headers?: Record<string, string | string[] | undefined>;
  json?: unknown;
  code?: string;
  error?: string;
}

/** What asking about one URL came to, within its budget. */
interface Asked {
  answer: Answer;
  /** Requests actually made (each counts, answered or not). */
  attempts: number;
  /** The run stopped before a verdict. */
  stopped: boolean;
  /** Why the checker gave up early, when it did (e.g. a Retry-After beyond the cap). */
  reason?: string;
}

type StopReason = 'deadline' | 'offline';

const NOT_CHECKED: Record<StopReason, string> = {
  deadline: 'not checked: the run reached its time limit (--max-duration)',
  offline: 'not checked: the network is unavailable',
};

/** Abort reasons, told apart by identity. */
const TIMED_OUT = new Error('no response within the timeout');
const STOPPED = new Error('the run stopped');

/**
 * One request's off switch. undici takes an EventEmitter as its signal: a fraction of the cost
 * of an AbortController (an EventTarget), paid on every request.
 */
class Switch extends EventEmitter {
  aborted = false;
  reason: Error | undefined;
  abort(reason: Error): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.emit('abort');
  }
}

class PrivateAddressError extends Error {
  code = 'ERR_PRIVATE_ADDRESS';
}

/**
 * One lookup per name for the whole run, shared by every connection to it: hundreds of hosts
 * connecting at once would otherwise queue a lookup per connection in libuv's four resolver
 * threads, each counting against its request's timeout. A temporary failure (EAI_AGAIN) is
 * forgotten, so that the retry asks again.
 */
function sharedLookup(base: LookupFunction): LookupFunction {
  const answers = new Map<string, Promise<unknown[]>>();
  return (hostname, lookupOptions, callback) => {
    const { family, all, hints } = lookupOptions as { family?: unknown; all?: boolean; hints?: number };
    const key = `${hostname}|${String(family ?? 0)}|${all ? 'all' : 'one'}|${hints ?? 0}`;
    let answer = answers.get(key);
    if (!answer) {
      answer = new Promise((resolve) => base(hostname, lookupOptions, (...result: unknown[]) => resolve(result)));
      answers.set(key, answer);
      void answer.then(([error]) => {
        if ((error as { code?: string } | null)?.code === 'EAI_AGAIN') answers.delete(key);
      });
    }
    void answer.then((result) => (callback as (...a: unknown[]) => void)(...result));
  };
}

/**
 * The address check happens on every connection, whoever asked for it (a page, a redirect, a
 * provider's API), before it is opened: on the address written in the URL, which is never looked
 * up, or on every address the lookup gave (one private answer refuses the name: no "next
 * address" is tried). The connected socket's remote address is checked again, as a second line
 * (a resolver answering differently the second time — DNS rebinding — cannot slip past).
 * Checking before connecting matters: a refused connection ("connection refused") would tell a
 * closed port from an open one. `reached` hears of every name resolved and every connection
 * opened: proof that the network is there.
 *
 * Connections are reused (keep-alive, one request at a time), at most `hostConcurrency` per
 * origin: a handshake per request costs the host and, on a small machine, most of the
 * checker's CPU.
 */
function guardedAgent(options: CheckerOptions, reached: () => void): Agent {
  const isPrivate = options.isPrivate ?? isPrivateAddress;
  const baseLookup = sharedLookup(options.lookup ?? (dns.lookup as unknown as LookupFunction));
  const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
    baseLookup(hostname, lookupOptions, (error, address, family) => {
      if (!error) reached();
      if (error || options.allowPrivate) return (callback as (...a: unknown[]) => void)(error, address, family);
      const addresses = Array.isArray(address) ? address.map((a) => a.address) : [address];
      const bad = addresses.find((a) => isPrivate(a));
      if (bad) return (callback as (...a: unknown[]) => void)(new PrivateAddressError(`${hostname} resolves to ${bad}, a private or local address`));
      (callback as (...a: unknown[]) => void)(null, address, family);
    });
  };
  const connector = buildConnector({ timeout: options.timeoutMs, lookup } as Parameters<typeof buildConnector>[0]);
  return new Agent({
    connect: (connectOptions, callback) => {
      const literal = connectOptions.hostname.replace(/^\[|\]$/g, '');
      if (!options.allowPrivate && isIP(literal) && isPrivate(literal)) return callback(new PrivateAddressError(`${literal} is a private or local address`), null);
      return connector(connectOptions, (error, socket) => {
        if (error || !socket) return callback(error ?? new Error('no socket'), null);
        reached();
        const remote = options.allowPrivate ? undefined : (socket as Socket).remoteAddress;
        if (remote !== undefined && isPrivate(remote)) {
          socket.destroy();
          return callback(new PrivateAddressError(`${connectOptions.hostname} connected to ${remote}, a private or local address`), null);
        }
        callback(null, socket);
      });
    },
    // Backstops only: each request carries its own, exact, timer (undici's are coarse above 1 s).
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    connections: options.hostConcurrency,
    pipelining: 1,
  });
}

function describeError(error: unknown): { code: string; error: string } {
  const e = error as { code?: unknown; name?: string; message?: string; cause?: { code?: unknown; message?: string } };
  const stringCode = [e.code, e.cause?.code].find((c): c is string => typeof c === 'string');
  // undici's parser errors should carry an HPE_* code and, in this version, carry none.
  const code = e.name === 'TimeoutError' ? 'TIMEOUT' : (stringCode ?? (e.name === 'HTTPParserError' ? GARBLED : 'ERROR'));
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
    [GARBLED]: 'the answer is not valid HTTP',
  };
  const tls = /CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code);
  return { code, error: messages[code] ?? (tls ? `TLS: ${code}` : e.message ?? e.cause?.message ?? code) };
}

/** Distinct hosts a list of URLs will send requests to (refused, policy-skipped and unparseable ones aside). */
function requestedHosts(urls: readonly string[], refused: (url: URL) => string | undefined, policy: LinkPolicy): number {
  const hosts = new Set<string>();
  for (const url of urls) {
    if (!URL.canParse(url)) continue;
    const parsed = new URL(url);
    if (!refused(parsed) && !ruleForHost(policy, parsed.hostname)?.skip) hosts.add(parsed.hostname.toLowerCase());
  }
  return hosts.size;
}

/**
 * The run's off switch (deadline, or no network) and the two limits. Until the network has shown
 * it is there, only a few requests go out at once, so a machine without one finds out after a
 * handful of lookups rather than a wave of them.
 */
function runControl(options: CheckerOptions) {
  const controller = new AbortController();
  const inFlight = new Set<Switch>();
  const global = pLimit(Math.min(options.concurrency, OFFLINE_SAMPLE));
  const hosts = new Map<string, LimitFunction>();
  let reason: StopReason | undefined;
  let watch: NetworkWatch = networkWatch(1);
  const openIfSeen = () => {
    if (!watch.probing && global.concurrency !== options.concurrency) global.concurrency = options.concurrency;
  };
  const stop = (why: StopReason) => {
    if (reason) return;
    reason = why;
    controller.abort(STOPPED);
    for (const request of inFlight) request.abort(STOPPED);
  };
  const stopped = new Promise<void>((resolve) => controller.signal.addEventListener('abort', () => resolve(), { once: true }));
  return {
    global,
    inFlight,
    stop,
    get reason() {
      return reason;
    },
    get network() {
      return watch;
    },
    watchHosts(count: number) {
      watch = networkWatch(count);
    },
    limiterFor(host: string): LimitFunction {
      let limit = hosts.get(host);
      if (!limit) hosts.set(host, (limit = pLimit(options.hostConcurrency)));
      return limit;
    },
    /** A name resolved or a connection opened. */
    reached() {
      watch.reached();
      openIfSeen();
    },
    /** Every request's end, before any retry is considered: the offline detector must not wait for retries. */
    tried(host: string, code: string | undefined) {
      if (watch.tried(host, code) === 'down') stop('offline');
      openIfSeen();
    },
    /** Waits `ms`, or less if the run stops meanwhile. */
    async pause(ms: number): Promise<void> {
      if (ms <= 0 || reason) return;
      await Promise.race([options.sleep(ms, controller.signal).catch(() => undefined), stopped]);
    },
  };
}

type RunControl = ReturnType<typeof runControl>;

/** One HTTP exchange: headers only, body discarded unread (or read as JSON for APIs), within the timeout. */
async function exchange(options: CheckerOptions, agent: Agent, run: RunControl, url: string, method: Method, headers: Record<string, string>, readJson: boolean): Promise<Answer> {
  const off = new Switch();
  const timer = setTimeout(() => off.abort(TIMED_OUT), options.timeoutMs);
  run.inFlight.add(off);
  try {
    const response = await request(url, {
      method,
      headers: { 'user-agent': options.userAgent, accept: readJson ? 'application/json' : '*/*', ...headers },
      dispatcher: agent,
      // undici closes the connection after every HEAD, in case the server sends a body anyway
      // (undici#258). Kept open instead: undici still closes it when the answer says so or has
      // no length, and a leftover body that garbles the next answer is retried (core/links/retry.ts).
      ...(method === 'HEAD' ? { reset: false } : {}),
      signal: off,
    });
    clearTimeout(timer); // the timeout bounds the wait for an answer; the body has undici's own
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
    return { status: response.statusCode, headers: response.headers, json };
  } catch (error) {
    if (off.reason === STOPPED) return { code: 'STOPPED', error: 'the run stopped' };
    if (off.reason === TIMED_OUT) return { code: 'TIMEOUT', error: 'no response within the timeout' };
    return describeError(error);
  } finally {
    clearTimeout(timer);
    run.inFlight.delete(off);
  }
}

/**
 * Asks about one URL within its budget of requests: HEAD, then GET if HEAD is refused, then
 * retries while nextStep() allows. Inside the host's politeness limit; waits hold the host slot,
 * not a global one.
 */
function asker(options: CheckerOptions, agent: Agent, run: RunControl) {
  return (url: string, headers: Record<string, string>, readJson: boolean, accepted: readonly number[], method: Method = firstMethod(options.retry)): Promise<Asked> => {
    const { host, hostname } = new URL(url);
    return run.limiterFor(host)(async () => {
      const tries: Try[] = [];
      let next = method;
      for (;;) {
        const answer = await run.global(async () => {
          if (run.reason) return undefined;
          const answer = await exchange(options, agent, run, url, next, headers, readJson);
          // Heard before the slot is freed: if this was the last proof of an outage, nothing more starts.
          if (answer.code !== 'STOPPED') run.tried(hostname, answer.code);
          return answer;
        });
        if (!answer) return { answer: {}, attempts: tries.length, stopped: true };
        const retryAfter = answer.headers?.['retry-after'];
        tries.push({
          method: next,
          ...(answer.status !== undefined ? { status: answer.status } : {}),
          ...(answer.code !== undefined ? { code: answer.code } : {}),
          ...(typeof retryAfter === 'string' ? { retryAfterMs: parseRetryAfter(retryAfter, options.now()) } : {}),
        });
        if (answer.code === 'STOPPED') return { answer, attempts: tries.length, stopped: true };
        const step = nextStep(tries, options.retry, options.random, accepted);
        if (!step.request) return { answer, attempts: tries.length, stopped: false, ...(step.reason ? { reason: step.reason } : {}) };
        await run.pause(step.delayMs);
        next = step.request;
      }
    });
  };
}

function finish(url: string, outcome: Outcome, status: number | null, finalUrl: string, chain: Hop[], attempts: number, error: string | null): CheckedLink {
  const permanent = outcome === 'redirected' && chain.length > 0 && chain.every((hop) => PERMANENT.has(hop.status));
  return { url, outcome, status, permanent, finalUrl, chain, attempts, error, via: 'http' };
}

export function createChecker(options: CheckerOptions) {
  const run = runControl(options);
  const agent = guardedAgent(options, () => run.reached());
  const ask = asker(options, agent, run);
  /** Checked on every URL and every redirect hop, before any request. */
  const refused = (url: URL) => refusedUrl(url, options.allowPrivate, options.isPrivate);
  const unchecked = (url: string, attempts: number, via: LinkResult['via'] = 'http'): CheckedLink => ({
    ...finish(url, 'unchecked', null, url, [], attempts, NOT_CHECKED[run.reason ?? 'deadline']),
    via,
  });

  /** The page itself, following redirects; `spent` counts requests already made for this link (a provider's API). */
  async function checkHttp(start: string, spent = 0): Promise<CheckedLink> {
    const chain: Hop[] = [];
    const seen = new Set<string>();
    let url = start;
    let attempts = spent;
    for (;;) {
      const parsed = new URL(url);
      const refusal = refused(parsed);
      if (refusal) return finish(start, 'broken', null, url, chain, attempts, refusal);
      const rule = ruleForHost(options.policy, parsed.hostname);
      if (rule?.skip) return { ...finish(start, 'skipped', null, url, chain, attempts, null), via: 'policy', note: rule.reason };
      seen.add(url);
      const asked = await ask(url, rule?.headers ?? {}, false, rule?.accept ?? []);
      attempts += asked.attempts;
      if (asked.stopped) return unchecked(start, attempts);
      const result = asked.answer;
      if (result.status === undefined) {
        const outcome: Outcome = isTimeout(result.code) ? 'timeout' : 'broken';
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
      const error = outcome === 'ok' || outcome === 'redirected' ? null : (asked.reason ?? `HTTP ${status}`);
      return finish(start, outcome, status, url, chain, attempts, error);
    }
  }

  /** DOIs: the handle API says whether the DOI is registered, without the publisher's bot wall. */
  async function checkDoi(url: string, doi: string): Promise<CheckedLink> {
    const api = `${options.providers.doi.replace(/\/$/, '')}/api/handles/${doi}`;
    const asked = await ask(api, {}, true, [], 'GET');
    if (asked.stopped) return unchecked(url, asked.attempts, 'doi');
    const result = asked.answer;
    const body = result.json as { responseCode?: number; values?: { type: string; data: { value: string } }[] } | undefined;
    if (result.status === 200 && body?.responseCode === 1) {
      const target = body.values?.find((v) => v.type === 'URL')?.data.value ?? url;
      return { ...finish(url, 'ok', 200, target, [], asked.attempts, null), via: 'doi' };
    }
    if (result.status === 404 || body?.responseCode === 100) {
      return { ...finish(url, 'broken', result.status ?? null, url, [], asked.attempts, `DOI ${doi} is not registered`), via: 'doi' };
    }
    // The API itself failed: fall back to the resolver page.
    return checkHttp(url, asked.attempts);
  }

  /** GitHub repositories: the REST API tells existence, renames and archiving. */
  async function checkGithub(url: string, owner: string, repo: string): Promise<CheckedLink> {
    const headers: Record<string, string> = { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' };
    if (options.githubToken) headers.authorization = `Bearer ${options.githubToken}`;
    const base = options.providers.github.replace(/\/$/, '');
    let asked = await ask(`${base}/repos/${owner}/${repo}`, headers, true, [], 'GET');
    let attempts = asked.attempts;
    const location = asked.answer.headers?.location;
    if (!asked.stopped && (asked.answer.status === 301 || asked.answer.status === 307) && typeof location === 'string') {
      asked = await ask(new URL(location, base).href, headers, true, [], 'GET');
      attempts += asked.attempts;
    }
    if (asked.stopped) return unchecked(url, attempts, 'github');
    const result = asked.answer;
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
    return checkHttp(url, attempts);
  }

  async function check(url: string): Promise<CheckedLink> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return finish(url, 'broken', null, url, [], 0, 'not a valid URL');
    }
    const refusal = refused(parsed);
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

  let used = false;
  return {
    /** Checks a list of distinct URLs, once: a checker is one run (one deadline, one verdict on the network). */
    async checkAll(urls: readonly string[]): Promise<CheckedLink[]> {
      if (used) throw new Error('a link checker checks one list; create another for the next run');
      used = true;
      run.watchHosts(requestedHosts(urls, refused, options.policy));
      const onDeadline = () => run.stop('deadline');
      if (options.deadline?.aborted) onDeadline();
      options.deadline?.addEventListener('abort', onDeadline, { once: true });
      // undici builds an Error for every connection it closes (answers saying "close", resets,
      // timeouts); capturing their stacks is CPU spent for nothing: nothing reads them.
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
        options.deadline?.removeEventListener('abort', onDeadline);
      }
    },
    /** True when the run stopped because the first hosts all failed for lack of a network. */
    get offline(): boolean {
      return run.network.state === 'down';
    },
    /** Distinct hosts that failed for lack of a network. */
    get offlineHosts(): number {
      return run.network.failedHosts;
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
