/**
 * The commands' memory across runs, in one place with one lifetime: the folder of this version
 * of the code, node_modules/.cache/amd/<code hash>/ (scripts/code-hash.mjs), next to the bundle
 * scripts/run.mjs builds there. New code or new dependencies, new folder, empty caches: nothing
 * remembered can come from another formatter, parser, validator or renderer. Within a version,
 * every key is a hash of what the answer depends on (the file's bytes, the schema, the
 * vocabularies), so an edited file or vocabulary is always looked at again.
 *
 *   valid  — values of data files that passed the schema, by a hash of schema and bytes (pipeline.ts)
 *   format — data files already in canonical form (rules/data/unformatted.ts)
 *   render — README sections by what they are made of (core/render/readme.ts)
 *
 * One file per project root. Only the entries a run used are written back, so the file never
 * outgrows the catalog. Commands run from the bundle and tests run from source use the same
 * code and the same folder.
 *
 * A cache answers instead of the parser, the schema, the formatter and the renderer, so an
 * entry nobody computed could make a broken file pass. Each file is therefore signed: its first
 * line is an HMAC-SHA256 of the code version and the rest, keyed by a random secret kept outside
 * every cache file and version folder (node_modules/.cache/amd.key, created on first use, mode
 * 600). A file without the right signature — hand-edited, copied from another checkout, written
 * by other code — is not read at all; a signed one is still read entry by entry, and an entry of
 * the wrong shape is a miss. Re-checking instead of signing would cost what the caches save.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RenderCache } from '../core/render/readme.ts';
import type { FormatVerdicts } from '../core/rules/data/unformatted.ts';
import type { ValidCache } from '../pipeline.ts';
import { codeHash, versionFolder } from '../code-hash.mjs';
import { writeFileAtomic } from './files.ts';

/** Replaced by the code hash when scripts/run.mjs bundles the toolchain; undefined when run from source. */
declare const __AMD_CODE_HASH__: string | undefined;

const here = path.dirname(fileURLToPath(import.meta.url));
let version: string | undefined;

/** The folder of the code that is running. */
export function currentVersionFolder(): string {
  if (version !== undefined) return version;
  if (typeof __AMD_CODE_HASH__ === 'string') {
    // The bundle lives in <version folder>/bundle/; the hash in its name was computed by run.mjs.
    version = path.dirname(here);
    if (path.basename(version) !== __AMD_CODE_HASH__) throw new Error(`the bundle for ${__AMD_CODE_HASH__} was moved to ${here}`);
  } else {
    const root = path.resolve(here, '..', '..'); // scripts/io/ → the toolchain's root
    version = versionFolder(root, codeHash(root));
  }
  return version;
}

/**
 * The benchmarks' starting points: `installed` is a fresh clone just after `npm ci` (the bundle
 * its prepare step built, no caches); `edited` is the first run after a change to the code (no
 * bundle either: run.mjs builds it again).
 */
export function forgetFor(state: 'installed' | 'edited'): void {
  rmSync(state === 'edited' ? currentVersionFolder() : projectsFolder(), { recursive: true, force: true });
}

/** Where the caches of every project root live, beside the bundle. */
const projectsFolder = () => path.join(currentVersionFolder(), 'projects');

/** The cache file of one project root (the bench and the tests run the same code on other folders). */
export function projectCacheFile(root: string): string {
  const id = createHash('sha256').update(path.resolve(root)).digest('hex').slice(0, 16);
  return path.join(projectsFolder(), `${id}.json`);
}

interface Stored {
  valid: Record<string, object>;
  format: string[];
  render: Record<string, string>;
}

const KEY_BYTES = 32;

/** The secret that signs this checkout's cache files; undefined when it can be neither read nor made (then nothing is cached). */
function signingKey(): Buffer | undefined {
  const file = path.join(path.dirname(path.dirname(currentVersionFolder())), 'amd.key');
  const read = () => {
    try {
      const key = readFileSync(file);
      return key.length === KEY_BYTES ? key : undefined;
    } catch {
      return undefined;
    }
  };
  const existing = read();
  if (existing) return existing;
  // Made once, atomically: written aside and hard-linked into place, so that of several first
  // runs one key wins and all of them read it. A damaged key is replaced (its caches are lost).
  const temporary = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(temporary, randomBytes(KEY_BYTES), { mode: 0o600, flag: 'wx' });
    try {
      linkSync(temporary, file);
    } catch {
      const winner = read();
      if (winner) return winner;
      rmSync(file, { force: true });
      linkSync(temporary, file);
    }
  } catch {
    return undefined;
  } finally {
    rmSync(temporary, { force: true });
  }
  return read();
}

function signature(key: Buffer, body: string): Buffer {
  return createHmac('sha256', key).update(path.basename(currentVersionFolder())).update('\0').update(body).digest();
}

/** A cache file's text: the signature on the first line, the entries (JSON) after it. */
export function sealCache(body: string, key: Buffer | undefined = signingKey()): string {
  if (!key) throw new Error('no key to sign the cache with');
  return `${signature(key, body).toString('base64url')}\n${body}`;
}

/** The entries of a cache file whose signature is right, or nothing. */
function unsealCache(text: string, key: Buffer): unknown {
  const newline = text.indexOf('\n');
  if (newline === -1) return undefined;
  const given = Buffer.from(text.slice(0, newline), 'base64url');
  const body = text.slice(newline + 1);
  const expected = signature(key, body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The entries of the right shape; anything else is left out (a miss), never trusted or thrown. */
function wellFormed(stored: unknown): Stored {
  const parts = isRecord(stored) ? stored : {};
  const entries = <T>(part: unknown, fits: (value: unknown) => value is T): Record<string, T> =>
    isRecord(part) ? Object.fromEntries(Object.entries(part).filter((entry): entry is [string, T] => fits(entry[1]))) : {};
  return {
    valid: entries(parts.valid, isRecord),
    format: Array.isArray(parts.format) ? parts.format.filter((key): key is string => typeof key === 'string') : [],
    render: entries(parts.render, (value): value is string => typeof value === 'string'),
  };
}

/** Entries by key, remembering which ones this run used. */
function kept<T>(stored: Record<string, T>) {
  const used = new Map<string, T>();
  let added = false;
  return {
    get(key: string): T | undefined {
      const hit = used.get(key) ?? (Object.hasOwn(stored, key) ? stored[key] : undefined);
      if (hit !== undefined) used.set(key, hit);
      return hit;
    },
    set(key: string, value: T): void {
      used.set(key, value);
      added = true;
    },
    used: () => used,
    changed: () => added || used.size !== Object.keys(stored).length,
  };
}

export interface ProjectCache {
  validCache: ValidCache;
  formatVerdicts: FormatVerdicts;
  renderCache: RenderCache;
  /** Writes back the entries this run used, if that is not what is stored already. */
  save(): Promise<void>;
}

export function openProjectCache(root: string): ProjectCache {
  const file = projectCacheFile(root);
  const key = signingKey();
  let stored: unknown;
  try {
    if (key) stored = unsealCache(readFileSync(file, 'utf8'), key);
  } catch {
    // first run of this code on this project, or an unreadable file: start afresh
  }
  const { valid: validEntries, format: formatEntries, render: renderEntries } = wellFormed(stored);
  const valid = kept<object>(validEntries);
  const format = kept<true>(Object.fromEntries(formatEntries.map((entry) => [entry, true] as const)));
  const render = kept<string>(renderEntries);
  return {
    validCache: {
      get: (entry) => valid.get(entry),
      set: (entry, value) => {
        if (isRecord(value)) valid.set(entry, value);
      },
    },
    formatVerdicts: { has: (entry) => format.get(entry) === true, add: (entry) => format.set(entry, true) },
    renderCache: render,
    async save() {
      if (!key || (!valid.changed() && !format.changed() && !render.changed())) return;
      const content: Stored = { valid: Object.fromEntries(valid.used()), format: [...format.used().keys()], render: Object.fromEntries(render.used()) };
      await writeFileAtomic(file, sealCache(JSON.stringify(content), key));
    },
  };
}
