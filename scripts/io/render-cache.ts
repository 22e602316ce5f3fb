/**
 * The on-disk render cache (see core/render/readme.ts). It lives next to the toolchain bundle
 * that scripts/run.mjs builds, whose folder is named after a hash of the code: new code, new
 * folder, empty cache — a cached table can never come from an older renderer. Run from source
 * (tests), there is no bundle and no cache.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RenderCache } from '../core/render/readme.ts';
import { writeFileAtomic } from './files.ts';

function bundleDir(): string | undefined {
  const here = fileURLToPath(import.meta.url);
  return here.includes(`${path.sep}.cache${path.sep}amd-scripts${path.sep}`) ? path.dirname(here) : undefined;
}

export function openRenderCache(): (RenderCache & { save(): Promise<void> }) | undefined {
  const dir = bundleDir();
  if (!dir) return undefined;
  const file = path.join(dir, 'render-cache.json');
  let stored: Record<string, string> = {};
  try {
    stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  } catch {
    // first run of this bundle
  }
  // Only the sections used by this run are written back, so the file never outgrows the catalog.
  const used: Record<string, string> = {};
  let changed = false;
  return {
    get: (key) => {
      const hit = stored[key];
      if (hit !== undefined) used[key] = hit;
      return hit;
    },
    set: (key, markdown) => {
      used[key] = markdown;
      changed = true;
    },
    async save() {
      if (changed || Object.keys(used).length !== Object.keys(stored).length) await writeFileAtomic(file, JSON.stringify(used));
    },
  };
}
