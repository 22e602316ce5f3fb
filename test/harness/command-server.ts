/**
 * Runs the replayed workflows' toolchain commands inside the test process.
 *
 * A replayed step is a real bash script, and its `npm run check` reaches the `npm` stand-in
 * (npm.mjs) as on a runner. Started as a process, each command would cost about a second of CPU
 * (Node's start, the bundle's load, the schema's compilation) — two thirds of the replay tests'
 * time. So the stand-in hands `node scripts/run.mjs <command> <args>` to this server over a Unix
 * socket, with its environment and working directory, and prints what comes back. The command
 * runs the same sources in-process (test/commands.ts); the bundle and the process edges keep
 * their own process tests (cli, runtime), and AMD_REPLAY_PROCESSES=1 replays with real processes.
 *
 * Protocol: one connection per command; the client writes one JSON request and ends its side,
 * the server answers with one JSON result and closes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { runCommandAsIf, type CommandResult } from '../commands.ts';

export interface CommandRequest {
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export interface CommandServer {
  /** The socket's path: the stand-in finds it in AMD_COMMAND_SOCKET. */
  socket: string;
  close(): Promise<void>;
}

export async function startCommandServer(): Promise<CommandServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'amd-commands-'));
  const socket = path.join(dir, 'socket');
  const server = net.createServer({ allowHalfOpen: true }, (connection) => {
    const chunks: Buffer[] = [];
    connection.on('data', (chunk: Buffer) => chunks.push(chunk));
    connection.on('end', () => {
      void answer(Buffer.concat(chunks).toString('utf8')).then((result) => connection.end(JSON.stringify(result)));
    });
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  return {
    socket,
    close: () =>
      new Promise<void>((resolve) =>
        server.close(() => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        }),
      ),
  };
}

async function answer(text: string): Promise<CommandResult> {
  try {
    const request = JSON.parse(text) as CommandRequest;
    return await runCommandAsIf(request.command, request.args, { env: request.env, cwd: request.cwd });
  } catch (error) {
    // The test then fails on the step, with this as the step's output.
    return { code: 70, stdout: '', stderr: `command server: ${error instanceof Error ? error.stack : String(error)}\n` };
  }
}
