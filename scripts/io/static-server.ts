/**
 * A static file server on 127.0.0.1 for a built site: what GitHub Pages does for the pages
 * (a folder's index.html, content types, 404), under a sub-path like a project site's
 * (`/<repo>/`), on a port the system picks. For the site's browser tests and its benchmark.
 */
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.bib': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticServer {
  /** The site's address, ending in `/`: `http://127.0.0.1:<port><base>`. */
  url: string;
  /** Every path requested, in order. */
  requests: string[];
  close: () => Promise<void>;
}

/** Serves `folder` at `base` (`/` or `/<name>/`). */
export async function serveFolder(folder: string, base = '/'): Promise<StaticServer> {
  const requests: string[] = [];
  const root = path.resolve(folder);
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    requests.push(pathname);
    if (!pathname.startsWith(base)) return void res.writeHead(404).end('not found');
    let file = path.join(root, pathname.slice(base.length));
    if (!file.startsWith(root)) return void res.writeHead(403).end();
    if (pathname.endsWith('/')) file = path.join(file, 'index.html');
    readFile(file).then(
      (body) => res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' }).end(body),
      () => res.writeHead(404, { 'content-type': 'text/plain' }).end('not found'),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${base}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
