/**
 * A simulated GitHub for replaying `.github/workflows/*.yml` here, without Docker or network:
 * a bare git origin (with `refs/pull/N/head` and `refs/pull/N/merge` like GitHub's), the event
 * payloads and variables GitHub sets, a stand-in `gh` (gh.mjs) with a small repository model, and
 * optional branch protection. Each job's steps run in order, for real, in a fresh workspace.
 *
 * Steps with a local equivalent (and only those; any other `uses:` is refused):
 *
 * | Step                       | Local equivalent                                                        |
 * | -------------------------- | ----------------------------------------------------------------------- |
 * | actions/checkout           | clone of the origin at the event's ref (PR merge ref, pushed SHA or     |
 * |                            | `with.ref`), shallow unless `fetch-depth: 0`, all branches when it is 0 |
 * | actions/setup-node         | no-op; `node-version-file` must exist (this machine's Node runs steps)  |
 * | actions/upload-artifact    | copy into `<world>/artifacts/<run id>/<name>/`, recorded for `gh api`   |
 * | actions/download-artifact  | copy from that folder (`run-id` for another run's artifact)             |
 * | npm (in any run: step)     | test/harness/npm.mjs: `npm ci` links this checkout's node_modules,      |
 * |                            | `npm test` and `npm run typecheck` do nothing (this is `npm test`, and  |
 * |                            | `.ci/run` type-checks), `npm run <script>` runs the script as npm does  |
 *
 * Concurrency is modelled as GitHub documents it: a workflow-level group is claimed by every
 * triggered run before any job's `if`; a job-level group only by a job whose `if` passed; a run
 * claiming a group with `cancel-in-progress: true` cancels the run in progress (see `overlap`).
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { condition, interpolate, type StatusFunctions, type Value } from './expressions.ts';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const GH_STUB = path.join(ROOT, 'test', 'harness', 'gh.mjs');
const NPM_STUB = path.join(ROOT, 'test', 'harness', 'npm.mjs');
export const REPO = 'medical/awesome-medical-datasets';
export const GITHUB_TOKEN = 'ghs_default_workflow_token';

interface Step {
  id?: string;
  name?: string;
  if?: string | boolean;
  uses?: string;
  run?: string;
  with?: Record<string, string | number | boolean>;
  env?: Record<string, string | number | boolean>;
  'continue-on-error'?: boolean;
  'working-directory'?: string;
}
interface Job {
  if?: string | boolean;
  needs?: string | string[];
  permissions?: unknown;
  concurrency?: string | { group: string; 'cancel-in-progress'?: string | boolean };
  env?: Record<string, string>;
  outputs?: Record<string, string>;
  steps: Step[];
}
export interface Workflow {
  on: Record<string, { types?: string[]; branches?: string[] } | null> | string[] | string;
  env?: Record<string, string>;
  concurrency?: Job['concurrency'];
  jobs: Record<string, Job>;
}

export interface GitHubEvent {
  name: 'pull_request' | 'push' | 'issues' | 'schedule' | 'workflow_dispatch';
  payload: Record<string, Value>;
  ref: string;
  sha: string;
  baseRef?: string;
  headRef?: string;
}

export interface StepResult {
  name: string;
  outcome: 'success' | 'failure' | 'skipped';
  output: string;
  ms?: number;
}
export interface JobResult {
  status: 'success' | 'failure' | 'skipped' | 'cancelled';
  steps: StepResult[];
  outputs: Record<string, string>;
  summary: string;
  /** `::error file=…,line=…::…` and friends, as GitHub would show them. */
  annotations: { level: string; properties: Record<string, string>; message: string }[];
  concurrency?: { group: string; cancelInProgress: boolean };
  workspace?: string;
}
export interface WorkflowRun {
  runId: number;
  triggered: boolean;
  jobs: Record<string, JobResult>;
  concurrency?: { group: string; cancelInProgress: boolean };
}

export interface GhCall {
  args: string[];
  body: string | null;
  token: string | null;
}
export interface GhState {
  next: number;
  labels: string[];
  issues: { number: number; title: string; labels: string[]; state: 'open' | 'closed'; body: string | null; comments: (string | null)[] }[];
  pulls: { number: number; head: string; base: string; title: string; body: string | null; state: 'open' | 'closed'; byToken: string | null }[];
  artifacts: { name: string; runId: number; expired: boolean }[];
  actionsMayCreatePullRequests: boolean;
  githubToken: string;
}

function git(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GIT_AUTHOR_NAME: 'Contributor', GIT_AUTHOR_EMAIL: 'contributor@example.org', GIT_COMMITTER_NAME: 'Contributor', GIT_COMMITTER_EMAIL: 'contributor@example.org', ...env },
  }).trim();
}

/** The files of this checkout (tracked, and new ones git does not ignore), as the first commit of the simulated repository. */
function trackedFiles(): string[] {
  return git(ROOT, ['ls-files', '-z', '--cached', '--others', '--exclude-standard']).split('\0').filter((f) => f && existsSync(path.join(ROOT, f)));
}

export class SimulatedGitHub {
  readonly dir: string;
  readonly origin: string;
  private readonly bin: string;
  private readonly stateFile: string;
  private readonly logFile: string;
  private runs = 0;
  private pulls = 0;
  /** Extra runner environment, e.g. LINKS_ALLOW_PRIVATE=1 so links can point at a local server. */
  runnerEnv: Record<string, string> = {};
  secrets: Record<string, string> = {};

  /** A repository whose main holds this checkout's tracked files, after `prepare` edits them. */
  constructor(prepare: (tree: string) => void = () => {}) {
    this.dir = mkdtempSync(path.join(os.tmpdir(), 'amd-github-'));
    this.origin = path.join(this.dir, 'origin.git');
    this.bin = path.join(this.dir, 'bin');
    this.stateFile = path.join(this.dir, 'gh-state.json');
    this.logFile = path.join(this.dir, 'gh-calls.jsonl');
    mkdirSync(this.bin);
    for (const [name, stub] of [['gh', GH_STUB], ['npm', NPM_STUB]] as const) {
      writeFileSync(path.join(this.bin, name), `#!/bin/sh\nexec "${process.execPath}" "${stub}" "$@"\n`);
      chmodSync(path.join(this.bin, name), 0o755);
    }
    writeFileSync(this.logFile, '');
    this.writeState({ next: 1, labels: [], issues: [], pulls: [], artifacts: [], actionsMayCreatePullRequests: false, githubToken: GITHUB_TOKEN });

    const seed = path.join(this.dir, 'seed');
    for (const file of trackedFiles()) cpSync(path.join(ROOT, file), path.join(seed, file), { recursive: true });
    prepare(seed);
    git(this.dir, ['init', '-q', '--bare', '-b', 'main', this.origin]);
    // actions/checkout fetches a push event's exact commit.
    git(this.origin, ['config', 'uploadpack.allowAnySHA1InWant', 'true']);
    git(seed, ['init', '-q', '-b', 'main']);
    git(seed, ['add', '-A']);
    git(seed, ['commit', '-q', '-m', 'Initial commit']);
    git(seed, ['push', '-q', this.origin, 'main']);
    rmSync(seed, { recursive: true, force: true });
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  state(): GhState {
    return JSON.parse(readFileSync(this.stateFile, 'utf8')) as GhState;
  }
  writeState(state: GhState): void {
    writeFileSync(this.stateFile, JSON.stringify(state, null, 1));
  }
  updateState(change: (state: GhState) => void): void {
    const state = this.state();
    change(state);
    this.writeState(state);
  }
  ghCalls(): GhCall[] {
    return readFileSync(this.logFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as GhCall);
  }

  /** Branch protection on main: pushes are refused with GitHub's message; merges of pull requests still land. */
  protectMain(on = true): void {
    const hook = path.join(this.origin, 'hooks', 'pre-receive');
    if (!on) return rmSync(hook, { force: true });
    writeFileSync(
      hook,
      `#!/bin/sh\nwhile read old new ref; do\n  if [ "$ref" = refs/heads/main ]; then\n    echo "error: GH006: Protected branch update failed for refs/heads/main." >&2\n    echo "error: Changes must be made through a pull request." >&2\n    exit 1\n  fi\ndone\n`,
    );
    chmodSync(hook, 0o755);
  }

  /** A contributor's clone, on a new branch from main. */
  contributorClone(branch: string): string {
    const work = mkdtempSync(path.join(this.dir, 'work-'));
    git(this.dir, ['clone', '-q', this.origin, work]);
    git(work, ['switch', '-q', '-c', branch]);
    return work;
  }

  /** Commits everything in a clone and pushes its branch. */
  pushBranch(work: string, message: string): void {
    git(work, ['add', '-A']);
    git(work, ['commit', '-q', '-m', message]);
    git(work, ['push', '-q', 'origin', 'HEAD']);
  }

  tip(ref = 'main'): string {
    return git(this.origin, ['rev-parse', ref]);
  }
  fileAt(ref: string, file: string): string {
    return git(this.origin, ['show', `${ref}:${file}`]);
  }
  log(ref = 'main'): { sha: string; author: string; subject: string }[] {
    return git(this.origin, ['log', '--first-parent', '--format=%H%x09%an%x09%s', ref])
      .split('\n')
      .map((line) => {
        const [sha, author, subject] = line.split('\t');
        return { sha: sha!, author: author!, subject: subject! };
      });
  }

  /** Opens a pull request from `branch` into main: GitHub's head and test-merge refs, and the event. */
  openPullRequest(branch: string): number {
    const number = ++this.pulls;
    git(this.origin, ['update-ref', `refs/pull/${number}/head`, `refs/heads/${branch}`]);
    this.refreshMergeRef(number);
    return number;
  }

  /** GitHub recomputes the test merge whenever the base moves; so does this. */
  refreshMergeRef(number: number): void {
    git(this.origin, ['update-ref', `refs/pull/${number}/merge`, this.mergeCommit(number, `Merge ${number} into main`)]);
  }

  /**
   * The merge of a pull request's head into main, made inside the origin (no clone): the tree git
   * merge would produce, and a commit with main and the head as parents. A conflict throws.
   */
  private mergeCommit(number: number, message: string): string {
    const head = git(this.origin, ['rev-parse', `refs/pull/${number}/head`]);
    const base = this.tip();
    const tree = git(this.origin, ['merge-tree', '--write-tree', base, head]).split('\n')[0]!;
    return git(this.origin, ['commit-tree', tree, '-p', base, '-p', head, '-m', message], { GIT_COMMITTER_NAME: 'GitHub', GIT_COMMITTER_EMAIL: 'noreply@github.com' });
  }

  pullRequestEvent(number: number): GitHubEvent {
    const head = git(this.origin, ['rev-parse', `refs/pull/${number}/head`]);
    const branch = git(this.origin, ['for-each-ref', '--points-at', head, '--format=%(refname:short)', 'refs/heads/']).split('\n')[0]!;
    return {
      name: 'pull_request',
      ref: `refs/pull/${number}/merge`,
      sha: git(this.origin, ['rev-parse', `refs/pull/${number}/merge`]),
      baseRef: 'main',
      headRef: branch,
      payload: { action: 'opened', number, pull_request: { number, head: { ref: branch, sha: head }, base: { ref: 'main', sha: this.tip() } } },
    };
  }

  /** Merges a pull request into main the way the merge button does (protection does not stop it). */
  mergePullRequest(number: number): GitHubEvent {
    const before = this.tip();
    git(this.origin, ['update-ref', 'refs/heads/main', this.mergeCommit(number, `Merge pull request #${number}`), before]);
    return this.pushEvent(before);
  }

  pushEvent(before = ''): GitHubEvent {
    const sha = this.tip();
    return { name: 'push', ref: 'refs/heads/main', sha, payload: { ref: 'refs/heads/main', before, after: sha, head_commit: { id: sha } } };
  }

  issueEvent(action: 'opened' | 'labeled', issue: { number: number; title: string; body: string; labels: string[] }, label?: string): GitHubEvent {
    return {
      name: 'issues',
      ref: 'refs/heads/main',
      sha: this.tip(),
      payload: {
        action,
        issue: { number: issue.number, title: issue.title, body: issue.body, labels: issue.labels.map((name) => ({ name })) },
        ...(label ? { label: { name: label } } : {}),
      },
    };
  }

  scheduleEvent(): GitHubEvent {
    return { name: 'schedule', ref: 'refs/heads/main', sha: this.tip(), payload: { schedule: '17 6 * * 1', repository: { fork: false } } };
  }

  /**
   * Runs a workflow for one event: which jobs GitHub would start, in `needs` order, and each step.
   * `jobs` replays only those jobs; each other job counts as succeeded without outputs, for a
   * scenario about one job whose others another scenario has already replayed on the same kind
   * of event (each replayed job costs seconds of real commands).
   */
  async run(file: string, event: GitHubEvent, options: { workflowText?: string; jobs?: string[] } = {}): Promise<WorkflowRun> {
    const workflow = parse(options.workflowText ?? this.fileAt('main', `.github/workflows/${file}`)) as Workflow;
    const runId = 1000 + ++this.runs;
    const result: WorkflowRun = { runId, triggered: triggers(workflow, event), jobs: {} };
    if (!result.triggered) return result;
    const base = this.contexts(event, runId);
    if (workflow.concurrency) result.concurrency = concurrencyOf(workflow.concurrency, base);
    for (const name of jobOrder(workflow)) {
      result.jobs[name] =
        options.jobs && !options.jobs.includes(name)
          ? { status: 'success', steps: [], outputs: {}, summary: '', annotations: [] }
          : await this.runJob(workflow, name, event, runId, result.jobs, base);
    }
    return result;
  }

  /**
   * Two events whose runs overlap (the second arrives while the first is running): the second's
   * claims are compared with the first's, and a claim with cancel-in-progress cancels the first
   * run's job (or the whole run, for a workflow-level group) instead of letting it finish.
   */
  async overlap(file: string, first: GitHubEvent, second: GitHubEvent, workflowText?: string): Promise<[WorkflowRun, WorkflowRun]> {
    const text = workflowText ?? this.fileAt('main', `.github/workflows/${file}`);
    const workflow = parse(text) as Workflow;
    const claims = (event: GitHubEvent) => {
      const contexts = this.contexts(event, 0);
      const list: { job: string | undefined; group: string; cancel: boolean }[] = [];
      if (!triggers(workflow, event)) return list;
      if (workflow.concurrency) {
        const c = concurrencyOf(workflow.concurrency, contexts);
        list.push({ job: undefined, group: c.group, cancel: c.cancelInProgress });
      }
      for (const [name, job] of Object.entries(workflow.jobs)) {
        if (job.concurrency && !job.needs && condition(job.if, contexts, ALWAYS_OK)) {
          const c = concurrencyOf(job.concurrency, contexts);
          list.push({ job: name, group: c.group, cancel: c.cancelInProgress });
        }
      }
      return list;
    };
    const firstClaims = claims(first);
    const cancelling = claims(second).filter((c) => c.cancel && firstClaims.some((f) => f.group === c.group));
    const firstRun = await this.run(file, first, { workflowText: text });
    for (const c of cancelling) {
      const victims = c.job === undefined ? Object.keys(firstRun.jobs) : firstClaims.filter((f) => f.group === c.group).map((f) => f.job!);
      for (const job of victims) if (firstRun.jobs[job]) firstRun.jobs[job] = { ...firstRun.jobs[job]!, status: 'cancelled' };
    }
    return [firstRun, await this.run(file, second, { workflowText: text })];
  }

  private contexts(event: GitHubEvent, runId: number): Record<string, Value> {
    return {
      github: {
        event: event.payload,
        event_name: event.name,
        ref: event.ref,
        ref_name: event.ref.replace(/^refs\/(heads|tags)\//, ''),
        sha: event.sha,
        repository: REPO,
        repository_owner: REPO.split('/')[0]!,
        base_ref: event.baseRef ?? '',
        head_ref: event.headRef ?? '',
        token: GITHUB_TOKEN,
        server_url: 'https://github.com',
        run_id: String(runId),
        actor: 'maintainer',
        workflow: 'replay',
      },
      secrets: { GITHUB_TOKEN, ...this.secrets },
      vars: {},
      inputs: {},
      runner: { os: 'Linux', temp: '' },
      env: {},
      steps: {},
      needs: {},
      job: {},
    };
  }

  private async runJob(workflow: Workflow, name: string, event: GitHubEvent, runId: number, done: Record<string, JobResult>, base: Record<string, Value>): Promise<JobResult> {
    const job = workflow.jobs[name]!;
    const needs = ([] as string[]).concat(job.needs ?? []);
    const needsContext: Record<string, Value> = Object.fromEntries(
      needs.map((n) => [n, { result: done[n]!.status, outputs: done[n]!.outputs }]),
    );
    const jobStatus: StatusFunctions = {
      success: () => needs.every((n) => done[n]!.status === 'success'),
      failure: () => needs.some((n) => done[n]!.status === 'failure'),
      cancelled: () => false,
    };
    const contexts: Record<string, Value> = { ...base, needs: needsContext, env: { ...(workflow.env ?? {}), ...(job.env ?? {}) } };
    const skipped: JobResult = { status: 'skipped', steps: [], outputs: {}, summary: '', annotations: [] };
    if (!condition(job.if, contexts, jobStatus)) return skipped;

    const home = mkdtempSync(path.join(this.dir, `run-${runId}-${name}-`));
    const workspace = path.join(home, 'workspace');
    const temp = path.join(home, 'temp');
    mkdirSync(workspace);
    mkdirSync(temp);
    const eventPath = path.join(home, 'event.json');
    writeFileSync(eventPath, JSON.stringify(event.payload));
    contexts.runner = { os: 'Linux', temp };
    const result: JobResult = { status: 'success', steps: [], outputs: {}, summary: '', annotations: [], workspace };
    if (job.concurrency) result.concurrency = concurrencyOf(job.concurrency, contexts);
    const steps: Record<string, Value> = {};
    contexts.steps = steps;
    let failed = false;
    const stepStatus: StatusFunctions = { success: () => !failed, failure: () => failed, cancelled: () => false };
    const env: Record<string, string> = {};

    for (const [index, step] of job.steps.entries()) {
      const label = step.name ?? step.uses ?? step.run!.split('\n')[0]!;
      contexts.env = { ...(workflow.env ?? {}), ...(job.env ?? {}), ...env };
      if (!condition(step.if, contexts, stepStatus)) {
        result.steps.push({ name: label, outcome: 'skipped', output: '' });
        if (step.id) steps[step.id] = { outcome: 'skipped', conclusion: 'skipped', outputs: {} };
        continue;
      }
      const files = { output: path.join(temp, `output-${index}`), env: path.join(temp, `env-${index}`), summary: path.join(temp, `summary-${index}`) };
      for (const f of Object.values(files)) writeFileSync(f, '');
      const stepEnv: Record<string, string> = {
        PATH: `${this.bin}:${process.env.PATH}`,
        HOME: process.env.HOME ?? home,
        LANG: 'C.UTF-8',
        CI: 'true',
        GITHUB_ACTIONS: 'true',
        GITHUB_WORKSPACE: workspace,
        GITHUB_EVENT_NAME: event.name,
        GITHUB_EVENT_PATH: eventPath,
        GITHUB_REF: event.ref,
        GITHUB_SHA: event.sha,
        GITHUB_REPOSITORY: REPO,
        GITHUB_BASE_REF: event.baseRef ?? '',
        GITHUB_HEAD_REF: event.headRef ?? '',
        GITHUB_RUN_ID: String(runId),
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_ACTOR: 'maintainer',
        GITHUB_OUTPUT: files.output,
        GITHUB_ENV: files.env,
        GITHUB_STEP_SUMMARY: files.summary,
        RUNNER_TEMP: temp,
        RUNNER_OS: 'Linux',
        GH_STUB_STATE: this.stateFile,
        GH_STUB_LOG: this.logFile,
        NPM_STUB_MODULES: ROOT,
        ...this.runnerEnv,
        ...env,
      };
      for (const [key, value] of Object.entries({ ...(workflow.env ?? {}), ...(job.env ?? {}), ...(step.env ?? {}) })) {
        stepEnv[key] = interpolate(String(value), contexts, stepStatus);
      }
      const started = Date.now();
      const outcome = step.uses
        ? this.action(step, contexts, stepStatus, { workspace, runId, event, env: stepEnv })
        : await this.shell(step, contexts, stepStatus, workspace, stepEnv);
      const outputs = readKeyValues(files.output);
      Object.assign(env, readKeyValues(files.env));
      result.summary += readFileSync(files.summary, 'utf8');
      result.annotations.push(...annotationsIn(outcome.output));
      result.steps.push({ name: label, outcome: outcome.ok ? 'success' : 'failure', output: outcome.output, ms: Date.now() - started });
      const conclusion = outcome.ok || step['continue-on-error'] ? 'success' : 'failure';
      if (step.id) steps[step.id] = { outcome: outcome.ok ? 'success' : 'failure', conclusion, outputs };
      if (conclusion === 'failure') failed = true;
    }
    result.status = failed ? 'failure' : 'success';
    for (const [key, value] of Object.entries(job.outputs ?? {})) result.outputs[key] = interpolate(value, contexts, stepStatus);
    return result;
  }

  /** Asynchronous on purpose: a test's HTTP server in this process must keep answering meanwhile. */
  private shell(step: Step, contexts: Record<string, Value>, status: StatusFunctions, workspace: string, env: Record<string, string>): Promise<{ ok: boolean; output: string }> {
    const script = interpolate(step.run!, contexts, status);
    const file = path.join(env.RUNNER_TEMP!, `step-${Math.random().toString(36).slice(2)}.sh`);
    writeFileSync(file, script);
    return new Promise((resolve) => {
      // GitHub's default shell for run: on Linux runners.
      const child = spawn('bash', ['-e', file], { cwd: path.join(workspace, step['working-directory'] ?? ''), env });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d));
      child.stderr.on('data', (d: Buffer) => (output += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ ok: code === 0, output });
      });
    });
  }

  private action(
    step: Step,
    contexts: Record<string, Value>,
    status: StatusFunctions,
    run: { workspace: string; runId: number; event: GitHubEvent; env: Record<string, string> },
  ): { ok: boolean; output: string } {
    const action = step.uses!.replace(/@.*$/, '');
    const input = (key: string): string | undefined => {
      const value = step.with?.[key];
      return value === undefined ? undefined : interpolate(String(value), contexts, status);
    };
    switch (action) {
      case 'actions/checkout': {
        const ref = input('ref') || run.event.ref;
        const depth = Number(input('fetch-depth') ?? 1);
        const w = run.workspace;
        git(w, ['init', '-q']);
        git(w, ['remote', 'add', 'origin', this.origin]);
        if (depth === 0) git(w, ['fetch', '-q', 'origin', '+refs/heads/*:refs/remotes/origin/*']);
        git(w, ['fetch', '-q', ...(depth > 0 ? [`--depth=${depth}`] : []), 'origin', ref === run.event.ref && run.event.name === 'push' ? run.event.sha : ref]);
        if (input('ref')) git(w, ['checkout', '-q', '-B', ref.replace(/^refs\/heads\//, ''), 'FETCH_HEAD']);
        else git(w, ['checkout', '-q', '--detach', 'FETCH_HEAD']);
        return { ok: true, output: `checked out ${ref} (${depth === 0 ? 'full history' : `depth ${depth}`}) with token ${input('token') ?? GITHUB_TOKEN}` };
      }
      case 'actions/setup-node': {
        const file = input('node-version-file');
        if (file && !existsSync(path.join(run.workspace, file))) return { ok: false, output: `node-version-file ${file} not found` };
        return { ok: true, output: `node ${process.version} (stands in for ${file ? readFileSync(path.join(run.workspace, file), 'utf8').trim() : input('node-version')})` };
      }
      case 'actions/upload-artifact': {
        const name = input('name')!;
        const source = path.join(run.workspace, input('path')!);
        if (!existsSync(source)) {
          const ignore = input('if-no-files-found') === 'ignore';
          return { ok: ignore || input('if-no-files-found') !== 'error', output: `no files at ${input('path')}` };
        }
        const target = path.join(this.dir, 'artifacts', String(run.runId), name);
        mkdirSync(target, { recursive: true });
        cpSync(source, path.join(target, path.basename(source)), { recursive: true });
        this.updateState((s) => s.artifacts.push({ name, runId: run.runId, expired: false }));
        return { ok: true, output: `uploaded ${name}` };
      }
      case 'actions/download-artifact': {
        const name = input('name')!;
        const from = path.join(this.dir, 'artifacts', input('run-id') || String(run.runId), name);
        const record = this.state().artifacts.find((a) => a.name === name && String(a.runId) === (input('run-id') || String(run.runId)));
        if (!existsSync(from) || record?.expired) return { ok: false, output: `Unable to download artifact(s): Artifact not found for name: ${name}` };
        const target = path.join(run.workspace, input('path') ?? '.');
        mkdirSync(target, { recursive: true });
        for (const entry of readdirSync(from)) cpSync(path.join(from, entry), path.join(target, entry), { recursive: true });
        return { ok: true, output: `downloaded ${name}` };
      }
      default:
        throw new Error(`the replay harness has no local equivalent for uses: ${step.uses}; add one to test/harness/github.ts`);
    }
  }
}

const ALWAYS_OK: StatusFunctions = { success: () => true, failure: () => false, cancelled: () => false };

function triggers(workflow: Workflow, event: GitHubEvent): boolean {
  const on = workflow.on;
  const names = typeof on === 'string' ? [on] : Array.isArray(on) ? on : Object.keys(on);
  if (!names.includes(event.name)) return false;
  const filter = !Array.isArray(on) && typeof on === 'object' ? on[event.name] : null;
  if (filter?.types && !filter.types.includes(String(event.payload.action))) return false;
  if (filter?.branches && event.name === 'push' && !filter.branches.includes(event.ref.replace('refs/heads/', ''))) return false;
  return true;
}

function jobOrder(workflow: Workflow): string[] {
  const order: string[] = [];
  const visit = (name: string) => {
    if (order.includes(name)) return;
    for (const need of ([] as string[]).concat(workflow.jobs[name]!.needs ?? [])) visit(need);
    order.push(name);
  };
  Object.keys(workflow.jobs).forEach(visit);
  return order;
}

function concurrencyOf(spec: NonNullable<Job['concurrency']>, contexts: Record<string, Value>): { group: string; cancelInProgress: boolean } {
  const group = typeof spec === 'string' ? spec : spec.group;
  const cancel = typeof spec === 'string' ? false : spec['cancel-in-progress'] ?? false;
  return {
    group: interpolate(group, contexts, ALWAYS_OK),
    cancelInProgress: typeof cancel === 'boolean' ? cancel : interpolate(cancel, contexts, ALWAYS_OK) === 'true',
  };
}

/** `key=value` lines and `key<<DELIMITER` blocks, as GitHub reads GITHUB_OUTPUT and GITHUB_ENV. */
function readKeyValues(file: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const block = /^([^=<]+)<<(.+)$/.exec(line);
    if (block) {
      const end = lines.indexOf(block[2]!, i + 1);
      values[block[1]!] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (line.includes('=')) {
      values[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return values;
}

function annotationsIn(output: string): JobResult['annotations'] {
  const unescape = (text: string) => text.replaceAll('%0A', '\n').replaceAll('%0D', '\r').replaceAll('%3A', ':').replaceAll('%2C', ',').replaceAll('%25', '%');
  return [...output.matchAll(/^::(error|warning|notice)( [^:]*)?::(.*)$/gm)].map((m) => ({
    level: m[1]!,
    properties: Object.fromEntries(
      (m[2] ?? '')
        .trim()
        .split(',')
        .filter(Boolean)
        .map((pair) => [pair.slice(0, pair.indexOf('=')), unescape(pair.slice(pair.indexOf('=') + 1))]),
    ),
    message: unescape(m[3]!),
  }));
}

