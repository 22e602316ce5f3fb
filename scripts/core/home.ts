/**
 * The project's home: the GitHub repository (and the site, once there is one) that the README,
 * the issue form, the link checker's User-Agent and the bots link to. Written in one place,
 * package.json (`repository`, `homepage`), and read only through `homeOf`.
 *
 * In GitHub Actions `GITHUB_REPOSITORY` wins: a run links to the repository it runs in (a fork's
 * comments point at the fork). Generated files are rendered from package.json alone, so the same
 * data gives the same bytes on a laptop and in any workflow.
 */
import { diagnostic, START, type Diagnostic, type Position } from './diagnostic.ts';
import type { SourceFile } from './source.ts';

export const PACKAGE_JSON = 'package.json';
/** The owner package.json names until the maintainers set the real one. */
export const PLACEHOLDER_OWNER = 'OWNER';

export interface Home {
  /** `https://github.com/<owner>/<name>`, no trailing slash. */
  repository: string;
  owner: string;
  name: string;
  /**
   * The catalog site GitHub Pages serves (`npm run site`, .github/workflows/pages.yml), with a
   * trailing slash: package.json's homepage when it names a Pages address, else the one Pages
   * gives the repository (`https://<owner>.github.io/<name>/`).
   */
  site: string;
}

/** The environment variables GitHub Actions sets that decide the home of a run. */
export interface ActionsEnv {
  GITHUB_REPOSITORY?: string | undefined;
  GITHUB_SERVER_URL?: string | undefined;
}

const GITHUB_REPO = /^(?:git\+)?(?:https?:\/\/|git:\/\/|ssh:\/\/git@|git@)?(?:www\.)?github\.com[/:]([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+?)(?:\.git)?\/?(?:#.*)?$/;

/** `github:owner/name`, `owner/name`, `git+https://github.com/owner/name.git` … → owner and name. */
export function parseRepository(value: string): { owner: string; name: string } | undefined {
  const shorthand = /^(?:github:)?([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)$/.exec(value);
  const match = shorthand ?? GITHUB_REPO.exec(value);
  return match ? { owner: match[1]!, name: match[2]! } : undefined;
}

function siteOf(homepage: unknown): string | undefined {
  if (typeof homepage !== 'string') return undefined;
  try {
    const url = new URL(homepage);
    return url.protocol === 'https:' && url.hostname.endsWith('.github.io') ? url.href.replace(/\/?$/, '/') : undefined;
  } catch {
    return undefined;
  }
}

/** The home from package.json's fields, then from Actions' variables when they are set. */
export function homeOf(pkg: { repository?: unknown; homepage?: unknown }, env: ActionsEnv = {}): Home | undefined {
  const declared = typeof pkg.repository === 'string' ? pkg.repository : (pkg.repository as { url?: unknown } | undefined)?.url;
  const fromEnv = env.GITHUB_REPOSITORY ? parseRepository(env.GITHUB_REPOSITORY) : undefined;
  const repo = fromEnv ?? (typeof declared === 'string' ? parseRepository(declared) : undefined);
  if (!repo) return undefined;
  const server = (fromEnv && env.GITHUB_SERVER_URL ? env.GITHUB_SERVER_URL : 'https://github.com').replace(/\/$/, '');
  const site = siteOf(pkg.homepage) ?? pagesUrl(repo.owner, repo.name);
  return { repository: `${server}/${repo.owner}/${repo.name}`, owner: repo.owner, name: repo.name, site };
}

/**
 * The address GitHub Pages serves a repository's site at: a project site under the owner's
 * host (lower-case, as host names are), or the host's root for the `<owner>.github.io` repository.
 */
export function pagesUrl(owner: string, name: string): string {
  const host = `${owner.toLowerCase()}.github.io`;
  return name.toLowerCase() === host ? `https://${host}/` : `https://${host}/${name}/`;
}

/** Where the README sends readers for each thing that lives outside it: one function per target. */
export const issueFormUrl = (home: Home) => `${home.repository}/issues/new?template=add-dataset.yml`;
export const repositoryFileUrl = (home: Home, path: string) => `${home.repository}/blob/main/${path}`;
export const EXPORT_FILES = ['datasets.json', 'datasets.csv', 'datasets.bib'] as const;
export type ExportFile = (typeof EXPORT_FILES)[number];
/**
 * The catalog exports (`npm run export`) as the site publishes them beside its pages, rebuilt on
 * every push to main (release.yml also attaches them to each release, as a dated snapshot).
 */
export const exportUrl = (home: Home, file: ExportFile) => `${home.site}${file}`;
/** A dataset's page on the site. */
export const datasetPageUrl = (home: Home, id: string) => `${home.site}d/${id}/`;

/**
 * package.json read for its home, with what is wrong located in it: no repository (an error for
 * the README, which has nothing to link to) or the placeholder owner (a warning that says where
 * to set the real one). Given Actions' variables (`env`), the repository a run is in wins.
 */
export function loadHome(source: SourceFile | undefined, env: ActionsEnv = {}): { home?: Home; diagnostics: Diagnostic[] } {
  const file = source?.path ?? PACKAGE_JSON;
  const text = source ? new TextDecoder().decode(source.bytes) : '';
  const problem = (message: string, at: Position = START) => [
    diagnostic('config/home-url', {
      file,
      at,
      message,
      hint: 'set "repository" to "github:<owner>/<name>" (and "homepage" to the site once it is published) in package.json: the README, the issue form and the bots read it from there',
    }),
  ];
  let pkg: { repository?: unknown; homepage?: unknown };
  try {
    pkg = JSON.parse(text) as typeof pkg;
  } catch {
    return { diagnostics: problem(`${file} is missing or not valid JSON, so the repository the README links to is unknown`) };
  }
  const home = homeOf(pkg ?? {}, env);
  const at = positionOf(text, '"repository"');
  if (!home) return { diagnostics: problem('package.json names no GitHub repository in "repository"', at) };
  if (home.owner === PLACEHOLDER_OWNER) {
    return { home, diagnostics: problem(`package.json still names the placeholder owner ${PLACEHOLDER_OWNER} (${home.repository}); links in the README point nowhere until it is set`, at) };
  }
  return { home, diagnostics: [] };
}

function positionOf(text: string, needle: string): Position {
  const offset = text.indexOf(needle);
  if (offset === -1) return START;
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}
