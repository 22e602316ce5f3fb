/**
 * The link-checking options, declared once with their defaults, for `npm run links` and
 * `npm run check -- --links`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Diagnostic } from '../core/diagnostic.ts';
import { homeOf, type ActionsEnv } from '../core/home.ts';
import { DEFAULT_LEDGER_POLICY } from '../core/links/ledger.ts';
import { EMPTY_POLICY, loadLinkPolicy, type LinkPolicy } from '../core/links/policy.ts';
import { DEFAULT_RETRY } from '../core/links/retry.ts';
import { parseShard } from '../core/links/shard.ts';
import { UsageError } from './cli.ts';
import type { LinkRunOptions } from './links-run.ts';

/**
 * An honest User-Agent names the project and where to read about it: the repository of
 * package.json, or in GitHub Actions the repository the run belongs to (core/home.ts).
 */
export function defaultUserAgent(root: string, env: ActionsEnv = process.env): string {
  let pkg: Parameters<typeof homeOf>[0] = {};
  try {
    pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as typeof pkg;
  } catch {
    // no package.json: the User-Agent still names the project
  }
  const home = homeOf(pkg ?? {}, env);
  return `awesome-medical-datasets-linkcheck/0.1${home ? ` (+${home.repository})` : ''}`;
}
export const DEFAULT_CACHE = '.cache/link-ledger.json';
/**
 * Seconds a run may take before the links not reached are left `unchecked`. Without a deadline,
 * hanging hosts add up: a link may take a timeout per request and the waits between them, and
 * one host's links queue behind each other at --host-concurrency — 500 links on a host that
 * has stopped answering take 250 × 15 s, an hour. Twenty minutes is far beyond what answering
 * hosts need, and well inside the weekly job's 60 (.github/workflows/links.yml).
 */
export const DEFAULT_MAX_DURATION_S = 1200;

export const LINK_OPTIONS = {
  concurrency: { type: 'string', default: '1024' },
  'host-concurrency': { type: 'string', default: '2' },
  timeout: { type: 'string', default: '15000' },
  'max-requests': { type: 'string', default: String(DEFAULT_RETRY.maxRequests) },
  'max-retry-wait': { type: 'string', default: String(DEFAULT_RETRY.maxDelayMs) },
  'max-duration': { type: 'string', default: String(DEFAULT_MAX_DURATION_S) },
  'user-agent': { type: 'string' },
  cache: { type: 'string', default: DEFAULT_CACHE },
  'no-cache': { type: 'boolean', default: false },
  'ttl-days': { type: 'string', default: '7' },
  grace: { type: 'boolean', default: false },
  'confirm-failures': { type: 'string', default: String(DEFAULT_LEDGER_POLICY.confirmFailures) },
  'confirm-days': { type: 'string', default: '2' },
  'changed-since': { type: 'string' },
  shard: { type: 'string' },
  'allow-private': { type: 'boolean', default: false },
  'doi-api': { type: 'string', default: 'https://doi.org' },
  'github-api': { type: 'string', default: 'https://api.github.com' },
} as const;

export const LINK_USAGE = `Link options:
  --host-concurrency <n>   requests in flight per host (default 2): each host's queue
                           drains at this pace, whatever the other hosts do
  --concurrency <n>        requests in flight over all hosts, a safety cap for the machine
                           (default 1024); below hosts × --host-concurrency, hosts wait
                           for each other's turns
  --timeout <ms>           per request, until response headers (default 15000); a timeout
                           is not retried in the run (--grace judges flaky links across runs)
  --max-requests <n>       requests to one URL per run, the HEAD→GET fallback and retries of
                           5xx, 408, 429 and resets included (default ${DEFAULT_RETRY.maxRequests})
  --max-retry-wait <ms>    longest single wait, Retry-After included (default 30000)
  --max-duration <s>       stop checking after this long: links not reached are reported as
                           not checked, and the ledger keeps what was learned (default
                           ${DEFAULT_MAX_DURATION_S}, 20 minutes)
  --user-agent <text>      default: awesome-medical-datasets-linkcheck/0.1 (+<repository>)
  --cache <file>           ledger of past results (default ${DEFAULT_CACHE})
  --no-cache               neither read nor write the ledger
  --ttl-days <n>           reuse a success this long (default 7)
  --grace                  scheduled mode: call a link broken only after
                           --confirm-failures runs (default 3) over --confirm-days (default 2)
  --changed-since <ref>    only links added or changed since a git ref (e.g. origin/main)
  --shard <i/n>            check the i-th of n host-disjoint parts (for a CI matrix)
  --allow-private          allow private/loopback/link-local addresses (local testing)
  --doi-api <url>          DOI handle API base (default https://doi.org)
  --github-api <url>       GitHub REST API base (default https://api.github.com)
Environment: GITHUB_TOKEN raises the GitHub API rate limit; LINKS_ALLOW_PRIVATE=1 is
--allow-private (for replaying the workflows against a local server).
`;

type WithDefault = { [K in keyof typeof LINK_OPTIONS as (typeof LINK_OPTIONS)[K] extends { default: unknown } ? K : never]: (typeof LINK_OPTIONS)[K] extends { type: 'boolean' } ? boolean : string };
type Optional = { [K in Exclude<keyof typeof LINK_OPTIONS, keyof WithDefault>]?: string };
export type LinkOptionValues = WithDefault & Optional;

function positiveInteger(name: string, value: string, allowZero = false): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1)) throw new UsageError(`--${name} must be a ${allowZero ? 'non-negative' : 'positive'} whole number, not "${value}"`);
  return n;
}

function positiveNumber(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || value.trim() === '') throw new UsageError(`--${name} must be a positive number, not "${value}"`);
  return n;
}

const DAY = 86_400_000;

export function linkRunOptions(values: LinkOptionValues, root: string, files: readonly string[], policy: LinkPolicy = EMPTY_POLICY): LinkRunOptions {
  const shard = values.shard === undefined ? undefined : parseShard(values.shard);
  if (values.shard !== undefined && !shard) throw new UsageError(`--shard must look like 2/4 (part 2 of 4), not "${values.shard}"`);
  return {
    root,
    files,
    grace: values.grace,
    changedSince: values['changed-since'],
    shard,
    cacheFile: values['no-cache'] ? undefined : path.resolve(root, values.cache),
    maxDurationMs: positiveNumber('max-duration', values['max-duration']) * 1000,
    ledgerPolicy: {
      ttlMs: positiveInteger('ttl-days', values['ttl-days'], true) * DAY,
      confirmFailures: positiveInteger('confirm-failures', values['confirm-failures']),
      confirmSpanMs: positiveInteger('confirm-days', values['confirm-days'], true) * DAY,
    },
    checker: {
      concurrency: positiveInteger('concurrency', values.concurrency),
      hostConcurrency: positiveInteger('host-concurrency', values['host-concurrency']),
      timeoutMs: positiveInteger('timeout', values.timeout),
      retry: { ...DEFAULT_RETRY, maxRequests: positiveInteger('max-requests', values['max-requests']), maxDelayMs: positiveInteger('max-retry-wait', values['max-retry-wait'], true) },
      userAgent: values['user-agent'] ?? defaultUserAgent(root),
      allowPrivate: values['allow-private'] || process.env.LINKS_ALLOW_PRIVATE === '1',
      policy,
      providers: { doi: values['doi-api'], github: values['github-api'] },
      ...(process.env.GITHUB_TOKEN ? { githubToken: process.env.GITHUB_TOKEN } : {}),
      sleep: (ms, signal) => sleep(ms, undefined, signal ? { signal } : {}),
      now: () => Date.now(),
      random: Math.random,
    },
  };
}

export const POLICY_FILE = 'data/link-policy.yaml';

export function loadPolicy(root: string): { policy?: LinkPolicy; diagnostics: Diagnostic[] } {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path.join(root, POLICY_FILE));
  } catch {
    return { policy: { hosts: [] }, diagnostics: [] };
  }
  return loadLinkPolicy({ path: POLICY_FILE, bytes });
}

export const EXIT_OFFLINE = 3;
