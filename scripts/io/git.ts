/** The repository as it was at a git ref, for "only links this change adds". */
import { execFileSync } from 'node:child_process';

function git(root: string, args: string[]): string {
  return execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Files under the given paths at `ref`, with their contents. Throws with git's message when the ref is unknown. */
export function filesAtRef(root: string, ref: string, paths: readonly string[]): Map<string, string> {
  const names = git(root, ['ls-tree', '-r', '--name-only', ref, '--', ...paths]).split('\n').filter(Boolean);
  return new Map(names.map((name) => [name, git(root, ['show', `${ref}:${name}`])]));
}
