/**
 * A real HTTP server on 127.0.0.1 for link-checker tests: one route per behaviour, and counters
 * the tests assert on (requests per path, concurrency per Host header, connections, bytes sent).
 */
import http from 'node:http';
import type { AddressInfo, LookupFunction } from 'node:net';

export interface TestServer {
  port: number;
  /** `http://<host>.test:<port><path>`; *.test resolves to the server's address through `lookup`. */
  url: (path: string, host?: string) => string;
  lookup: LookupFunction;
  hits: Map<string, number>;
  methods: string[];
  maxConcurrentPerHost: Map<string, number>;
  maxConcurrentTotal: () => number;
  /** TCP connections accepted so far. */
  connections: () => number;
  bytesSent: () => number;
  close: () => Promise<void>;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, hit: number) => unknown;

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `address`: where to listen (another loopback address, e.g. 127.0.0.2, stands for a second machine). */
export async function startServer(extra: Record<string, Handler> = {}, address = '127.0.0.1'): Promise<TestServer> {
  const hits = new Map<string, number>();
  const methods: string[] = [];
  const active = new Map<string, number>();
  const maxPerHost = new Map<string, number>();
  let total = 0;
  let maxTotal = 0;
  let sent = 0;
  let connections = 0;

  const routes: Record<string, Handler> = {
    '/ok': (_req, res) => res.end('ok'),
    '/not-found': (_req, res) => res.writeHead(404).end(),
    '/gone': (_req, res) => res.writeHead(410).end(),
    '/forbidden': (_req, res) => res.writeHead(403).end(),
    '/unauthorized': (_req, res) => res.writeHead(401).end(),
    '/head-refused': (req, res) => res.writeHead(req.method === 'HEAD' ? 405 : 200).end(),
    '/challenge': (_req, res) => res.writeHead(403, { 'cf-mitigated': 'challenge' }).end(),
    '/moved': (_req, res) => res.writeHead(301, { location: '/ok' }).end(),
    '/found': (_req, res) => res.writeHead(302, { location: '/ok' }).end(),
    '/loop-a': (_req, res) => res.writeHead(302, { location: '/loop-b' }).end(),
    '/loop-b': (_req, res) => res.writeHead(302, { location: '/loop-a' }).end(),
    '/slow': async (_req, res) => {
      await delay(3000);
      res.end('late');
    },
    '/reset': (req) => req.socket.destroy(),
    '/huge': (req, res) => {
      if (req.method === 'HEAD') return void res.writeHead(405).end();
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(64 * 1024, 120);
      const pump = () => {
        while (sent < 200 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', () => res.removeAllListeners('drain'));
      pump();
    },
    '/limited-seconds': (_req, res, hit) => (hit === 1 ? res.writeHead(429, { 'retry-after': '1' }).end() : res.end('ok')),
    '/limited-date': (_req, res, hit) =>
      hit === 1 ? res.writeHead(429, { 'retry-after': new Date(Date.now() + 2000).toUTCString() }).end() : res.end('ok'),
    '/limited-long': (_req, res) => res.writeHead(429, { 'retry-after': '3600' }).end(),
    '/flaky': (_req, res, hit) => (hit <= 2 ? res.writeHead(503).end() : res.end('ok')),
    '/always-500': (_req, res) => res.writeHead(500).end(),
    // Accepts the connection and the request, and never answers.
    '/blackhole': () => undefined,
    '/work': async (_req, res) => {
      await delay(60);
      res.end('ok');
    },
    // DOI handle API fake
    '/api/handles/10.1234/registered': (_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ responseCode: 1, handle: '10.1234/registered', values: [{ type: 'URL', data: { value: 'https://publisher.example/article' } }] })),
    '/api/handles/10.1234/api-down': (_req, res) => res.writeHead(503).end(),
    '/api/handles/10.1234/missing': (_req, res) =>
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ responseCode: 100, handle: '10.1234/missing' })),
    // GitHub REST API fake
    '/repos/owner/repo': (_req, res) => res.writeHead(200).end(JSON.stringify({ full_name: 'owner/repo', html_url: 'https://github.com/owner/repo', archived: false })),
    '/repos/owner/old-project': (_req, res) => res.writeHead(200).end(JSON.stringify({ full_name: 'owner/old-project', html_url: 'https://github.com/owner/old-project', archived: true })),
    '/repos/owner/renamed': (_req, res) => res.writeHead(301, { location: '/repositories/42' }).end(),
    '/repositories/42': (_req, res) => res.writeHead(200).end(JSON.stringify({ full_name: 'owner/new-name', html_url: 'https://github.com/owner/new-name', archived: false })),
    '/repos/owner/missing': (_req, res) => res.writeHead(404).end(JSON.stringify({ message: 'Not Found' })),
    ...extra,
  };

  const server = http.createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const key = `${host}${path}`;
    const hit = (hits.get(key) ?? 0) + 1;
    hits.set(key, hit);
    methods.push(`${req.method} ${key}`);
    active.set(host, (active.get(host) ?? 0) + 1);
    maxPerHost.set(host, Math.max(maxPerHost.get(host) ?? 0, active.get(host)!));
    maxTotal = Math.max(maxTotal, ++total);
    const leave = () => {
      active.set(host, active.get(host)! - 1);
      total -= 1;
    };
    res.once('close', leave);
    const route = routes[path];
    if (!route) return void res.writeHead(404).end();
    try {
      await route(req, res, hit);
    } catch {
      res.destroy();
    }
  });
  server.on('connection', () => void (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  const port = (server.address() as AddressInfo).port;
  const lookup: LookupFunction = (hostname, options, callback) => {
    const cb = callback as (error: NodeJS.ErrnoException | null, address?: string | { address: string; family: number }[], family?: number) => void;
    if (!hostname.endsWith('.test')) {
      const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
      error.code = 'ENOTFOUND';
      return cb(error);
    }
    if ((options as { all?: boolean }).all) return cb(null, [{ address, family: 4 }]);
    cb(null, address, 4);
  };
  return {
    port,
    url: (path, host = 'site') => `http://${host}.test:${port}${path}`,
    lookup,
    hits,
    methods,
    maxConcurrentPerHost: maxPerHost,
    maxConcurrentTotal: () => maxTotal,
    connections: () => connections,
    bytesSent: () => sent,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
