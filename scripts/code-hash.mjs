// The version of the toolchain's code, shared by scripts/run.mjs (which names the bundle after it)
// and the commands (which keep their caches under it): one folder per version of the code, so
// nothing built or remembered by other code is ever read.
//
// Plain JavaScript because run.mjs must compute it before any TypeScript can run.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Where every version's folder lives, relative to the toolchain's root (the folder of package.json). */
export const CACHE_DIR = path.join('node_modules', '.cache', 'amd');

/** Files whose content decides what the commands do: the sources, and the lockfile for the dependencies. */
function codeFiles(root) {
  const scripts = readdirSync(path.join(root, 'scripts'), { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.(ts|mjs)$/.test(name) && !name.endsWith('.d.ts'))
    .map((name) => path.join('scripts', name).split(path.sep).join('/'));
  return [...scripts.sort(), 'package-lock.json'];
}

/**
 * A hash of every code file's relative path and bytes (16 hex digits). Relative paths, so that a
 * copy of the project with the same code has the same version.
 */
export function codeHash(root) {
  const hash = createHash('sha256');
  for (const file of codeFiles(root)) {
    let bytes = '';
    try {
      bytes = readFileSync(path.join(root, file));
    } catch {
      // no lockfile yet: the empty string stands for it
    }
    hash.update(file).update('\0').update(bytes).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/** The folder of one version of the code: its bundle and every cache it keeps. */
export function versionFolder(root, hash) {
  return path.join(root, CACHE_DIR, hash);
}
