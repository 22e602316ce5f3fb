/**
 * npm run bench:links — the link checker against a simulated web: a server process answering
 * as many hosts (distinct 127.0.0.x addresses), each with its own latency (50–200 ms), a mix of
 * outcomes with known ground truth, and a per-host tolerance above which it answers 429.
 *
 * Prints wall time, the politeness-bound lower limit (max over hosts of
 * ceil(links on host / per-host limit) × latency, plus the waits the scenario forces), their
 * ratio, false verdicts, the highest concurrency any host saw and the 429s provoked beyond the
 * forced ones. Figures, not a test.
 */
import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_RETRY } from './core/links/retry.ts';
import type { Outcome } from './core/links/outcome.ts';
import { createChecker } from './io/link-checker.ts';

const { values } = parseArgs({
  options: {
    serve: { type: 'boolean', default: false },
    links: { type: 'string', default: '3000' },
    hosts: { type: 'string', default: '100' },
    'host-concurrency': { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '128' },
    seed: { type: 'string', default: '42' },
    port: { type: 'string', default: String(18_000 + (process.pid % 1000)) },
  },
});

const PORT = Number(values.port);
const hostCount = Number(values.hosts);
const linkCount = Number(values.links);
const hostLimit = Number(values['host-concurrency']);
const RETRY_AFTER_S = 1;

/** Deterministic pseudo-random numbers (mulberry32), so every run simulates the same web. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Kind = 'ok' | 'gone' | 'moved' | 'head405' | 'limited';
const EXPECTED: Record<Kind, Outcome> = { ok: 'ok', gone: 'broken', moved: 'redirected', head405: 'ok', limited: 'ok' };

interface Scenario {
  latency: number[];
  links: { host: number; kind: Kind; path: string }[];
}

function scenario(seed: number): Scenario {
  const random = rng(seed);
  const latency = Array.from({ length: hostCount }, () => Math.round(50 + random() * 150));
  const links = Array.from({ length: linkCount }, (_, i) => {
    const r = random();
    const kind: Kind = r < 0.8 ? 'ok' : r < 0.86 ? 'gone' : r < 0.92 ? 'moved' : r < 0.97 ? 'head405' : 'limited';
    return { host: i % hostCount, kind, path: `/${kind}/${i}` };
  });
  return { latency, links };
}

const hostAddress = (host: number) => `127.0.0.${host + 2}`;

// ---------------------------------------------------------------- server process
async function serve(): Promise<void> {
  const { latency } = scenario(Number(values.seed));
  const active = new Array<number>(hostCount).fill(0);
  const maxActive = new Array<number>(hostCount).fill(0);
  const limitedHits = new Map<string, number>();
  let provoked429 = 0;
  let forced429 = 0;
  let requests = 0;
  const servers = latency.map((delay, host) =>
    http.createServer(async (req, res) => {
      requests += 1;
      // Like most real servers, state the length even for HEAD, so connections are kept alive.
      res.setHeader('content-length', '0');
      active[host]! += 1;
      maxActive[host] = Math.max(maxActive[host]!, active[host]!);
      res.once('close', () => (active[host]! -= 1));
      if (active[host]! > hostLimit) {
        provoked429 += 1;
        await sleep(delay);
        return void res.writeHead(429, { 'retry-after': '1' }).end();
      }
      await sleep(delay);
      const [, kind, id] = (req.url ?? '').split('/');
      switch (kind as Kind) {
        case 'ok':
          return void res.end();
        case 'gone':
          return void res.writeHead(404).end();
        case 'moved':
          return void res.writeHead(301, { location: `/ok/${id}` }).end();
        case 'head405':
          return void res.writeHead(req.method === 'HEAD' ? 405 : 200).end();
        case 'limited': {
          const hit = (limitedHits.get(id!) ?? 0) + 1;
          limitedHits.set(id!, hit);
          if (hit === 1) {
            forced429 += 1;
            return void res.writeHead(429, { 'retry-after': String(RETRY_AFTER_S) }).end();
          }
          return void res.end();
        }
        default:
          return void res.writeHead(404).end();
      }
    }),
  );
  await Promise.all(servers.map((s, host) => new Promise<void>((resolve) => s.listen(PORT, hostAddress(host), resolve))));
  process.send?.({ ready: true });
  process.on('message', (message: { stats?: boolean }) => {
    if (message.stats) process.send?.({ stats: { maxActive, provoked429, forced429, requests } });
  });
}

// ---------------------------------------------------------------- measuring process
function request<T>(child: ChildProcess, message: object, key: string): Promise<T> {
  return new Promise((resolve) => {
    const listener = (reply: Record<string, unknown>) => {
      if (key in reply) {
        child.off('message', listener);
        resolve(reply[key] as T);
      }
    };
    child.on('message', listener);
    child.send(message);
  });
}

async function measure(): Promise<void> {
  const { latency, links } = scenario(Number(values.seed));
  const child = fork(process.argv[1]!, ['bench-links', ...process.argv.slice(2), '--serve', '--port', String(PORT)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  await new Promise<void>((resolve) => child.once('message', () => resolve()));

  const checker = createChecker({
    concurrency: Number(values.concurrency),
    hostConcurrency: hostLimit,
    timeoutMs: 10_000,
    retry: DEFAULT_RETRY,
    userAgent: 'amd-bench',
    allowPrivate: true,
    policy: { hosts: [] },
    providers: { doi: 'http://127.0.0.1:1', github: 'http://127.0.0.1:1' },
    sleep: (ms) => sleep(ms),
    now: () => Date.now(),
    random: Math.random,
  });
  const urls = links.map((l) => `http://${hostAddress(l.host)}:${PORT}${l.path}`);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const results = await checker.checkAll(urls);
  const wall = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  await checker.close();
  const stats = await request<{ maxActive: number[]; provoked429: number; forced429: number; requests: number }>(child, { stats: true }, 'stats');
  child.kill();

  // Politeness bound: each host serves its requests in rounds of `hostLimit`, and a forced
  // Retry-After keeps one of its slots waiting. Two versions: counting one request per link
  // (the plain formula), and counting the requests the scenario itself forces (a redirect is
  // two exchanges, a refused HEAD is followed by a GET, a 429 by its retry).
  const FORCED_REQUESTS: Record<Kind, number> = { ok: 1, gone: 1, moved: 2, head405: 2, limited: 2 };
  const bounds = (requestsOf: (kind: Kind) => number) =>
    Math.max(
      ...latency.map((delay, host) => {
        const mine = links.filter((l) => l.host === host);
        const waits = mine.filter((l) => l.kind === 'limited').length * RETRY_AFTER_S * 1000;
        const requests = mine.reduce((sum, l) => sum + requestsOf(l.kind), 0);
        return Math.ceil(requests / hostLimit) * delay + waits / hostLimit;
      }),
    );
  const plainBound = bounds(() => 1);
  const bound = bounds((kind) => FORCED_REQUESTS[kind]);
  const wrong = results.filter((r, i) => r.outcome !== EXPECTED[links[i]!.kind]);
  const counts = new Map<string, number>();
  for (const r of results) counts.set(r.outcome, (counts.get(r.outcome) ?? 0) + 1);

  console.log(`node ${process.version}, ${os.cpus().length} CPUs; ${linkCount} links over ${hostCount} hosts, latency 50–200 ms, per-host limit ${hostLimit}, global ${values.concurrency}\n`);
  console.log('| figure | value | target |');
  console.log('| --- | ---: | --- |');
  console.log(`| wall time | ${(wall / 1000).toFixed(2)} s | |`);
  console.log(`| lower limit, one request per link | ${(plainBound / 1000).toFixed(2)} s | |`);
  console.log(`| lower limit, requests the scenario forces | ${(bound / 1000).toFixed(2)} s | |`);
  console.log(`| ratio wall / limit (one request per link) | ${(wall / plainBound).toFixed(2)} | |`);
  console.log(`| ratio wall / limit (forced requests) | ${(wall / bound).toFixed(2)} | ≤ 1.2 |`);
  console.log(`| false verdicts | ${wrong.length} of ${results.length} | 0 |`);
  console.log(`| highest concurrency on one host | ${Math.max(...stats.maxActive)} | ≤ ${hostLimit} |`);
  console.log(`| 429 provoked beyond the forced ones | ${stats.provoked429} (forced: ${stats.forced429}) | 0 |`);
  console.log(`| requests sent | ${stats.requests} | |`);
  console.log(`| checker CPU time (user + system) | ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s | |`);
  console.log(`\noutcomes: ${[...counts].map(([o, n]) => `${n} ${o}`).join(', ')}`);
  for (const r of wrong.slice(0, 5)) console.log(`  false verdict: ${r.url} → ${r.outcome} (${r.error ?? r.status})`);
}

if (values.serve) await serve();
else await measure();
