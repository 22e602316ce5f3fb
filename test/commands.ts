/**
 * Runs a toolchain command for a test, in one of two ways:
 *
 * - in process (the default): `scripts/<command>.ts` is imported afresh with the arguments in
 *   process.argv, the environment the test gives, and stdout/stderr captured. The same code as
 *   `npm run <command>`, without the ~0.3 s a process start costs — most of a test suite's time.
 * - `{ process: true }`: `node scripts/run.mjs <command>`, a real process running the bundle.
 *   Every command keeps at least one such test, for what only a process shows: the bundle, the
 *   exit status, stdin, and output written straight to the file descriptors.
 *
 * In-process runs are serialised: they borrow the worker's process.argv, process.env and stdout.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './helpers.ts';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CommandOptions {
  /** Added to the environment. */
  env?: Record<string, string>;
  /** A real process running the bundle instead of an import of the sources. */
  process?: boolean;
  /** Another copy of the toolchain to run (a process only), e.g. a copied checkout. */
  runner?: string;
  /** Text on the process's stdin (a process only). */
  input?: string;
  /** Kill the process after this long (a process only): a test of a hang fails instead of hanging. */
  timeoutMs?: number;
}

/** What every test run gets unless it says otherwise: no colour, no job summary. */
const BASE_ENV = { NO_COLOR: '1', GITHUB_STEP_SUMMARY: '' };

export function runCommand(command: string, args: string[], options: CommandOptions = {}): Promise<CommandResult> {
  const env = { ...BASE_ENV, ...options.env };
  if (options.process || options.runner || options.input !== undefined || options.timeoutMs !== undefined) {
    return inChildProcess(options.runner ?? path.join(ROOT, 'scripts', 'run.mjs'), command, args, env, options.input, options.timeoutMs);
  }
  return inThisProcess(command, args, withEnv(process.env, env), process.cwd());
}

/**
 * A command as a process started elsewhere would run it, but in this process: exactly that
 * environment (nothing of the test worker's) and that working directory. The replay harness's
 * `npm` stand-in sends the workflows' commands here (see harness/command-server.ts).
 */
export function runCommandAsIf(command: string, args: string[], where: { env: NodeJS.ProcessEnv; cwd: string }): Promise<CommandResult> {
  return inThisProcess(command, args, where.env, where.cwd);
}

function inChildProcess(runner: string, command: string, args: string[], env: Record<string, string>, input?: string, timeoutMs?: number): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [runner, command, ...args], { env: withEnv(process.env, env), ...(timeoutMs === undefined ? {} : { timeout: timeoutMs, killSignal: 'SIGKILL' as const }) });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

let queue: Promise<unknown> = Promise.resolve();
let runs = 0;

function inThisProcess(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<CommandResult> {
  const run = queue.then(async () => {
    const saved = { argv: process.argv, env: process.env, cwd: process.cwd(), exitCode: process.exitCode, out: process.stdout.write, err: process.stderr.write };
    let stdout = '';
    let stderr = '';
    const capture = (append: (text: string) => void) =>
      ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        append(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
        const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
        callback?.();
        return true;
      }) as typeof process.stdout.write;
    process.argv = [process.execPath, command, ...args];
    process.env = env;
    process.chdir(cwd);
    process.exitCode = undefined;
    process.stdout.write = capture((t) => (stdout += t));
    process.stderr.write = capture((t) => (stderr += t));
    try {
      // A new query makes a new instance of the command module, so its top level runs again.
      await import(/* @vite-ignore */ `${path.join(ROOT, 'scripts', `${command}.ts`)}?run=${++runs}`);
      return { code: Number(process.exitCode ?? 0), stdout, stderr };
    } finally {
      Object.assign(process, { argv: saved.argv, env: saved.env, exitCode: saved.exitCode });
      process.chdir(saved.cwd);
      process.stdout.write = saved.out;
      process.stderr.write = saved.err;
    }
  });
  queue = run.catch(() => {});
  return run;
}

const withEnv = (base: NodeJS.ProcessEnv, changes: Record<string, string>): NodeJS.ProcessEnv => ({ ...base, ...changes });
