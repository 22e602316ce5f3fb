/**
 * What the replay tests share: the internet as a server on 127.0.0.1 (the runner gets
 * LINKS_ALLOW_PRIVATE=1), a simulated GitHub, a contributor's pull request, the issue-form
 * fixture pointing at that server, the workflows' commands run in this process (see
 * harness/command-server.ts), and ways to read a run. The scenarios are split over
 * test/replay-*.test.ts so that they run in parallel.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, vi } from 'vitest';
import { allowLocalLinks, FIXTURES, validDataset } from '../helpers.ts';
import { startServer, type TestServer } from '../http-server.ts';
import { startCommandServer, type CommandServer } from './command-server.ts';
import { SimulatedGitHub, type WorkflowRun } from './github.ts';

export const BOT_COMMIT = 'Regenerate generated files from data/';

/** Call at the top of a replay test file: starts the local server for the file's tests. */
export function replayWorld() {
  // Each scenario replays whole workflows: several real commands per job.
  vi.setConfig({ testTimeout: 120_000 });
  let server: TestServer;
  // AMD_REPLAY_PROCESSES=1 replays with every command a real process, as on a runner.
  let commands: CommandServer | undefined;
  beforeAll(async () => {
    server = await startServer();
    if (process.env.AMD_REPLAY_PROCESSES !== '1') commands = await startCommandServer();
  });
  afterAll(async () => {
    await commands?.close();
    return server.close();
  });
  const local = (route: string) => `http://127.0.0.1:${server.port}${route}`;

  /** A new repository per scenario; without `prepare`, copied from one seeded once per file. */
  let template: SimulatedGitHub | undefined;
  afterAll(() => template?.close());
  function simulatedGitHub(prepare?: (tree: string) => void): SimulatedGitHub {
    const seeded = (extra?: (tree: string) => void) =>
      new SimulatedGitHub((tree) => {
        allowLocalLinks(tree);
        extra?.(tree);
      });
    const github = prepare ? seeded(prepare) : new SimulatedGitHub(undefined, (template ??= seeded()).origin);
    github.runnerEnv = { LINKS_ALLOW_PRIVATE: '1', ...(commands ? { AMD_COMMAND_SOCKET: commands.socket } : {}) };
    return github;
  }

  function addDataset(github: SimulatedGitHub, branch: string, id: string, name: string, fields: Record<string, string> = {}): number {
    const work = github.contributorClone(branch);
    writeFileSync(path.join(work, 'data/datasets', `${id}.yaml`), validDataset(id, { name: `name: ${name}`, links: `links:\n  homepage: ${local(`/ok?${id}`)}`, ...fields }));
    github.pushBranch(work, `Add ${name}`);
    return github.openPullRequest(branch);
  }

  /** The complete form fixture, its links pointing at the local server. */
  function formWithLocalLinks(): string {
    return readFileSync(path.join(FIXTURES, 'issue-forms/complete.md'), 'utf8')
      .replace('https://example.org/hepatic-vessel-atlas/', local('/ok?hepatic'))
      .replace(/https:\/\/doi\.org\/\S+/, local('/ok?paper'))
      .replace(/https:\/\/github\.com\/\S+/, local('/ok?code'));
  }

  return { local, simulatedGitHub, addDataset, formWithLocalLinks };
}

export const stepsOf = (run: WorkflowRun, job: string) => run.jobs[job]!.steps.map((s) => `${s.outcome} ${s.name}`);
export const failures = (run: WorkflowRun) =>
  Object.entries(run.jobs).flatMap(([name, job]) => job.steps.filter((s) => s.outcome === 'failure').map((s) => `${name} / ${s.name}:\n${s.output}`));
