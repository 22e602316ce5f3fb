/**
 * awesome-lint 2.x, the gate of sindresorhus/awesome, on README.md: 0 errors and 0 warnings, in
 * a git repository whose origin is the GitHub URL package.json names, with no network.
 *
 * What in awesome-lint reaches the network: its `github` rule only (and linting a URL instead of
 * a file, which clones it — not done here). That rule reads the push URL of the branch's remote
 * with git, then asks the GitHub REST API (`fetch` of https://api.github.com/repos/<owner>/<repo>,
 * lib/github-api.js) for the repository's description, topics and the licence GitHub detected.
 * `got` is among its dependencies but nothing in 2.3 uses it: no rule checks the list's links
 * (`npm run links` does). Every other rule is local: remark-lint's preset, the badge, contents,
 * list items, double links, the contributing file, spelling.
 *
 * Offline, the rule would swallow the failed request and check nothing; instead `fetch` answers
 * here, for the one URL it must ask, with the settings docs/maintaining.md tells maintainers to
 * make on GitHub. That the answer is used (and that the linter can fail at all) is tested too.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { homeOf, type Home } from '../scripts/core/home.ts';
import { ROOT } from './helpers.ts';

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { description: string; repository: unknown };
const home = homeOf(pkg)!;

/** What GitHub's API says about a repository set up as docs/maintaining.md asks. */
const CONFIGURED = { description: pkg.description, topics: ['awesome', 'awesome-list', 'medical-imaging', 'datasets'], license: { spdx_id: 'CC0-1.0' } };

let dir: string;
let requests: string[];

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'amd-awesome-lint-'));
  requests = [];
});
afterEach(() => {
  vi.unstubAllGlobals();
  rmSync(dir, { recursive: true, force: true });
});

/** A clone as a contributor has it: `main` tracking `origin`, a GitHub URL. */
function clone(files: Record<string, string>, repository: Home): string {
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  const git = (...args: string[]) => execFileSync('git', ['-C', dir, ...args], { stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('remote', 'add', 'origin', `${repository.repository}.git`);
  git('config', 'branch.main.remote', 'origin');
  return path.join(dir, 'README.md');
}

/** awesome-lint's own API, with GitHub's answered locally. */
async function awesomeLint(readme: string, github: object): Promise<string[]> {
  vi.stubGlobal('fetch', async (url: string | URL) => {
    requests.push(String(url));
    return Response.json(github);
  });
  const { default: lint } = await import('awesome-lint');
  const files = await lint({ filename: readme });
  return files.flatMap((file) => file.messages.map((m) => `${m.line ?? '-'}:${m.column ?? '-'} ${m.ruleId} ${m.reason}`));
}

test('README.md passes awesome-lint: no error, no warning', { timeout: 20_000 }, async () => {
  const readme = clone({ 'README.md': readFileSync(path.join(ROOT, 'README.md'), 'utf8'), 'CONTRIBUTING.md': readFileSync(path.join(ROOT, 'CONTRIBUTING.md'), 'utf8') }, home);
  copyFileSync(path.join(ROOT, 'LICENSE'), path.join(dir, 'LICENSE'));
  expect(await awesomeLint(readme, CONFIGURED)).toEqual([]);
  // The one request the github rule makes, for the repository package.json names.
  expect(requests).toEqual([`https://api.github.com/repos/${home.owner}/${home.name}`]);
});

test('the linter is live: it fails a list that breaks its rules, and reads the GitHub answer', { timeout: 20_000 }, async () => {
  const broken = [
    '# Awesome Things',
    '',
    '## Contents',
    '',
    '- [Tools](#tools)',
    '',
    '## Tools',
    '',
    '| Name | Link |',
    '| - | - |',
    '| A much longer name | [x](https://example.org/x) |',
    '',
    '- [X](https://example.org/x) - Twice linked.',
    '',
  ].join('\n');
  const readme = clone({ 'README.md': broken }, home);
  const messages = await awesomeLint(readme, { ...CONFIGURED, topics: ['medical-imaging'] });
  const rules = new Set(messages.map((m) => m.split(' ')[1]));
  for (const rule of ['awesome-badge', 'awesome-contributing', 'table-pipe-alignment', 'double-link', 'awesome-github']) expect(rules, messages.join('\n')).toContain(rule);
  expect(messages).toContainEqual(expect.stringContaining('should have "awesome" as a GitHub topic'));
});
