/**
 * Caches kept next to the toolchain bundle that scripts/run.mjs builds, whose folder is named
 * after a hash of the code and the lockfile: new code or new dependencies, new folder, empty
 * caches — nothing cached can come from an older renderer, parser or validator. Run from source
 * (tests), there is no bundle and no cache.
 *
 *   render — README sections by a hash of what they are made of (core/render/readme.ts)
 *   valid  — values of data files that passed the schema, by a hash of schema and bytes
 *
 * Only the entries a run used are written back, so the file never outgrows the catalog.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RenderCache } from '../core/render/readme.ts';
import type { ValidCache } from '../pipeline.ts';
import { writeFileAtomic } from './files.ts';

function bundleDir(): string | undefined {
  const here = fileURLToPath(import.meta.url);
  return here.includes(`${path.sep}.cache${path.sep}amd-scripts${path.sep}`) ? path.dirname(here) : undefined;
}

type Store<T> = { get(key: string): T | undefined; set(key: string, value: T): void; entries(): Record<string, T>; changed(): boolean };

function store<T>(stored: Record<string, T>): Store<T> {
  const used: Record<string, T> = {};
  let changed = false;
  return {
    get: (key) => {
      const hit = stored[key];
      if (hit !== undefined) used[key] = hit;
      return hit;
    },
    set: (key, value) => {
      used[key] = value;
      changed = true;
    },
    entries: () => used,
    changed: () => changed || Object.keys(used).length !== Object.keys(stored).length,
  };
}

export function openBundleCache(root: string): { render: RenderCache; valid: ValidCache; save(): Promise<void> } | undefined {
  const dir = bundleDir();
  if (!dir) return undefined;
  // One file per project root: the bench and the tests run the same bundle on other folders.
  const file = path.join(dir, `cache-${Buffer.from(path.resolve(root)).toString('base64url').slice(-48)}.json`);
  let stored: { render?: Record<string, string>; valid?: Record<string, unknown> } = {};
  try {
    stored = JSON.parse(readFileSync(file, 'utf8')) as typeof stored;
  } catch {
    // first run of this bundle on this project
  }
  const render = store(stored.render ?? {});
  const valid = store(stored.valid ?? {});
  return {
    render,
    valid,
    async save() {
      if (render.changed() || valid.changed()) {
        await writeFileAtomic(file, JSON.stringify({ render: render.entries(), valid: valid.entries() }));
      }
    },
  };
}
