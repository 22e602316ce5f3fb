/**
 * The link checker against a real HTTP server on 127.0.0.1 (no internet): every outcome,
 * redirects, HEAD refused, Retry-After, timeouts, resets, huge bodies, politeness limits,
 * private-address refusal, DOI and GitHub providers, the ledger, changed-only mode, shards.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net, { type AddressInfo, type LookupFunction } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { diagnostic } from '../scripts/core/diagnostic.ts';
import { fromDocument, withoutGeneratedRegions } from '../scripts/core/links/collect.ts';
import { linkHealth } from '../scripts/core/links/report.ts';
import { isPrivateAddress } from '../scripts/core/links/address.ts';
import { DEFAULT_LEDGER_POLICY, parseLedger } from '../scripts/core/links/ledger.ts';
import { networkWatch, OFFLINE_SAMPLE } from '../scripts/core/links/offline.ts';
import { backoffDelay, DEFAULT_RETRY, nextStep, parseRetryAfter, type Try } from '../scripts/core/links/retry.ts';
import { inShard, parseShard, shardOfHost } from '../scripts/core/links/shard.ts';
import { createChecker, type CheckerOptions } from '../scripts/io/link-checker.ts';
import { runLinks, type LinkRunOptions } from '../scripts/app/links-run.ts';
import { checkLinks, type CheckLinksOptions, type LinkChecker } from '../scripts/pipeline.ts';
import { startServer, type TestServer } from './http-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

function options(overrides: Partial<CheckerOptions> = {}): CheckerOptions & { sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    concurrency: 16,
    hostConcurrency: 2,
    timeoutMs: 2000,
    retry: { ...DEFAULT_RETRY, baseDelayMs: 10, maxDelayMs: 5000 },
    userAgent: 'amd-test',
    allowPrivate: true,
    policy: { hosts: [] },
    providers: { doi: server.url('', 'doi'), github: server.url('', 'api') },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    now: () => Date.now(),
    random: () => 0.5,
    lookup: server.lookup,
    sleeps,
    ...overrides,
  };
}

async function check(urls: string[], overrides: Partial<CheckerOptions> = {}) {
  const opts = options(overrides);
  const checker = createChecker(opts);
  try {
    const results = await checker.checkAll(urls);
    return { results, byUrl: new Map(results.map((r) => [r.url, r])), sleeps: opts.sleeps };
  } finally {
    await checker.close();
  }
}

describe('outcomes', () => {
  test('ok, broken (404, 410, DNS, refused), blocked (401, 403, challenge)', async () => {
    const urls = ['/ok', '/not-found', '/gone', '/forbidden', '/unauthorized', '/challenge'].map((p) => server.url(p));
    const { byUrl } = await check([...urls, 'http://nowhere.invalid/', 'http://refused.test:1/']);
    const summary = (u: string) => `${byUrl.get(u)!.outcome} ${byUrl.get(u)!.status}`;
    expect(urls.map(summary)).toEqual(['ok 200', 'broken 404', 'broken 410', 'blocked 403', 'blocked 401', 'blocked 403']);
    expect(byUrl.get('http://nowhere.invalid/')).toMatchObject({ outcome: 'broken', status: null, error: 'DNS: host not found' });
    expect(byUrl.get('http://refused.test:1/')).toMatchObject({ outcome: 'broken', error: 'connection refused' });
    expect(byUrl.get(server.url('/challenge'))!.error).toContain('bot challenge');
  });

  test('HEAD refused: GET asked instead', async () => {
    const { byUrl } = await check([server.url('/head-refused')]);
    expect(byUrl.get(server.url('/head-refused'))).toMatchObject({ outcome: 'ok', status: 200, attempts: 2 });
    expect(server.methods.filter((m) => m.endsWith(' site.test/head-refused'))).toEqual(['HEAD site.test/head-refused', 'GET site.test/head-refused']);
  });

  test('redirects: permanent names the URL to switch to; temporary is fine; loops are broken', async () => {
    const { byUrl } = await check(['/moved', '/found', '/loop-a'].map((p) => server.url(p)));
    expect(byUrl.get(server.url('/moved'))).toMatchObject({ outcome: 'redirected', permanent: true, finalUrl: server.url('/ok'), status: 200, chain: [{ url: server.url('/moved'), status: 301 }] });
    expect(byUrl.get(server.url('/found'))).toMatchObject({ outcome: 'redirected', permanent: false });
    expect(byUrl.get(server.url('/loop-a'))).toMatchObject({ outcome: 'broken' });
    expect(byUrl.get(server.url('/loop-a'))!.error).toMatch(/redirect loop/);
  });

  test('a chain longer than 10 redirects is broken', async () => {
    const local = await startServer({ '/hop': (req, res) => res.writeHead(302, { location: `/hop?n=${Number(new URL(req.url!, 'http://x').searchParams.get('n') ?? 0) + 1}` }).end() });
    try {
      const opts = { ...options(), lookup: local.lookup };
      const checker = createChecker(opts);
      const [result] = await checker.checkAll([local.url('/hop')]);
      await checker.close();
      expect(result).toMatchObject({ outcome: 'broken' });
      expect(result!.chain).toHaveLength(10);
      expect(result!.error).toMatch(/more than 10 redirects/);
    } finally {
      await local.close();
    }
  });

  test('a response slower than the timeout is a timeout, without waiting for it', async () => {
    const started = Date.now();
    const { byUrl } = await check([server.url('/slow')], { timeoutMs: 300 });
    expect(byUrl.get(server.url('/slow'))).toMatchObject({ outcome: 'timeout', status: null });
    expect(Date.now() - started).toBeLessThan(2500);
  });

  test('a connection reset is retried within the budget, then reported', async () => {
    const { byUrl } = await check([server.url('/reset', 'reset')]);
    expect(byUrl.get(server.url('/reset', 'reset'))).toMatchObject({ outcome: 'broken', attempts: 3, error: expect.stringMatching(/connection (reset|closed)/) });
    expect(server.methods.filter((m) => m.startsWith('HEAD reset.test') || m.startsWith('GET reset.test'))).toEqual(['HEAD reset.test/reset', 'GET reset.test/reset', 'GET reset.test/reset']);
  });

  test('a huge body is not downloaded', async () => {
    const { byUrl } = await check([server.url('/huge')]);
    expect(byUrl.get(server.url('/huge'))).toMatchObject({ outcome: 'ok', status: 200 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.bytesSent()).toBeLessThan(8 * 1024 * 1024); // of 200 MB on offer
  });

  test('5xx: GET asked at once, then retried with backoff until it recovers', async () => {
    const { byUrl, sleeps } = await check([server.url('/flaky', 'flaky')]);
    expect(byUrl.get(server.url('/flaky', 'flaky'))).toMatchObject({ outcome: 'ok', attempts: 3 });
    expect(server.methods.filter((m) => m.includes('flaky.test'))).toEqual(['HEAD flaky.test/flaky', 'GET flaky.test/flaky', 'GET flaky.test/flaky']);
    expect(sleeps).toEqual([backoffDelay(0, { ...DEFAULT_RETRY, baseDelayMs: 10, maxDelayMs: 5000 }, () => 0.5)]);
  });

  test('429 with Retry-After in seconds and as an HTTP date is waited out', async () => {
    const { byUrl, sleeps } = await check([server.url('/limited-seconds', 'rs'), server.url('/limited-date', 'rd')]);
    expect(byUrl.get(server.url('/limited-seconds', 'rs'))).toMatchObject({ outcome: 'ok', attempts: 2 });
    expect(byUrl.get(server.url('/limited-date', 'rd'))).toMatchObject({ outcome: 'ok', attempts: 2 });
    expect(sleeps).toContain(1000);
    const dateWait = sleeps.find((s) => s !== 1000)!;
    expect(dateWait).toBeGreaterThan(0);
    expect(dateWait).toBeLessThanOrEqual(2000);
  });

  test('a Retry-After beyond the cap is reported, not waited out', async () => {
    const { byUrl, sleeps } = await check([server.url('/limited-long', 'rl')]);
    expect(byUrl.get(server.url('/limited-long', 'rl'))).toMatchObject({ outcome: 'blocked', status: 429 });
    expect(byUrl.get(server.url('/limited-long', 'rl'))!.error).toMatch(/Retry-After/);
    expect(sleeps).toEqual([]);
  });

  test('policy: accepted statuses and skipped hosts', async () => {
    const policy = {
      hosts: [
        { host: 'walled.test', accept: [403], headers: {}, skip: false, reason: 'bot wall in front of a live page' },
        { host: '*.skipped.test', accept: [], headers: {}, skip: true, reason: 'never answers bots' },
      ],
    };
    const { byUrl } = await check([server.url('/forbidden', 'walled'), server.url('/ok', 'a.skipped')], { policy });
    expect(byUrl.get(server.url('/forbidden', 'walled'))!.outcome).toBe('ok');
    expect(byUrl.get(server.url('/ok', 'a.skipped'))).toMatchObject({ outcome: 'skipped', attempts: 0, note: 'never answers bots' });
  });
});

describe('retry budget: at most 3 requests to one URL per run', () => {
  test('a server answering 500 gets HEAD, GET and one retry, and the link is broken', async () => {
    const { byUrl, sleeps } = await check([server.url('/always-500', 'failing')]);
    expect(byUrl.get(server.url('/always-500', 'failing'))).toMatchObject({ outcome: 'broken', status: 500, attempts: 3, error: 'HTTP 500' });
    expect(server.methods.filter((m) => m.includes('failing.test'))).toEqual(['HEAD failing.test/always-500', 'GET failing.test/always-500', 'GET failing.test/always-500']);
    expect(sleeps).toHaveLength(1);
  });

  test('a URL that never answers is asked once: a timeout is not retried within a run', async () => {
    const { byUrl, sleeps } = await check([server.url('/blackhole', 'silent')], { timeoutMs: 200 });
    expect(byUrl.get(server.url('/blackhole', 'silent'))).toMatchObject({ outcome: 'timeout', status: null, attempts: 1 });
    expect(server.hits.get('silent.test/blackhole')).toBe(1);
    expect(sleeps).toEqual([]);
  });

  test('attempts counts every request made for a link, its provider API included', async () => {
    const url = 'https://doi.org/10.1234/api-down';
    const { byUrl } = await check([url, server.url('/ok', 'alive')]);
    const apiRequests = server.hits.get('doi.test/api/handles/10.1234/api-down')!;
    // The resolver page is asked next (its lookup fails here): one more request.
    expect(byUrl.get(url)).toMatchObject({ outcome: 'broken', attempts: apiRequests + 1 });
    expect(apiRequests).toBe(3);
  });

  test('with a budget of one request, GET is asked directly', async () => {
    const { byUrl } = await check([server.url('/head-refused', 'one')], { retry: { ...DEFAULT_RETRY, maxRequests: 1 } });
    expect(byUrl.get(server.url('/head-refused', 'one'))).toMatchObject({ outcome: 'ok', attempts: 1 });
    expect(server.methods.filter((m) => m.includes('one.test'))).toEqual(['GET one.test/head-refused']);
  });
});

describe('politeness', () => {
  test('the per-host limit is never exceeded, while hosts run in parallel', async () => {
    const urls = ['h1', 'h2', 'h3'].flatMap((host) => Array.from({ length: 12 }, (_, i) => `${server.url('/work', host)}?i=${i}`));
    const { results } = await check(urls, { hostConcurrency: 2, concurrency: 5 });
    expect(results.every((r) => r.outcome === 'ok')).toBe(true);
    for (const host of ['h1.test', 'h2.test', 'h3.test']) expect(server.maxConcurrentPerHost.get(host)).toBe(2);
    expect(server.maxConcurrentTotal()).toBeLessThanOrEqual(5);
    expect(server.maxConcurrentTotal()).toBeGreaterThanOrEqual(3);
  });

  test('connections are kept alive and reused, at most the per-host limit of them, and the name is looked up once', async () => {
    const local = await startServer();
    let lookups = 0;
    const lookup: LookupFunction = (...args) => {
      lookups += 1;
      local.lookup(...args);
    };
    const urls = Array.from({ length: 12 }, (_, i) => `${local.url('/work', 'reused')}?i=${i}`);
    const { results } = await check(urls, { lookup, hostConcurrency: 3 });
    const connections = local.connections();
    await local.close();
    expect(results.map((r) => `${r.outcome} ${r.attempts}`)).toEqual(urls.map(() => 'ok 1'));
    expect(connections).toBeLessThanOrEqual(3);
    expect(lookups).toBe(1);
  });

  test('a body sent after a HEAD answer, read as the start of the next answer on that connection, is not a verdict: asked again', async () => {
    // The worst timing, made certain: the leftover arrives just before the next answer.
    const owing = new WeakSet<object>();
    const local = await startServer({
      '/leaky-head': (req, res) => {
        res.end();
        if (req.method === 'HEAD') owing.add(req.socket);
      },
      '/next': (req, res) => {
        if (owing.delete(req.socket)) req.socket.write('<html>the body of the HEAD answer</html>');
        res.end('ok');
      },
    });
    const urls = [local.url('/leaky-head', 'leaky'), local.url('/next', 'leaky')];
    const { byUrl } = await check(urls, { lookup: local.lookup, hostConcurrency: 1 });
    await local.close();
    expect(byUrl.get(urls[0]!)).toMatchObject({ outcome: 'ok', attempts: 1 });
    expect(byUrl.get(urls[1]!)).toMatchObject({ outcome: 'ok', status: 200, attempts: 2 });
  });

  test('the User-Agent is sent', async () => {
    const seen: string[] = [];
    const local = await startServer({ '/ua': (req, res) => (seen.push(String(req.headers['user-agent'])), res.end()) });
    const checker = createChecker({ ...options(), lookup: local.lookup, userAgent: 'checker/1 (+https://example.org)' });
    await checker.checkAll([local.url('/ua')]);
    await checker.close();
    await local.close();
    expect(seen).toEqual(['checker/1 (+https://example.org)']);
  });
});

describe('safety', () => {
  test('private, loopback and link-local addresses are refused unless allowed', async () => {
    const literal = `http://127.0.0.1:${server.port}/ok`;
    const named = server.url('/ok', 'internal');
    const { byUrl } = await check([literal, named, `http://[::1]:${server.port}/ok`], { allowPrivate: false });
    for (const url of [literal, named]) {
      expect(byUrl.get(url)).toMatchObject({ outcome: 'broken', status: null });
      expect(byUrl.get(url)!.error).toMatch(/private/);
    }
    expect(byUrl.get(`http://[::1]:${server.port}/ok`)!.outcome).toBe('broken');
    expect(server.hits.get(`internal.test/ok`)).toBeUndefined(); // refused before connecting
  });

  /** A port nothing listens on (something did a moment ago). */
  async function closedPort(address = '127.0.0.1'): Promise<number> {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, address, resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    return port;
  }

  test('a private address written in the URL is refused before any connection, in words that do not depend on the port: nothing to probe', async () => {
    const local = await startServer();
    const closed = await closedPort();
    try {
      const [open, shut, mapped] = [`http://127.0.0.1:${local.port}/ok`, `http://127.0.0.1:${closed}/ok`, `http://[::ffff:127.0.0.1]:${local.port}/ok`];
      const { byUrl } = await check([open, shut, mapped], { allowPrivate: false, lookup: local.lookup });
      expect(byUrl.get(open)).toMatchObject({ outcome: 'broken', status: null, attempts: 0 });
      expect(byUrl.get(open)!.error).toMatch(/^127\.0\.0\.1 is a private/);
      expect(byUrl.get(shut)!.error).toBe(byUrl.get(open)!.error);
      expect(byUrl.get(mapped)).toMatchObject({ outcome: 'broken', attempts: 0 });
      expect(local.connections()).toBe(0);
    } finally {
      await local.close();
    }
  });

  test('a name whose DNS answers include a private address is refused at lookup: no connection, not even to the public address beside it', async () => {
    const local = await startServer();
    const closed = await closedPort();
    const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
      const cb = callback as (error: null, address: string | { address: string; family: number }[], family?: number) => void;
      if (hostname !== 'mixed.test') return local.lookup(hostname, lookupOptions, callback);
      if ((lookupOptions as { all?: boolean }).all) return cb(null, [{ address: '192.0.2.1', family: 4 }, { address: '127.0.0.1', family: 4 }]);
      cb(null, '127.0.0.1', 4);
    };
    try {
      const [open, shut, mixed] = [local.url('/ok', 'inside'), `http://inside.test:${closed}/ok`, local.url('/ok', 'mixed')];
      const { byUrl } = await check([open, shut, mixed], { allowPrivate: false, isPrivate: (a) => a !== '192.0.2.1' && isPrivateAddress(a), lookup });
      expect(byUrl.get(open)).toMatchObject({ outcome: 'broken', status: null, error: 'inside.test resolves to 127.0.0.1, a private or local address' });
      expect(byUrl.get(shut)!.error).toBe(byUrl.get(open)!.error);
      expect(byUrl.get(mixed)).toMatchObject({ outcome: 'broken', status: null, error: 'mixed.test resolves to 127.0.0.1, a private or local address' });
      expect(local.connections()).toBe(0);
    } finally {
      await local.close();
    }
  });

  test('a redirect to a private address is refused before connecting to it, in words that do not depend on its port', async () => {
    const inside = await startServer({}, '127.0.0.2');
    const closed = await closedPort('127.0.0.2');
    const outside = await startServer({
      '/to-open': (_req, res) => res.writeHead(302, { location: `http://127.0.0.2:${inside.port}/ok` }).end(),
      '/to-closed': (_req, res) => res.writeHead(302, { location: `http://127.0.0.2:${closed}/ok` }).end(),
    });
    try {
      // 127.0.0.1 stands for the public internet here; every other private address stays refused.
      const isPrivate = (address: string) => address !== '127.0.0.1' && isPrivateAddress(address);
      const [open, shut] = [outside.url('/to-open', 'public'), outside.url('/to-closed', 'public')];
      const { byUrl } = await check([open, shut], { allowPrivate: false, isPrivate, lookup: outside.lookup });
      expect(byUrl.get(open)).toMatchObject({ outcome: 'broken', status: null, chain: [{ url: open, status: 302 }], finalUrl: `http://127.0.0.2:${inside.port}/ok` });
      expect(byUrl.get(open)!.error).toMatch(/^127\.0\.0\.2 is a private/);
      expect(byUrl.get(shut)!.error).toBe(byUrl.get(open)!.error);
      expect(inside.connections()).toBe(0);
    } finally {
      await Promise.all([inside.close(), outside.close()]);
    }
  });

  test('whatever asks for it (a provider API here), a connection to a private address written as such is refused before it is opened', async () => {
    const local = await startServer();
    try {
      const doi = 'https://doi.org/10.1234/registered';
      const { byUrl } = await check([doi], { allowPrivate: false, lookup: local.lookup, providers: { doi: `http://127.0.0.1:${local.port}`, github: local.url('', 'api') } });
      expect(byUrl.get(doi)!.outcome).toBe('broken'); // the API refused, then the resolver page is not found here
      expect(local.connections()).toBe(0);
    } finally {
      await local.close();
    }
  });

  test('other schemes and credentials are refused without a request', async () => {
    const { byUrl } = await check(['ftp://example.org/file', `http://user:pw@${new URL(server.url('/ok')).host}/ok`]);
    expect([...byUrl.values()].map((r) => [r.outcome, r.attempts])).toEqual([['broken', 0], ['broken', 0]]);
  });

  test('address classification, IPv4 and IPv6 (mapped, NAT64) included', () => {
    const privateOnes = ['10.1.2.3', '127.0.0.1', '169.254.169.254', '172.16.0.1', '192.168.1.1', '100.64.0.1', '0.0.0.0', '224.0.0.1', '::1', '::', 'fe80::1', 'fd00::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '64:ff9b::10.0.0.1', 'not-an-ip'];
    const publicOnes = ['8.8.8.8', '1.1.1.1', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'];
    expect(privateOnes.filter((a) => !isPrivateAddress(a))).toEqual([]);
    expect(publicOnes.filter((a) => isPrivateAddress(a))).toEqual([]);
  });
});

describe('providers', () => {
  test('DOIs are verified through the handle API, never the publisher', async () => {
    const { byUrl } = await check(['https://doi.org/10.1234/registered', 'https://doi.org/10.1234/missing']);
    expect(byUrl.get('https://doi.org/10.1234/registered')).toMatchObject({ outcome: 'ok', via: 'doi', finalUrl: 'https://publisher.example/article' });
    expect(byUrl.get('https://doi.org/10.1234/missing')).toMatchObject({ outcome: 'broken', via: 'doi' });
    expect(server.hits.get('doi.test/api/handles/10.1234/registered')).toBe(1);
  });

  test('GitHub repositories through the REST API: exists, archived, moved, missing', async () => {
    const urls = ['repo', 'old-project', 'renamed', 'missing'].map((r) => `https://github.com/owner/${r}`);
    const { byUrl } = await check(urls, { githubToken: 'secret-token' });
    expect(byUrl.get(urls[0]!)).toMatchObject({ outcome: 'ok', via: 'github' });
    expect(byUrl.get(urls[1]!)).toMatchObject({ outcome: 'ok', note: 'repository archived' });
    expect(byUrl.get(urls[2]!)).toMatchObject({ outcome: 'redirected', permanent: true, finalUrl: 'https://github.com/owner/new-name' });
    expect(byUrl.get(urls[3]!)).toMatchObject({ outcome: 'broken', status: 404 });
  });
});

describe('retry timing (pure)', () => {
  test('Retry-After parses seconds and HTTP dates; garbage is ignored', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
  /** The requests a URL gets when every answer is `answer`, as methods, and the waits between them. */
  function plan(answer: Omit<Try, 'method'>, accepted: number[] = []): string[] {
    const tries: Try[] = [{ method: 'HEAD', ...answer }];
    const steps: string[] = ['HEAD'];
    for (;;) {
      const step = nextStep(tries, DEFAULT_RETRY, () => 1, accepted);
      if (!step.request) return 'reason' in step && step.reason ? [...steps, `stop: ${step.reason}`] : steps;
      steps.push(step.delayMs ? `wait ${step.delayMs} ${step.request}` : step.request);
      tries.push({ method: step.request, ...answer });
    }
  }

  test('only what can recover is retried, within 3 requests, the HEAD→GET fallback included', () => {
    expect(plan({ status: 500 })).toEqual(['HEAD', 'GET', 'wait 500 GET']);
    expect(plan({ status: 503, retryAfterMs: 2000 })).toEqual(['HEAD', 'wait 2000 GET', 'wait 2000 GET']);
    expect(plan({ code: 'ECONNRESET' })).toEqual(['HEAD', 'GET', 'wait 500 GET']);
    expect(plan({ code: 'HPE' })).toEqual(['HEAD', 'GET', 'wait 500 GET']); // an answer that is not HTTP
    expect(plan({ status: 429, retryAfterMs: 1000 })).toEqual(['HEAD', 'wait 1000 HEAD', 'wait 1000 HEAD']);
    expect(plan({ status: 429, retryAfterMs: 3_600_000 })).toEqual(['HEAD', 'stop: server asked to wait 3600 s (Retry-After), more than the 30 s cap']);
    expect(plan({ code: 'EAI_AGAIN' })).toEqual(['HEAD', 'wait 500 HEAD', 'wait 1000 HEAD']);
    expect(plan({ status: 405 })).toEqual(['HEAD', 'GET']);
    expect(plan({ status: 405, retryAfterMs: 3_600_000 })).toEqual(['HEAD', 'GET']); // a Retry-After that means nothing is not obeyed
    expect(plan({ status: 403 }, [403])).toEqual(['HEAD']);
    for (const final of [{ status: 404 }, { status: 410 }, { status: 200 }, { code: 'ENOTFOUND' }, { code: 'ECONNREFUSED' }]) expect(plan(final)).toEqual(['HEAD']);
    for (const silence of ['TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']) expect(plan({ code: silence })).toEqual(['HEAD']);
    const delays = [0, 1, 2, 3, 10].map((a) => backoffDelay(a, DEFAULT_RETRY, () => 1));
    expect(delays).toEqual([500, 1000, 2000, 4000, 30_000]);
  });

  test('the network is down only when the first hosts all fail for lack of one, before any sign of it', () => {
    const down = networkWatch(100);
    for (const host of ['a', 'b', 'c', 'd']) expect(down.tried(host, 'EAI_AGAIN')).toBe('unknown');
    expect(down.tried('a', 'ENOTFOUND')).toBe('unknown'); // the same host again proves nothing more
    expect(down.tried('e', 'ENOTFOUND')).toBe('down');
    const dead = networkWatch(100);
    dead.tried('dead.example', 'ENOTFOUND');
    expect(dead.reached()).toBe('up');
    const answered = networkWatch(100);
    answered.tried('a', 'ENOTFOUND');
    expect(answered.tried('b', undefined)).toBe('up');
    const silent = networkWatch(2);
    expect(silent.tried('a', 'TIMEOUT')).toBe('unknown'); // a timeout says nothing either way
    expect(silent.probing).toBe(false);
    expect(silent.tried('b', 'EAI_AGAIN')).toBe('unknown');
    expect(networkWatch(1).tried('only', 'ENOTFOUND')).toBe('down');
  });
});

describe('runs: ledger, grace, changed-only, shards, offline', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'amd-links-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function runOptions(overrides: Partial<LinkRunOptions> = {}, checker: Partial<CheckerOptions> = {}): LinkRunOptions {
    return {
      root: dir,
      checker: options(checker),
      ledgerPolicy: DEFAULT_LEDGER_POLICY,
      cacheFile: path.join(dir, '.cache', 'ledger.json'),
      grace: false,
      changedSince: undefined,
      shard: undefined,
      files: ['urls.txt'],
      ...overrides,
    };
  }

  test('the ledger reuses fresh successes, never failures, and counts consecutive failures', async () => {
    writeFileSync(path.join(dir, 'urls.txt'), `${server.url('/ok', 'ledger')}\n${server.url('/gone', 'ledger')}\n`);
    const day = 86_400_000;
    let now = Date.parse('2026-03-01T00:00:00Z');
    const at = () => ({ now: () => now });
    const first = await runLinks([], runOptions({}, at()));
    expect(first.results.map((r) => [r.outcome, r.via])).toEqual([['ok', 'http'], ['broken', 'http']]);
    expect(first.diagnostics.map((d) => d.ruleId)).toEqual(['link/broken']);
    expect(first.diagnostics[0]).toMatchObject({ file: 'urls.txt', line: 2, column: 1 });

    now += day;
    const second = await runLinks([], runOptions({ grace: true }, at()));
    expect(second.results.map((r) => r.via)).toEqual(['ledger', 'http']);
    expect(second.diagnostics.map((d) => d.ruleId)).toEqual(['link/failing']); // 2 failures over 1 day: not yet confirmed
    const ledger = parseLedger(readFileSync(path.join(dir, '.cache', 'ledger.json'), 'utf8'));
    expect(ledger.entries[server.url('/gone', 'ledger')]).toMatchObject({ consecutiveFailures: 2, firstFailureAt: '2026-03-01T00:00:00.000Z' });

    now += day;
    const third = await runLinks([], runOptions({ grace: true }, at()));
    expect(third.diagnostics.map((d) => d.ruleId)).toEqual(['link/broken']); // 3 failures over 2 days

    now += 8 * day; // past the 7-day TTL: the success is checked again
    const fourth = await runLinks([], runOptions({}, at()));
    expect(fourth.results[0]!.via).toBe('http');

    const uncached = await runLinks([], runOptions({ cacheFile: undefined }, at()));
    expect(uncached.results.map((r) => r.via)).toEqual(['http', 'http']);
  });

  test('changed-only mode checks just the links added since a git ref', async () => {
    const repo = mkdtempSync(path.join(os.tmpdir(), 'amd-git-'));
    const git = (...args: string[]) => execFileSync('git', ['-C', repo, ...args], { stdio: 'pipe' });
    git('init', '-q');
    git('config', 'user.email', 't@example.org');
    git('config', 'user.name', 'T');
    writeFileSync(path.join(repo, 'README.md'), `# T\n\n[old](${server.url('/ok', 'old')})\n`);
    git('add', '.');
    git('commit', '-qm', 'first');
    writeFileSync(path.join(repo, 'README.md'), `# T\n\n[old](${server.url('/ok', 'old')})\n\nSee ${server.url('/not-found', 'new')} too.\n`);
    const run = await runLinks([], runOptions({ root: repo, files: [], changedSince: 'HEAD', cacheFile: undefined }));
    expect(run.results.map((r) => r.url)).toEqual([server.url('/not-found', 'new')]);
    expect(run.notSelected).toBe(1);
    expect(run.diagnostics[0]).toMatchObject({ ruleId: 'link/broken', file: 'README.md', line: 5 });
    rmSync(repo, { recursive: true, force: true });
  });

  test('changed-only mode: what counted before is what the checker collects (the link fields), even from a data file that no longer validates', async () => {
    const repo = mkdtempSync(path.join(os.tmpdir(), 'amd-git-'));
    const git = (...args: string[]) => execFileSync('git', ['-C', repo, ...args], { stdio: 'pipe' });
    git('init', '-q');
    git('config', 'user.email', 't@example.org');
    git('config', 'user.name', 'T');
    const [kept, unlisted, added] = [server.url('/ok', 'kept'), server.url('/ok', 'unlisted'), server.url('/ok', 'added')];
    mkdirSync(path.join(repo, 'data', 'datasets'), { recursive: true });
    // No name, organs…: invalid today. `mirror` is not a link field: nothing was checked there.
    writeFileSync(path.join(repo, 'data', 'datasets', 'old.yaml'), `id: old\nlinks:\n  homepage: ${kept}\n  mirror: ${unlisted}\n`);
    writeFileSync(path.join(repo, 'README.md'), '# T\n');
    git('add', '.');
    git('commit', '-qm', 'first');
    writeFileSync(path.join(repo, 'README.md'), `# T\n\n- ${kept}\n- ${unlisted}\n- ${added}\n`);
    const run = await runLinks([], runOptions({ root: repo, files: [], changedSince: 'HEAD', cacheFile: undefined }));
    expect(run.results.map((r) => r.url)).toEqual([unlisted, added]);
    expect(run.notSelected).toBe(1);
    rmSync(repo, { recursive: true, force: true });
  });

  test('checkLinks() is pure: the checker is passed in, and the ledger comes back to be saved', async () => {
    const asked: string[][] = [];
    const checker = (outcome: 'ok' | 'broken', errorCode?: string): LinkChecker => async (urls) => {
      asked.push([...urls]);
      const checked = urls.map((url) => ({ url, outcome, status: outcome === 'ok' ? 200 : null, permanent: false, finalUrl: url, chain: [], attempts: 1, error: outcome === 'ok' ? null : 'DNS: host not found', via: 'http' as const, ...(errorCode ? { errorCode } : {}) }));
      return { checked, offline: false, offlineHosts: 0 };
    };
    const sources = { records: [], documents: [{ path: 'list.txt', text: 'https://a.example/x\nhttps://b.example/y\nhttps://a.example/x#again\n' }] };
    const now = Date.parse('2026-03-01T00:00:00Z');
    const options: CheckLinksOptions = { ledger: { saved: undefined }, ledgerPolicy: DEFAULT_LEDGER_POLICY, grace: false, shard: undefined, now, timeoutMs: 1000 };
    const first = await checkLinks(sources, checker('ok'), options);
    expect(asked).toEqual([['https://a.example/x', 'https://b.example/y']]);
    expect(first.targets.map((t) => t.occurrences.length)).toEqual([2, 1]);
    expect(Object.keys(parseLedger(first.ledger).entries)).toEqual(['https://a.example/x', 'https://b.example/y']);
    // The next run reuses both successes: nothing to ask.
    const second = await checkLinks(sources, checker('ok'), { ...options, ledger: { saved: first.ledger } });
    expect(asked.at(-1)).toEqual([]);
    expect(second.results.map((r) => r.via)).toEqual(['ledger', 'ledger']);
    // Without a ledger, none comes back; every lookup failing is an outage: no verdict, no ledger.
    const offline = await checkLinks(sources, checker('broken', 'ENOTFOUND'), { ...options, ledger: undefined });
    expect(offline).toMatchObject({ offline: true, offlineHosts: 2, diagnostics: [] });
    expect(offline.ledger).toBeUndefined();
  });

  test('shards partition links by host: disjoint, complete, one shard per host', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShard('5/4')).toBeUndefined();
    const urls = Array.from({ length: 200 }, (_, i) => `https://host${i % 37}.example/${i}`);
    const shards = [1, 2, 3].map((index) => urls.filter((u) => inShard(u, { index, count: 3 })));
    expect(shards.flat().sort()).toEqual([...urls].sort());
    expect(shards.every((s) => s.length > 0)).toBe(true);
    for (const host of new Set(urls.map((u) => new URL(u).hostname))) {
      const owners = shards.filter((s) => s.some((u) => new URL(u).hostname === host));
      expect(owners).toHaveLength(1);
      expect(shardOfHost(host, 3)).toBeGreaterThanOrEqual(1);
    }
  });

  /** A resolver that always fails the way a machine without a network does, counting the lookups asked of it. */
  function failingLookup(code: 'EAI_AGAIN' | 'ENOTFOUND'): { lookup: LookupFunction; lookups: () => number } {
    let count = 0;
    const lookup: LookupFunction = (hostname, _options, callback) => {
      count += 1;
      const error: NodeJS.ErrnoException = new Error(`getaddrinfo ${code} ${hostname}`);
      error.code = code;
      setImmediate(() => (callback as (e: Error) => void)(error));
    };
    return { lookup, lookups: () => count };
  }

  for (const code of ['EAI_AGAIN', 'ENOTFOUND'] as const) {
    test(`offline (${code} everywhere): hundreds of links end after a few lookups, not after every link and its retries`, async () => {
      const urls = Array.from({ length: 400 }, (_, i) => `https://host${i % 80}.example/page/${i}`);
      writeFileSync(path.join(dir, 'many.txt'), `${urls.join('\n')}\n`);
      const resolver = failingLookup(code);
      const run = await runLinks([], runOptions({ files: ['many.txt'], cacheFile: path.join(dir, 'many-ledger.json') }, { lookup: resolver.lookup }));
      expect(run.offline).toBe(true);
      expect(resolver.lookups()).toBeLessThanOrEqual(2 * OFFLINE_SAMPLE);
      expect(run.offlineHosts).toBe(OFFLINE_SAMPLE);
      expect(run.diagnostics).toEqual([]);
      expect(() => readFileSync(path.join(dir, 'many-ledger.json'))).toThrow();
    });
  }

  test('one dead host among live ones is a broken link, not an outage', async () => {
    const live = Array.from({ length: 6 }, (_, i) => server.url('/ok', `live${i}`));
    writeFileSync(path.join(dir, 'one-dead.txt'), ['http://dead.invalid/a', 'http://dead.invalid/b', ...live].join('\n'));
    const run = await runLinks([], runOptions({ files: ['one-dead.txt'], cacheFile: undefined }));
    expect(run.offline).toBe(false);
    expect(run.results.map((r) => r.outcome)).toEqual(['broken', 'broken', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
    expect(run.diagnostics.map((d) => [d.ruleId, d.line])).toEqual([['link/broken', 1], ['link/broken', 2]]);
  });

  test('offline: when every lookup fails, the run says so instead of reporting broken links', async () => {
    writeFileSync(path.join(dir, 'offline.txt'), 'https://example.org/a\nhttps://example.net/b\n');
    const run = await runLinks([], runOptions({ files: ['offline.txt'], cacheFile: path.join(dir, 'offline-ledger.json') }));
    expect(run.offline).toBe(true);
    expect(run.diagnostics).toEqual([]);
    expect(() => readFileSync(path.join(dir, 'offline-ledger.json'))).toThrow(); // the ledger is not poisoned
  });
});

describe('deadline: links not reached are reported unchecked', () => {
  test('at the deadline, requests in flight and waits are abandoned; what finished stands', async () => {
    const deadline = new AbortController();
    let hangReceived!: () => void;
    const received = new Promise<void>((resolve) => (hangReceived = resolve));
    let okDone!: () => void;
    const okJudged = new Promise<void>((resolve) => (okDone = resolve));
    let startedWaiting!: () => void;
    const waiting = new Promise<void>((resolve) => (startedWaiting = resolve));
    const local = await startServer({
      '/hang': () => hangReceived(), // never answers
    });
    const ok = local.url('/ok', 'quick');
    const hanging = local.url('/hang', 'stuck');
    const queued = local.url('/ok', 'stuck'); // behind /hang on the same host, limit 1
    const failing = local.url('/always-500', 'waiting');
    try {
      const checker = createChecker({
        ...options(),
        lookup: local.lookup,
        hostConcurrency: 1,
        timeoutMs: 60_000, // far beyond the test's own timeout: only the deadline can end this run
        sleep: () => (startedWaiting(), new Promise(() => {})), // a backoff that would never end by itself
        deadline: deadline.signal,
        onResult: (r) => {
          if (r.url === ok) okDone();
        },
      });
      // The deadline comes once /ok is judged, /hang is in flight and the 500 is waiting to retry.
      void Promise.all([okJudged, received, waiting]).then(() => deadline.abort());
      const results = await checker.checkAll([ok, hanging, queued, failing]);
      await checker.close();
      expect(results.map((r) => [r.outcome, r.attempts])).toEqual([
        ['ok', 1],
        ['unchecked', 1], // in flight at the deadline: made, then abandoned
        ['unchecked', 0], // never started
        ['unchecked', 2], // HEAD and GET answered 500, then waiting to retry
      ]);
      expect(results[1]!.error).toMatch(/not checked/);
      expect(local.hits.get('stuck.test/ok')).toBeUndefined();
    } finally {
      await local.close();
    }
  });

  test('--max-duration: unchecked links make no diagnostic and keep their ledger entry; the rest is recorded', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'amd-deadline-'));
    const local = await startServer({ '/hang': () => undefined });
    try {
      const [ok, gone, hanging] = [local.url('/ok', 'a'), local.url('/gone', 'b'), local.url('/hang', 'c')];
      writeFileSync(path.join(dir, 'urls.txt'), `${ok}\n${gone}\n${hanging}\n`);
      const ledgerFile = path.join(dir, '.cache', 'ledger.json');
      const before = { outcome: 'timeout', status: null, finalUrl: hanging, permanent: false, checkedAt: '2026-02-01T00:00:00.000Z', firstFailureAt: '2026-02-01T00:00:00.000Z', consecutiveFailures: 1 };
      mkdirSync(path.dirname(ledgerFile), { recursive: true });
      writeFileSync(ledgerFile, JSON.stringify({ version: 1, entries: { [hanging]: before } }));
      const run = await runLinks([], {
        root: dir,
        checker: { ...options(), lookup: local.lookup, timeoutMs: 60_000 },
        ledgerPolicy: DEFAULT_LEDGER_POLICY,
        cacheFile: ledgerFile,
        grace: false,
        changedSince: undefined,
        shard: undefined,
        files: ['urls.txt'],
        maxDurationMs: 500,
      });
      expect(run.results.map((r) => r.outcome)).toEqual(['ok', 'broken', 'unchecked']);
      expect(run.diagnostics.map((d) => [d.ruleId, d.line])).toEqual([['link/broken', 2]]);
      const ledger = parseLedger(readFileSync(ledgerFile, 'utf8'));
      expect(ledger.entries[hanging]).toEqual(before);
      expect(ledger.entries[ok]).toMatchObject({ outcome: 'ok' });
      expect(ledger.entries[gone]).toMatchObject({ outcome: 'broken', consecutiveFailures: 1 });
    } finally {
      await local.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('URL lists: where a URL in running text ends', () => {
  test('balanced brackets stay (Wikipedia, IPv6), a bracket the URL did not open ends it, trailing sentence punctuation goes', () => {
    const lines: [string, string[]][] = [
      ['https://en.wikipedia.org/wiki/Foo_(bar)', ['https://en.wikipedia.org/wiki/Foo_(bar)']],
      ['http://[2001:db8::1]/x', ['http://[2001:db8::1]/x']],
      ['see [text](https://x.org/a_(b)) here', ['https://x.org/a_(b)']],
      ['<https://x.org/a>', ['https://x.org/a']],
      ['See https://x.org/a.', ['https://x.org/a']],
      ['(see https://x.org/b), and https://en.wikipedia.org/wiki/Foo_(bar).', ['https://x.org/b', 'https://en.wikipedia.org/wiki/Foo_(bar)']],
      ['[http://[2001:db8::1]:8080/y]', ['http://[2001:db8::1]:8080/y']],
      ["https://en.wikipedia.org/wiki/Alzheimer's_disease, 'https://x.org/q'", ["https://en.wikipedia.org/wiki/Alzheimer's_disease", 'https://x.org/q']],
      ['[a](https://x.org/1)[b](https://x.org/2)', ['https://x.org/1', 'https://x.org/2']],
      ['https://x.org/c?a=1&b=2;', ['https://x.org/c?a=1&b=2']],
    ];
    const found = fromDocument('urls.txt', lines.map(([line]) => line).join('\n'));
    expect(lines.map((_, i) => found.filter((o) => o.line === i + 1).map((o) => o.url))).toEqual(lines.map(([, urls]) => urls));
    expect(found.find((o) => o.line === 6 && o.url.includes('wikipedia'))!.column).toBe(lines[5]![0].indexOf('https://en') + 1);
  });
});

describe('markdown: hand-written links only, where they stand', () => {
  test('links inside generated regions are skipped; links after a region keep their line and column', () => {
    const text = [
      '# Title',
      'Intro [site](https://x.org/intro).',
      '<!-- BEGIN datasets: generated -->',
      '| a | [b](https://x.org/generated) |',
      '|---|---|',
      '[ref]: https://x.org/generated-definition',
      '<!-- END datasets -->',
      '  More: <https://x.org/after> and [r][ref].',
      '',
      '[ref]: https://x.org/definition',
    ].join('\n');
    const found = fromDocument('README.md', text).map(({ url, line, column }) => [url, line, column]);
    expect(found).toEqual([
      ['https://x.org/intro', 2, 7],
      ['https://x.org/after', 8, 9],
      ['https://x.org/definition', 10, 1],
    ]);
    expect(withoutGeneratedRegions(text).split('\n').map((l) => l.length)).toEqual(text.split('\n').map((l) => l.length));
  });
});

describe('link health, decided from outcomes', () => {
  const at = (ruleId: 'link/broken' | 'link/failing' | 'link/redirected') => diagnostic(ruleId, { file: 'data/datasets/x.yaml', at: { line: 1, column: 1 }, message: 'm' });
  test('broken beats failing; warnings alone are healthy; links left unchecked by --max-duration are never "healthy"', () => {
    expect(linkHealth([at('link/failing'), at('link/broken')], [])).toBe('broken');
    expect(linkHealth([at('link/failing'), at('link/redirected')], [])).toBe('failing');
    expect(linkHealth([at('link/redirected')], [{ outcome: 'ok' }])).toBe('healthy');
    expect(linkHealth([], [{ outcome: 'ok' }, { outcome: 'unchecked' }])).toBe('incomplete');
    expect(linkHealth([at('link/failing')], [{ outcome: 'unchecked' }])).toBe('failing');
  });
});
