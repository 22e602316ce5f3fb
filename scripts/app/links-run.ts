/**
 * One link-check run, shared by `npm run links` and `npm run check -- --links`:
 * collect → select (changed only, shard) → reuse fresh successes from the ledger → check the
 * rest, until the deadline if there is one → detect "offline" → update the ledger with what was
 * learned → diagnostics.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { compareCodeUnits, type Diagnostic } from '../core/diagnostic.ts';
import { fromMarkdown, fromRecords, fromText, groupTargets, requestUrl, type LinkTarget, type Occurrence } from '../core/links/collect.ts';
import { OFFLINE_CODES } from '../core/links/offline.ts';
import { nextEntry, parseLedger, reusable, serializeLedger, type Ledger, type LedgerPolicy } from '../core/links/ledger.ts';
import type { LinkResult } from '../core/links/outcome.ts';
import { linkDiagnostics } from '../core/links/report.ts';
import { inShard, type Shard } from '../core/links/shard.ts';
import { loadYaml } from '../core/load.ts';
import type { DatasetRecord } from '../core/model.ts';
import { LAYOUT, writeFileAtomic } from '../io/files.ts';
import { filesAtRef } from '../io/git.ts';
import { createChecker, type CheckedLink, type CheckerOptions } from '../io/link-checker.ts';

export interface LinkRunOptions {
  root: string;
  checker: CheckerOptions;
  ledgerPolicy: LedgerPolicy;
  /** Ledger file; undefined with --no-cache. */
  cacheFile: string | undefined;
  grace: boolean;
  changedSince: string | undefined;
  shard: Shard | undefined;
  /** Explicit inputs (markdown or URL lists); empty means the project's own data and markdown. */
  files: readonly string[];
  /** Checking stops after this long (--max-duration); links not reached are `unchecked`. */
  maxDurationMs?: number;
  /** Told how many URLs will be requested (after selection and the ledger), e.g. for a progress line. */
  onPlan?: (requests: number) => void;
}

export interface LinkRun {
  targets: LinkTarget[];
  results: LinkResult[];
  diagnostics: Diagnostic[];
  /** The first hosts' lookups all failed: the network is unavailable, the results say nothing about the links. */
  offline: boolean;
  /** How many distinct hosts failed for lack of a network (what `offline` rests on). */
  offlineHosts: number;
  /** Links skipped because --changed-since found them unchanged, or another shard owns them. */
  notSelected: number;
}

type Located = Occurrence & { url: string };

function readText(root: string, relative: string): string {
  return readFileSync(path.resolve(root, relative), 'utf8');
}

/** The project's hand-written markdown: top-level *.md files (README.md first). */
function projectMarkdown(root: string): string[] {
  return readdirSync(root)
    .filter((name) => name.endsWith('.md'))
    .sort((a, b) => (a === LAYOUT.readme ? -1 : b === LAYOUT.readme ? 1 : compareCodeUnits(a, b)));
}

export function collectOccurrences(root: string, records: readonly DatasetRecord[], files: readonly string[]): Located[] {
  if (files.length > 0) {
    return files.flatMap((file) => {
      const text = readText(root, file);
      return /\.(md|markdown)$/i.test(file) ? fromMarkdown(file, text) : fromText(file, text);
    });
  }
  return [...(fromRecords(records) as Located[]), ...projectMarkdown(root).flatMap((file) => fromMarkdown(file, readText(root, file)))];
}

/** URLs present at `ref` in the data files and markdown, read leniently (old files may not validate). */
function urlsAtRef(root: string, ref: string): Set<string> {
  const urls = new Set<string>();
  for (const [file, text] of filesAtRef(root, ref, [LAYOUT.datasets, ...projectMarkdown(root)])) {
    if (file.endsWith('.md')) {
      for (const o of fromMarkdown(file, text)) urls.add(requestUrl(o.url));
    } else if (file.endsWith('.yaml')) {
      const value = loadYaml({ path: file, bytes: new TextEncoder().encode(text) }).loaded?.value as
        | { links?: Record<string, unknown>; license?: { url?: unknown } }
        | undefined;
      for (const url of [...Object.values(value?.links ?? {}), value?.license?.url]) {
        if (typeof url === 'string') urls.add(requestUrl(url));
      }
    }
  }
  return urls;
}

/** The end-of-run verdict, for the case the checker could not decide early: every result failed for lack of a network. */
export function looksOffline(checked: readonly CheckedLink[]): boolean {
  return checked.length > 0 && checked.every((r) => r.errorCode !== undefined && OFFLINE_CODES.has(r.errorCode));
}

export async function runLinks(records: readonly DatasetRecord[], options: LinkRunOptions): Promise<LinkRun> {
  const all = groupTargets(collectOccurrences(options.root, records, options.files));
  const before = options.changedSince ? urlsAtRef(options.root, options.changedSince) : undefined;
  const targets = all.filter((t) => (!before || !before.has(t.url)) && inShard(t.url, options.shard));

  const ledgerText = options.cacheFile ? readFileOrUndefined(options.cacheFile) : undefined;
  const ledger: Ledger = parseLedger(ledgerText);
  const now = options.checker.now();
  const results = new Map<string, LinkResult>();
  const toCheck: string[] = [];
  for (const target of targets) {
    const reused = options.cacheFile ? reusable(ledger.entries[target.url], now, options.ledgerPolicy) : undefined;
    if (reused) results.set(target.url, { ...reused, url: target.url });
    else toCheck.push(target.url);
  }

  options.onPlan?.(toCheck.length);
  const deadline = options.maxDurationMs === undefined ? undefined : AbortSignal.timeout(options.maxDurationMs);
  const checker = createChecker({ ...options.checker, ...(deadline ? { deadline } : {}) });
  let checked: CheckedLink[];
  try {
    checked = await checker.checkAll(toCheck);
  } finally {
    await checker.close();
  }
  const offline = checker.offline || looksOffline(checked);
  const offlineHosts = checker.offline ? checker.offlineHosts : new Set(checked.map((r) => hostOf(r.url))).size;
  for (const { errorCode: _, ...result } of checked) results.set(result.url, result);

  if (options.cacheFile && !offline) {
    // What was learned before the deadline is kept; a link not reached keeps its old entry.
    for (const result of checked) {
      if (result.outcome !== 'unchecked') ledger.entries[result.url] = nextEntry(ledger.entries[result.url], result, now);
    }
    await writeFileAtomic(options.cacheFile, serializeLedger(ledger));
  }
  const diagnostics = offline
    ? []
    : linkDiagnostics(targets, results, {
        grace: options.grace,
        ledger: ledger.entries,
        ledgerPolicy: options.ledgerPolicy,
        now,
        timeoutMs: options.checker.timeoutMs,
      });
  return {
    targets,
    results: targets.map((t) => results.get(t.url)!),
    diagnostics,
    offline,
    offlineHosts,
    notSelected: all.length - targets.length,
  };
}

function hostOf(url: string): string {
  return URL.canParse(url) ? new URL(url).hostname : url;
}

function readFileOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
