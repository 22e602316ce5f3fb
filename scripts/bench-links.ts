/**
 * npm run bench:links — the link checker against a simulated web: a server process answering
 * as many hosts (distinct 127.0.0.x addresses), each with its own latency (50–200 ms), a mix of
 * outcomes with known ground truth, and a per-host tolerance above which it answers 429. Some
 * links fail the way real servers fail: blackholed (the connection is accepted, no answer ever
 * comes), a 500 on every request, or the connection reset — spread over all hosts, or, with
 * --failing-hosts, whole hosts failing on every link.
 *
 * Prints wall time, the politeness bound (per host: the requests the scenario forces, in rounds
 * of the per-host limit, plus forced Retry-After waits and one timeout per blackholed link spread
 * over the host's slots — never less than one timeout when the host has a blackholed link),
 * their ratio, false verdicts, the highest concurrency any host saw, the 429s provoked beyond the
 * forced ones, and how many requests each failing link received. Beside them, what explains a
 * gap: the same work over the global limit (when larger than the bound, the global limit sets
 * the pace, not politeness), when the blackholed requests were sent (the run ends one timeout
 * after the last), the connections the requests came over, the checker's event-loop delay and
 * both processes' CPU time (on a small machine the checker can be CPU-bound). Figures, not a
 * test. Only 127.0.0.x addresses are used, and the run gives up by itself after GIVE_UP_MS.
 */
import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Outcome } from './core/links/outcome.ts';
import { DEFAULT_RETRY } from './core/links/retry.ts';
import { command, UsageError } from './app/cli.ts';
import { LINK_OPTIONS } from './app/link-options.ts';
import { createChecker } from './io/link-checker.ts';

const USAGE = `Usage: npm run bench:links -- [options]

Measures the link checker against a simulated web on 127.0.0.x and prints figures (not a test).

Options:
  --links <n>             links in the scenario (default 3000)
  --hosts <n>             hosts they are spread over, at most 250 (default 100)
  --host-concurrency <n>  the checker's per-host limit; above it the hosts answer 429 (default 8)
  --concurrency <n>       the checker's global limit (default ${LINK_OPTIONS.concurrency.default}, as npm run links)
  --timeout <ms>          the checker's per-request timeout (default 5000)
  --failing-hosts <n>     hosts where every link fails the same way, in turn blackholed, 500
                          and reset (default 0: failing links are spread over all hosts)
  --seed <n>              seed of the simulated web (default 42)
  -h, --help              show this help
`;

const OPTIONS = {
  links: { type: 'string', default: '3000' },
  hosts: { type: 'string', default: '100' },
  'host-concurrency': { type: 'string', default: '8' },
  concurrency: { type: 'string', default: LINK_OPTIONS.concurrency.default },
  timeout: { type: 'string', default: '5000' },
  'failing-hosts': { type: 'string', default: '0' },
  seed: { type: 'string', default: '42' },
  help: { type: 'boolean', short: 'h', default: false },
  // Internal: the forked server process.
  serve: { type: 'boolean', default: false },
  port: { type: 'string', default: String(18_000 + (process.pid % 1000)) },
} as const;

type Values = { [K in keyof typeof OPTIONS]: (typeof OPTIONS)[K]['default'] };

interface Settings {
  links: number;
  hosts: number;
  hostLimit: number;
  concurrency: number;
  timeoutMs: number;
  failingHosts: number;
  seed: number;
  port: number;
}

function whole(name: string, value: string, max = Number.MAX_SAFE_INTEGER, min = 1): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
    throw new UsageError(`--${name} must be a whole number ${range}, not "${value}"`);
  }
  return n;
}

function settingsOf(values: Values): Settings {
  return {
    links: whole('links', values.links),
    hosts: whole('hosts', values.hosts, 250),
    hostLimit: whole('host-concurrency', values['host-concurrency']),
    concurrency: whole('concurrency', values.concurrency),
    timeoutMs: whole('timeout', values.timeout),
    failingHosts: whole('failing-hosts', values['failing-hosts'], Number(values.hosts), 0),
    seed: whole('seed', values.seed),
    port: whole('port', values.port, 65_535),
  };
}

const RETRY_AFTER_S = 1;
/** The whole run, server included, stops by itself after this long. */
const GIVE_UP_MS = 10 * 60_000;

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

type Kind = 'ok' | 'gone' | 'moved' | 'head405' | 'limited' | 'blackholed' | 'error500' | 'reset';
/** Share of each kind of link; the cumulative sum picks a link's kind. */
const MIX: readonly [Kind, number][] = [
  ['ok', 0.76],
  ['gone', 0.06],
  ['moved', 0.06],
  ['head405', 0.04],
  ['limited', 0.03],
  ['blackholed', 0.01],
  ['error500', 0.02],
  ['reset', 0.02],
];
const EXPECTED: Record<Kind, Outcome> = {
  ok: 'ok',
  gone: 'broken',
  moved: 'redirected',
  head405: 'ok',
  limited: 'ok',
  blackholed: 'timeout',
  error500: 'broken',
  reset: 'broken',
};
/**
 * Requests a link needs whatever the checker does: a redirect is two exchanges, a refused HEAD
 * is followed by a GET, a 429 by its retry; a failing link needs one (nothing more can be
 * learned from a server that is failing); a blackholed one is counted as a timeout instead.
 */
const FORCED_REQUESTS: Record<Kind, number> = { ok: 1, gone: 1, moved: 2, head405: 2, limited: 2, blackholed: 0, error500: 1, reset: 1 };
const FAILING: readonly Kind[] = ['blackholed', 'error500', 'reset'];

interface Link {
  host: number;
  kind: Kind;
  id: number;
  path: string;
}

interface Scenario {
  latency: number[];
  links: Link[];
}

function scenario(settings: Settings): Scenario {
  const random = rng(settings.seed);
  const latency = Array.from({ length: settings.hosts }, () => Math.round(50 + random() * 150));
  const links = Array.from({ length: settings.links }, (_, id) => {
    const host = id % settings.hosts;
    let r = random();
    const mixed = MIX.find(([, share]) => (r -= share) < 0)?.[0] ?? 'ok';
    const kind = host < settings.failingHosts ? FAILING[host % FAILING.length]! : mixed;
    return { host, kind, id, path: `/${kind}/${id}` };
  });
  return { latency, links };
}

const hostAddress = (host: number) => `127.0.0.${host + 2}`;

interface ServerStats {
  maxActive: number[];
  provoked429: number;
  forced429: number;
  requests: number;
  /** TCP connections accepted: one per request when the checker does not reuse them. */
  connections: number;
  /** Requests received per path. */
  hits: Record<string, number>;
  /** CPU time of the server process, microseconds: on a small machine it competes with the checker. */
  cpu: number;
  /** When each blackholed request arrived (epoch ms): the slowest path of the run is that moment plus the timeout. */
  silentSince: number[];
}

// ---------------------------------------------------------------- server process
async function serve(settings: Settings): Promise<void> {
  const { latency } = scenario(settings);
  const active = new Array<number>(settings.hosts).fill(0);
  const stats: ServerStats = { maxActive: new Array<number>(settings.hosts).fill(0), provoked429: 0, forced429: 0, requests: 0, connections: 0, hits: {}, cpu: 0, silentSince: [] };
  let cpuAtStart = process.cpuUsage();
  const servers = latency.map((delay, host) =>
    http.createServer(async (req, res) => {
      stats.requests += 1;
      const path = req.url ?? '';
      const hit = (stats.hits[path] ?? 0) + 1;
      stats.hits[path] = hit;
      // A request stops counting when its answer is sent or when the checker hangs up (a
      // timeout: its end of the connection closes before it sends the next request). And it
      // starts counting one turn later, once the rest of what arrived with it has been read,
      // so that a hang-up read after the next request does not show one request too many.
      let state = 'waiting' as 'waiting' | 'counted' | 'gone';
      const leave = () => {
        if (state === 'counted') active[host]! -= 1;
        state = 'gone';
        req.socket.off('end', leave);
      };
      res.once('finish', leave).once('close', leave);
      req.socket.once('end', leave);
      await new Promise((resolve) => setImmediate(resolve));
      if (state === 'gone') return;
      state = 'counted';
      active[host]! += 1;
      stats.maxActive[host] = Math.max(stats.maxActive[host]!, active[host]!);
      const [, kind, id] = path.split('/');
      if (kind === 'blackholed') return void stats.silentSince.push(Date.now()); // the connection stays open, and nothing ever comes back
      // Like most real servers, state the length even for HEAD, so connections are kept alive.
      res.setHeader('content-length', '0');
      if (active[host]! > settings.hostLimit) {
        stats.provoked429 += 1;
        await sleep(delay);
        return void res.writeHead(429, { 'retry-after': '1' }).end();
      }
      await sleep(delay);
      switch (kind as Kind) {
        case 'ok':
          return void res.end();
        case 'gone':
          return void res.writeHead(404).end();
        case 'moved':
          return void res.writeHead(301, { location: `/ok/${id}` }).end();
        case 'head405':
          return void res.writeHead(req.method === 'HEAD' ? 405 : 200).end();
        case 'limited':
          if (hit === 1) {
            stats.forced429 += 1;
            return void res.writeHead(429, { 'retry-after': String(RETRY_AFTER_S) }).end();
          }
          return void res.end();
        case 'error500':
          return void res.writeHead(500).end();
        case 'reset':
          return void req.socket.destroy();
        default:
          return void res.writeHead(404).end();
      }
    }),
  );
  for (const server of servers) server.on('connection', () => void (stats.connections += 1));
  await Promise.all(servers.map((s, host) => new Promise<void>((resolve) => s.listen(settings.port, hostAddress(host), resolve))));
  // Never outlive the measuring process, whatever happens to it.
  process.on('disconnect', () => process.exit(0));
  setTimeout(() => process.exit(0), GIVE_UP_MS).unref();
  process.on('message', (message: { stats?: boolean; start?: boolean }) => {
    if (message.start) {
      cpuAtStart = process.cpuUsage();
      process.send?.({ started: true });
    }
    if (message.stats) {
      const cpu = process.cpuUsage(cpuAtStart);
      process.send?.({ stats: { ...stats, cpu: cpu.user + cpu.system } });
    }
  });
  process.send?.({ ready: true });
}

// ---------------------------------------------------------------- measuring process
function ask<T>(child: ChildProcess, message: object, key: string): Promise<T> {
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

interface HostLoad {
  delay: number;
  /** Requests the scenario forces (FORCED_REQUESTS). */
  requests: number;
  blackholed: number;
  /** Forced Retry-After waits, ms (they hold a host slot). */
  waits: number;
}

function hostLoads(world: Scenario): HostLoad[] {
  return world.latency.map((delay, host) => {
    const mine = world.links.filter((l) => l.host === host);
    return {
      delay,
      requests: mine.reduce((sum, l) => sum + FORCED_REQUESTS[l.kind], 0),
      blackholed: mine.filter((l) => l.kind === 'blackholed').length,
      waits: mine.filter((l) => l.kind === 'limited').length * RETRY_AFTER_S * 1000,
    };
  });
}

/**
 * The politeness bound, a true lower limit for any checker keeping the per-host limit, host by
 * host: its requests in rounds of the limit, plus the forced waits and one timeout per blackholed
 * link spread over its slots; never less than one timeout per `limit` blackholed links, back to
 * back. The slowest host sets the bound.
 */
function politenessBound(settings: Settings, loads: readonly HostLoad[]): { bound: number; host: number } {
  const L = settings.hostLimit;
  const T = settings.timeoutMs;
  const perHost = loads.map((h) => Math.max(Math.ceil(h.requests / L) * h.delay + (h.waits + h.blackholed * T) / L, Math.ceil(h.blackholed / L) * T));
  const bound = Math.max(...perHost);
  return { bound, host: perHost.indexOf(bound) };
}

/** The same work spread over the global limit instead (waits hold a host slot, not a global one). */
function globalBound(settings: Settings, { latency, links }: Scenario): number {
  const busy = links.reduce((sum, l) => sum + FORCED_REQUESTS[l.kind] * latency[l.host]! + (l.kind === 'blackholed' ? settings.timeoutMs : 0), 0);
  return busy / settings.concurrency;
}

/** "error500: 100% got ≤ 3 requests, max 3 (3 requests: 61)". */
function histogram(kind: Kind, counts: number[]): string {
  if (counts.length === 0) return `${kind}: no such link in this scenario`;
  const max = Math.max(...counts);
  const within = counts.filter((n) => n <= 3).length;
  const spread = [...new Set(counts)].sort((a, b) => a - b).map((n) => `${n} request${n === 1 ? '' : 's'}: ${counts.filter((c) => c === n).length}`);
  return `${kind} (${counts.length} links): ${Math.round((100 * within) / counts.length)}% got ≤ 3 requests, max ${max} (${spread.join(', ')})`;
}

async function measure(settings: Settings): Promise<void> {
  const world = scenario(settings);
  const { links } = world;
  const child = fork(process.argv[1]!, ['bench-links', ...process.argv.slice(2), '--serve', '--port', String(settings.port)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const giveUp = setTimeout(() => {
    process.stderr.write(`bench:links gave up after ${GIVE_UP_MS / 1000} s\n`);
    child.kill();
    process.exit(2);
  }, GIVE_UP_MS);
  await new Promise<void>((resolve) => child.once('message', () => resolve()));

  const finishedAt = new Map<string, number>();
  let started = 0;
  const checker = createChecker({
    concurrency: settings.concurrency,
    hostConcurrency: settings.hostLimit,
    timeoutMs: settings.timeoutMs,
    retry: DEFAULT_RETRY,
    userAgent: 'amd-bench',
    allowPrivate: true,
    policy: { hosts: [] },
    providers: { doi: 'http://127.0.0.1:1', github: 'http://127.0.0.1:1' },
    sleep: (ms) => sleep(ms),
    now: () => Date.now(),
    random: Math.random,
    onResult: (r) => finishedAt.set(r.url, performance.now() - started),
  });
  const urls = links.map((l) => `http://${hostAddress(l.host)}:${settings.port}${l.path}`);
  await ask(child, { start: true }, 'started');
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  started = performance.now();
  const startedAt = Date.now();
  const cpuBefore = process.cpuUsage();
  const results = await checker.checkAll(urls);
  const wall = performance.now() - started;
  loopDelay.disable();
  const cpu = process.cpuUsage(cpuBefore);
  await checker.close();
  const stats = await ask<ServerStats>(child, { stats: true }, 'stats');
  child.kill();
  clearTimeout(giveUp);

  const loads = hostLoads(world);
  const { bound, host: criticalHost } = politenessBound(settings, loads);
  const overGlobal = globalBound(settings, world);
  const wrong = results.filter((r, i) => r.outcome !== EXPECTED[links[i]!.kind]);
  const counts = new Map<string, number>();
  for (const r of results) counts.set(r.outcome, (counts.get(r.outcome) ?? 0) + 1);
  const received = (l: Link) => (stats.hits[l.path] ?? 0) + (l.kind === 'moved' ? (stats.hits[`/ok/${l.id}`] ?? 0) : 0);
  const untruthful = results.filter((r, i) => r.attempts !== received(links[i]!));
  const lastOfKind = new Map<Kind, number>();
  links.forEach((l, i) => lastOfKind.set(l.kind, Math.max(lastOfKind.get(l.kind) ?? 0, finishedAt.get(urls[i]!) ?? 0)));

  const T = settings.timeoutMs;
  console.log(
    `node ${process.version}, ${os.cpus().length} CPUs; ${settings.links} links over ${settings.hosts} hosts` +
      `${settings.failingHosts ? ` (${settings.failingHosts} of them failing on every link)` : ''}, latency 50–200 ms, ` +
      `per-host limit ${settings.hostLimit}, global ${settings.concurrency}, timeout ${T} ms, seed ${settings.seed}\n`,
  );
  console.log('| figure | value | target |');
  console.log('| --- | ---: | --- |');
  console.log(`| wall time | ${(wall / 1000).toFixed(2)} s | |`);
  console.log(`| politeness bound (host ${hostAddress(criticalHost)}) | ${(bound / 1000).toFixed(2)} s | |`);
  console.log(`| **ratio wall / politeness bound** | **${(wall / bound).toFixed(2)}** | ≤ 1.2 |`);
  console.log(`| the same work over the global limit | ${(overGlobal / 1000).toFixed(2)} s | (binding when above the bound) |`);
  const silent = stats.silentSince.map((t) => (t - startedAt) / 1000);
  if (silent.length > 0) console.log(`| blackholed requests sent, from – to (the run ends one timeout after the last) | ${Math.min(...silent).toFixed(2)} – ${Math.max(...silent).toFixed(2)} s | |`);
  console.log(`| false verdicts | ${wrong.length} of ${results.length} | 0 |`);
  const crowded = stats.maxActive.flatMap((n, host) => (n > settings.hostLimit ? [hostAddress(host)] : []));
  console.log(`| highest concurrency on one host | ${Math.max(...stats.maxActive)}${crowded.length ? ` (${crowded.join(', ')})` : ''} | ≤ ${settings.hostLimit} |`);
  console.log(`| 429 provoked beyond the forced ones | ${stats.provoked429} (forced: ${stats.forced429}) | 0 |`);
  console.log(`| requests sent, over connections | ${stats.requests}, ${stats.connections} | |`);
  console.log(`| \`attempts\` equal to the requests the server received | ${results.length - untruthful.length} of ${results.length} | all |`);
  console.log(`| checker event-loop delay, mean / p99, 10 ms sampling period included (CPU-bound when high) | ${(loopDelay.mean / 1e6).toFixed(0)} / ${(loopDelay.percentile(99) / 1e6).toFixed(0)} ms | |`);
  console.log(`| CPU time (user + system): checker, server process | ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s, ${(stats.cpu / 1e6).toFixed(2)} s | |`);
  console.log(`\noutcomes: ${[...counts].map(([o, n]) => `${n} ${o}`).join(', ')}`);
  console.log('requests received per failing link:');
  for (const kind of FAILING) console.log(`  ${histogram(kind, links.filter((l) => l.kind === kind).map(received))}`);
  console.log(`last result, by kind: ${[...lastOfKind].map(([kind, ms]) => `${kind} ${(ms / 1000).toFixed(2)} s`).join(', ')}`);
  for (const r of wrong.slice(0, 5)) console.log(`  false verdict: ${r.url} → ${r.outcome} (${r.error ?? r.status})`);
  for (const r of untruthful.slice(0, 5)) console.log(`  attempts ${r.attempts} but the server received ${received(links[results.indexOf(r)]!)}: ${r.url}`);
}

await command(USAGE, OPTIONS, async (values) => {
  const settings = settingsOf(values as Values);
  if (values.serve) await serve(settings);
  else await measure(settings);
  return 0;
});
