/** `npm run links` as a process: formats, exit codes, offline status. */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startServer, type TestServer } from './http-server.ts';
import { runCommand, type CommandOptions } from './commands.ts';
import { allowLocalLinks, ROOT, validDataset } from './helpers.ts';
import { parseOptions } from '../scripts/app/cli.ts';
import { LINK_OPTIONS, linkRunOptions } from '../scripts/app/link-options.ts';

let server: TestServer;
let dir: string;
beforeAll(async () => {
  server = await startServer();
  dir = mkdtempSync(path.join(os.tmpdir(), 'amd-links-cli-'));
  const local = (p: string) => `http://127.0.0.1:${server.port}${p}`;
  writeFileSync(path.join(dir, 'urls.txt'), `# a list of URLs\n${local('/ok')}\n${local('/gone')}\n${local('/moved')}\n`);
  writeFileSync(path.join(dir, 'doc.md'), `# Doc\n\nSee [the data](${local('/ok')}) and <${local('/not-found')}>.\n`);
  writeFileSync(path.join(dir, 'offline.txt'), 'https://a.invalid/\nhttps://b.invalid/\n');
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const links = (args: string[], options: CommandOptions = {}) => runCommand('links', ['--root', dir, '--no-cache', ...args], { env: { CI: 'true' }, ...options });

test('jsonl: one object per distinct URL with the comparable fields', async () => {
  const { code, stdout, stderr } = await links(['--allow-private', '--format', 'jsonl', 'urls.txt'], { process: true });
  expect(stderr).toBe('');
  expect(code).toBe(1);
  const rows = stdout.trim().split('\n').map((l) => JSON.parse(l));
  expect(rows.map((r) => [r.outcome, r.status, r.permanent])).toEqual([['ok', 200, false], ['broken', 410, false], ['redirected', 200, true]]);
  expect(Object.keys(rows[0])).toEqual(['url', 'outcome', 'status', 'permanent', 'finalUrl', 'attempts', 'error']);
});

test('terminal: grouped by file, with line numbers and the fix; markdown files too', async () => {
  const { code, stdout } = await links(['--allow-private', 'doc.md', 'urls.txt']);
  expect(code).toBe(1);
  expect(stdout).toMatch(/doc\.md\n\s+3:\d+\s+error\s+http:\/\/127\.0\.0\.1:\d+\/not-found is broken: HTTP 404/);
  expect(stdout).toMatch(/urls\.txt\n(.*\n)*\s+4:1\s+warning\s+.*redirects permanently to .*\/ok/);
  expect(stdout).toContain('hint: switch to');
});

test('markdown: an issue body with counts and problems', async () => {
  const { stdout } = await links(['--allow-private', '--format', 'markdown', 'urls.txt']);
  expect(stdout).toMatch(/Checked 3 distinct links on \d{4}-\d\d-\d\d\./);
  expect(stdout).toMatch(/^\| broken +\| 1 +\|$/m);
  expect(stdout).toMatch(/`urls\.txt:3`/);
});

test('markdown: 400 broken links make an issue body GitHub accepts — counts, a line on what is left out and where — and --full-report holds them all', async () => {
  const urls = Array.from({ length: 400 }, (_, i) => `http://127.0.0.1:${server.port}/gone?dataset=a-dataset-with-a-rather-long-identifier-${i}`);
  writeFileSync(path.join(dir, 'many-broken.txt'), `${urls.join('\n')}\n`);
  const full = path.join(dir, 'full-report.md');
  const where = 'the link-report artifact of https://github.com/o/r/actions/runs/1';
  // One host: 8 requests at a time keeps the test quick.
  const { code, stdout } = await links(['--allow-private', '--host-concurrency', '8', '--format', 'markdown', '--full-report', full, '--full-report-at', where, 'many-broken.txt']);
  expect(code).toBe(1);
  expect(stdout.length).toBeLessThanOrEqual(65_536);
  expect(stdout).toContain('**400 links broken.**');
  expect(stdout).toMatch(/^\| broken +\| 400 +\|$/m);
  const listed = stdout.match(/^\| `many-broken\.txt:\d+`/gm)!.length;
  expect(listed).toBeGreaterThan(100);
  expect(stdout).toContain(`**${400 - listed} of 400 problems are left out here**`);
  expect(stdout).toContain(`The full report, with every problem: ${where.replace('https:', 'https\\:')}.`);
  const report = readFileSync(full, 'utf8');
  expect(report.length).toBeGreaterThan(65_536);
  expect(report.match(/^\| `many-broken\.txt:(\d+)`/gm)!.map((row) => Number(/:(\d+)/.exec(row)![1]))).toEqual(urls.map((_, i) => i + 1));
  expect(report).not.toContain('left out');
  expect(report.startsWith(stdout.slice(0, stdout.indexOf('### Problems')))).toBe(true); // the same verdict and counts
});

test('--files-url takes an http(s) URL only: anything else is a usage error (exit 2)', async () => {
  const { code, stderr } = await links(['--files-url', 'javascript:alert(1)', 'urls.txt']);
  expect(code).toBe(2);
  expect(stderr).toContain('--files-url "javascript:alert(1)" must start with https:// or http://');
});

test('without --allow-private, local addresses are refused', async () => {
  const before = server.connections();
  const { code, stdout } = await links(['urls.txt']);
  expect(code).toBe(1);
  expect(stdout).toMatch(/127\.0\.0\.1 is a private, loopback, link-local or reserved address: not requested/);
  expect(server.connections()).toBe(before); // not even a connection reached the server
});

test('offline: one line and exit status 3', async () => {
  const { code, stdout, stderr } = await links(['offline.txt']);
  expect(code).toBe(3);
  expect(stdout).toBe('');
  expect(stderr.trim().split('\n')).toHaveLength(1);
  expect(stderr).toMatch(/^network unavailable: every one of 2 host lookups failed/);
});

test('a deadline by default: without --max-duration, a run ends after 20 minutes', () => {
  const { values } = parseOptions([], LINK_OPTIONS);
  expect(linkRunOptions(values, dir, []).maxDurationMs).toBe(20 * 60 * 1000);
  expect(linkRunOptions({ ...values, 'max-duration': '0.5' }, dir, []).maxDurationMs).toBe(500);
});

test('many hanging links end at the deadline, as a process: unchecked, verdict incomplete, exit 0', async () => {
  const urls = Array.from({ length: 40 }, (_, i) => `http://127.0.0.1:${server.port}/blackhole?${i}`);
  writeFileSync(path.join(dir, 'hanging.txt'), `${urls.join('\n')}\n`);
  const health = path.join(dir, 'hanging-health');
  const started = Date.now();
  // Without the deadline: 20 rounds of 60 s at 2 in flight.
  const { code, stdout } = await links(['--allow-private', '--timeout', '60000', '--max-duration', '1', '--health-file', health, 'hanging.txt'], { process: true });
  expect(Date.now() - started).toBeLessThan(10_000);
  expect(code).toBe(0);
  expect(stdout).toContain('40 links (40 not checked before --max-duration)');
  expect(readFileSync(health, 'utf8')).toBe('incomplete\n');
});

test('usage errors exit 2', async () => {
  expect((await links(['--shard', '3/2'])).code).toBe(2);
  expect((await links(['--concurrency', '0'])).code).toBe(2);
  expect((await links(['--format', 'xml'])).code).toBe(2);
  expect((await links(['--max-duration', 'soon'])).code).toBe(2);
});

test('npm run check -- --links adds link problems at the YAML line of the link', async () => {
  const project = mkdtempSync(path.join(os.tmpdir(), 'amd-check-links-'));
  for (const p of ['data', 'docs', '.github']) cpSync(path.join(ROOT, p), path.join(project, p), { recursive: true });
  writeFileSync(path.join(project, 'README.md'), '# T\n\n<!-- BEGIN contents -->\n<!-- END contents -->\n\n<!-- BEGIN datasets -->\n<!-- END datasets -->\n');
  allowLocalLinks(project);
  rmSync(path.join(project, 'data/datasets'), { recursive: true });
  mkdirSync(path.join(project, 'data/datasets'));
  const local = (p: string) => `http://127.0.0.1:${server.port}${p}`;
  writeFileSync(path.join(project, 'data/datasets/alive.yaml'), validDataset('alive', { name: 'name: Alive set', links: `links:\n  homepage: ${local('/ok')}` }));
  writeFileSync(path.join(project, 'data/datasets/dead.yaml'), validDataset('dead', { name: 'name: Dead set', links: `links:\n  homepage: ${local('/gone')}` }));
  const run = (command: string, ...args: string[]) => runCommand(command, ['--root', project, ...args], { env: { CI: 'true' } });
  await run('build');
  expect((await run('check')).code).toBe(0); // no network without --links
  const { code, stdout } = await run('check', '--links', '--allow-private', '--no-cache');
  expect(code).toBe(1);
  expect(stdout).toMatch(/data\/datasets\/dead\.yaml\n(.*\n)*\s+13:13\s+error\s+homepage http:\/\/127\.0\.0\.1:\d+\/gone is broken: HTTP 410/);
  expect(stdout).toContain('2 links checked (1 ok, 1 broken)');
  rmSync(project, { recursive: true, force: true });
});
