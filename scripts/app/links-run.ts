/**
 * One link-check run, shared by `npm run links` and `npm run check -- --links`: the wiring
 * around checkLinks() (scripts/pipeline.ts), which holds the flow. Here: which files to read,
 * the files at the --changed-since ref, the ledger file, and the network checker with its
 * deadline.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { compareCodeUnits } from '../core/diagnostic.ts';
import type { LedgerPolicy } from '../core/links/ledger.ts';
import type { Shard } from '../core/links/shard.ts';
import type { DatasetRecord } from '../core/model.ts';
import { LAYOUT, writeFileAtomic } from '../io/files.ts';
import { filesAtRef } from '../io/git.ts';
import { createChecker, type CheckerOptions } from '../io/link-checker.ts';
import { checkLinks, type LinkChecker, type LinkRun, type TextFile } from '../pipeline.ts';

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

/** The project's hand-written markdown: top-level *.md files (README.md first). */
function projectMarkdown(root: string): string[] {
  return readdirSync(root)
    .filter((name) => name.endsWith('.md'))
    .sort((a, b) => (a === LAYOUT.readme ? -1 : b === LAYOUT.readme ? 1 : compareCodeUnits(a, b)));
}

function readText(root: string, relative: string): TextFile {
  return { path: relative, text: readFileSync(path.resolve(root, relative), 'utf8') };
}

/** The network checker, one per run: the deadline starts when checking does. */
function networkChecker(options: LinkRunOptions): LinkChecker {
  return async (urls) => {
    const deadline = options.maxDurationMs === undefined ? undefined : AbortSignal.timeout(options.maxDurationMs);
    const checker = createChecker({ ...options.checker, ...(deadline ? { deadline } : {}) });
    try {
      const checked = await checker.checkAll(urls);
      return { checked, offline: checker.offline, offlineHosts: checker.offlineHosts };
    } finally {
      await checker.close();
    }
  };
}

export async function runLinks(records: readonly DatasetRecord[], options: LinkRunOptions): Promise<LinkRun> {
  const { root } = options;
  // Files given on the command line replace the project's own data and markdown.
  const explicit = options.files.length > 0;
  const sources = {
    records: explicit ? [] : records,
    documents: (explicit ? options.files : projectMarkdown(root)).map((file) => readText(root, file)),
    ...(options.changedSince
      ? { before: [...filesAtRef(root, options.changedSince, [LAYOUT.datasets, ...projectMarkdown(root)])].map(([file, text]) => ({ path: file, text })) }
      : {}),
  };
  const run = await checkLinks(sources, networkChecker(options), {
    ...(options.cacheFile ? { ledger: { saved: readFileOrUndefined(options.cacheFile) } } : {}),
    ledgerPolicy: options.ledgerPolicy,
    grace: options.grace,
    shard: options.shard,
    now: options.checker.now(),
    timeoutMs: options.checker.timeoutMs,
    ...(options.onPlan ? { onPlan: options.onPlan } : {}),
  });
  if (options.cacheFile && run.ledger !== undefined) await writeFileAtomic(options.cacheFile, run.ledger);
  return run;
}

function readFileOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
