/** The repository as it was at a git ref, for "only links this change adds". */
import { execFileSync } from 'node:child_process';
import { InputError } from '../core/scaffold.ts';

function git(root: string, args: string[]): string {
  return execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
}

function succeeds(root: string, args: string[]): boolean {
  try {
    git(root, args);
    return true;
  } catch {
    return false;
  }
}

/**
 * A ref this clone does not have is a set-up problem, not a bug: say in one line what to fetch.
 * CI checkouts are shallow by default, which is the usual cause.
 */
export function requireRef(root: string, ref: string): void {
  if (succeeds(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])) return;
  if (!succeeds(root, ['rev-parse', '--git-dir'])) throw new InputError(`cannot compare with ${ref}: ${root} is not a git repository`);
  const shallow = git(root, ['rev-parse', '--is-shallow-repository']).trim() === 'true';
  const remoteBranch = /^([\w.-]+)\/(.+)$/.exec(ref);
  const fetch = remoteBranch ? `git fetch ${remoteBranch[1]} ${remoteBranch[2]}` : `git fetch origin ${ref}`;
  throw new InputError(
    `cannot compare with ${ref}: this ${shallow ? 'shallow ' : ''}clone does not have it; run \`${fetch}\`${shallow ? ' (or `git fetch --unshallow`)' : ''}, or in GitHub Actions give actions/checkout \`fetch-depth: 0\``,
  );
}

/** Files under the given paths at `ref`, with their contents. A missing ref is an InputError saying what to fetch. */
export function filesAtRef(root: string, ref: string, paths: readonly string[]): Map<string, string> {
  requireRef(root, ref);
  const names = git(root, ['ls-tree', '-r', '--name-only', ref, '--', ...paths]).split('\n').filter(Boolean);
  return new Map(names.map((name) => [name, git(root, ['show', `${ref}:${name}`])]));
}
