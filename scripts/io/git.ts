/** Git edges: the repository as it was at a ref, the merge-base, and which data files a change adds or edits. */
import { execFileSync } from 'node:child_process';
import { InputError } from '../core/scaffold.ts';
import { LAYOUT } from './files.ts';

const MAX_OUTPUT = 512 * 1024 * 1024;

function git(root: string, args: string[]): string {
  return execFileSync('git', ['-C', root, ...args], {
    encoding: 'utf8',
    maxBuffer: MAX_OUTPUT,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Read-only questions: never take the index lock a concurrent git command may need.
    env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' },
    timeout: 60_000,
  });
}

/** Whether git exits 0; for questions git answers with its exit code. */
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
  const decoder = new TextDecoder();
  return new Map([...blobsAtRef(root, ref, paths)].map(([name, bytes]) => [name, decoder.decode(bytes)]));
}

/**
 * Files under the given paths at `ref`, as bytes (a data file is checked for its encoding like
 * one on disk). Two git processes whatever the number of files: `ls-tree` names the blobs,
 * one `cat-file --batch` reads them all. Names are relative to `root`, as `ls-tree` gives them.
 */
export function blobsAtRef(root: string, ref: string, paths: readonly string[]): Map<string, Uint8Array> {
  requireRef(root, ref);
  const entries = git(root, ['ls-tree', '-r', '-z', ref, '--', ...paths])
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      // <mode> SP <type> SP <object> TAB <name>; with -z names are not quoted.
      const tab = line.indexOf('\t');
      const [, type, object] = line.slice(0, tab).split(' ');
      return { type, object: object!, name: line.slice(tab + 1) };
    })
    .filter((e) => e.type === 'blob');
  const files = new Map<string, Uint8Array>();
  if (entries.length === 0) return files;
  const output = execFileSync('git', ['-C', root, 'cat-file', '--batch'], {
    input: `${entries.map((e) => e.object).join('\n')}\n`,
    maxBuffer: MAX_OUTPUT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  // Each answer is "<object> <type> <size>\n<content>\n", in the order asked.
  let offset = 0;
  for (const entry of entries) {
    const headerEnd = output.indexOf(0x0a, offset);
    const size = Number(output.subarray(offset, headerEnd).toString('latin1').split(' ')[2]);
    files.set(entry.name, new Uint8Array(output.subarray(headerEnd + 1, headerEnd + 1 + size)));
    offset = headerEnd + 1 + size + 1;
  }
  return files;
}

/** `origin/main` → `main`: the branch to name in "git fetch origin <branch>". */
function branchOf(ref: string): string {
  return ref.replace(/^(refs\/remotes\/)?origin\//, '');
}

/**
 * The commit where HEAD left `ref` (`git merge-base HEAD <ref>`): what a branch is compared
 * with, so that commits the base gained since are neither credited nor blamed. A ref that is
 * not there, or a shallow clone that lacks the common commit, is an InputError saying what to fetch.
 */
export function mergeBase(root: string, ref: string): string {
  requireRef(root, ref);
  try {
    return git(root, ['merge-base', 'HEAD', ref]).trim();
  } catch {
    const shallow = git(root, ['rev-parse', '--is-shallow-repository']).trim() === 'true';
    throw new InputError(
      shallow
        ? `this clone is shallow and lacks the commit where HEAD left ${ref}; fetch the history: git fetch --unshallow origin ${branchOf(ref)} (in GitHub Actions: fetch-depth: 0 in actions/checkout)`
        : `HEAD and ${ref} share no commit, so there is nothing to compare with`,
    );
  }
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
