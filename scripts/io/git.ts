/** Git edges: the repository as it was at a ref, and which data files a change adds or edits. */
import { execFileSync } from 'node:child_process';
import { LAYOUT } from './files.ts';

function git(root: string, args: string[]): string {
  return execFileSync('git', ['-C', root, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Read-only questions: never take the index lock a concurrent git command may need.
    env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' },
    timeout: 10_000,
  });
}

/** Files under the given paths at `ref`, with their contents. Throws with git's message when the ref is unknown. */
export function filesAtRef(root: string, ref: string, paths: readonly string[]): Map<string, string> {
  const names = git(root, ['ls-tree', '-r', '--name-only', ref, '--', ...paths]).split('\n').filter(Boolean);
  return new Map(names.map((name) => [name, git(root, ['show', `${ref}:${name}`])]));
}

export interface ChangedOptions {
  /** The ref the change is compared with (`npm run check -- --base <ref>`). */
  base?: string | undefined;
  /** Where GITHUB_BASE_REF is read from (pull-request jobs on GitHub set it). */
  env?: Readonly<Record<string, string | undefined>>;
}

/** The base a change is compared with when none is named: the remote's default branch, if known. */
const DEFAULT_BASES = ['refs/remotes/origin/HEAD', 'refs/remotes/origin/main'];

/**
 * Data files (paths relative to `root`) added or changed relative to the base: those that differ
 * between the merge-base of HEAD and the base and the working tree, plus untracked ones. The base
 * is `options.base`, else origin/$GITHUB_BASE_REF, else origin/HEAD or origin/main; with none of
 * these, only what is not committed yet counts. Undefined when git cannot tell (no git, not a
 * repository, an unknown ref, a shallow clone without the base): never throws.
 */
export function changedDataFiles(root: string, options: ChangedOptions = {}): ReadonlySet<string> | undefined {
  const env = options.env ?? process.env;
  const named = options.base ?? (env.GITHUB_BASE_REF ? `origin/${env.GITHUB_BASE_REF}` : undefined);
  const lines = (text: string) => text.split('\0').filter(Boolean);
  try {
    const untracked = lines(git(root, ['ls-files', '-z', '--others', '--exclude-standard', '--', LAYOUT.datasets]));
    const base = named ?? defaultBase(root);
    // --merge-base: what the branch changed, not what the base gained since (git ≥ 2.30).
    const against = base === undefined ? ['HEAD'] : ['--merge-base', base];
    const changed = lines(git(root, ['diff', '-z', '--name-only', '--relative', '--diff-filter=d', ...against, '--', LAYOUT.datasets]));
    return new Set([...changed, ...untracked]);
  } catch {
    return undefined;
  }
}

/** The first of DEFAULT_BASES that exists in the repository at `root`. */
function defaultBase(root: string): string | undefined {
  const present = git(root, ['for-each-ref', '--format=%(refname)', ...DEFAULT_BASES]).split('\n');
  return DEFAULT_BASES.find((ref) => present.includes(ref));
}
