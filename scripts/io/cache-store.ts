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
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
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

/** The cache file of one project root (the bench and the tests run the same code on other folders). */
export function projectCacheFile(root: string): string {
  const id = createHash('sha256').update(path.resolve(root)).digest('hex').slice(0, 16);
  return path.join(currentVersionFolder(), 'projects', `${id}.json`);
}

interface Stored {
  valid?: Record<string, unknown>;
  format?: string[];
  render?: Record<string, string>;
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
  let stored: Stored = {};
  try {
    stored = JSON.parse(readFileSync(file, 'utf8')) as Stored;
  } catch {
    // first run of this code on this project, or an unreadable file: start afresh
  }
  const valid = kept<unknown>(stored.valid ?? {});
  const format = kept<true>(Object.fromEntries((Array.isArray(stored.format) ? stored.format : []).map((key) => [key, true] as const)));
  const render = kept<string>(stored.render ?? {});
  return {
    validCache: valid,
    formatVerdicts: { has: (key) => format.get(key) === true, add: (key) => format.set(key, true) },
    renderCache: render,
    async save() {
      if (!valid.changed() && !format.changed() && !render.changed()) return;
      const content: Required<Stored> = { valid: Object.fromEntries(valid.used()), format: [...format.used().keys()], render: Object.fromEntries(render.used()) };
      await writeFileAtomic(file, JSON.stringify(content));
    },
  };
}
