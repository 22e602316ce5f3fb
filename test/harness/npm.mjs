#!/usr/bin/env node
// The stand-in `npm` on the replayed runner's PATH: what npm does for the calls the workflows
// make, without npm's own start-up (~0.15 s a call, ~100 calls in the replay) or the network.
//
//   npm ci                 links node_modules from the checkout running the tests (same lockfile)
//   npm test               nothing: the replay runs inside `npm test` itself
//   npm run typecheck      nothing: `.ci/run` type-checks these same sources
//   npm run [-s] <script> [-- args…]
//                          as npm does it: the package.json script through `sh -c` in the package
//                          folder, node_modules/.bin first on PATH, the arguments quoted and
//                          appended, npm's "> package@version script" banner on stdout unless
//                          --silent, and the script's exit status. A toolchain command
//                          (`node … scripts/run.mjs <command>`) goes to the test process
//                          instead when AMD_COMMAND_SOCKET is set (see command-server.ts)
//
// Any other call exits 1 naming it, so a new workflow step cannot go untested by accident.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const [verb, ...rest] = process.argv.slice(2);
const cwd = process.cwd();

function packageRoot(dir) {
  for (let d = dir; ; d = path.dirname(d)) {
    if (existsSync(path.join(d, 'package.json'))) return d;
    if (d === path.dirname(d)) return undefined;
  }
}
function refuse(message) {
  process.stderr.write(`npm (replay harness): ${message}\n`);
  process.exit(1);
}
const quote = (arg) => `'${arg.replaceAll("'", "'\\''")}'`;

const root = packageRoot(cwd) ?? refuse(`no package.json in ${cwd} or above`);

if (verb === 'ci' && rest.length === 0) {
  symlinkSync(path.join(process.env.NPM_STUB_MODULES, 'node_modules'), path.join(root, 'node_modules'));
  process.stdout.write('node_modules linked from the checkout running the tests\n');
  process.exit(0);
}
if (verb === 'test' && rest.length === 0) {
  process.stdout.write('the replay runs inside npm test itself\n');
  process.exit(0);
}
if (verb !== 'run' && verb !== 'run-script') refuse(`no stand-in for "npm ${process.argv.slice(2).join(' ')}"; add one to test/harness/npm.mjs`);

const silent = rest[0] === '--silent' || rest[0] === '-s';
const [name, separator, ...args] = silent ? rest.slice(1) : rest;
if (separator !== undefined && separator !== '--') refuse(`arguments to a script go after "--" (got "${separator}")`);
if (name === 'typecheck' && args.length === 0) {
  process.stdout.write('.ci/run type-checks these sources\n');
  process.exit(0);
}
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const script = manifest.scripts?.[name];
if (script === undefined) refuse(`Missing script: "${name}"`);
const command = [script, ...args.map(quote)].join(' ');
if (!silent) process.stdout.write(`\n> ${manifest.name}@${manifest.version} ${name}\n> ${command}\n\n`);
const env = { ...process.env, PATH: `${path.join(root, 'node_modules', '.bin')}:${process.env.PATH}`, npm_lifecycle_event: name };
const toolchain = /^node(?: --[\w=-]+)* scripts\/run\.mjs ([\w-]+)$/.exec(script);
if (toolchain && process.env.AMD_COMMAND_SOCKET) {
  const result = await inTestProcess(process.env.AMD_COMMAND_SOCKET, { command: toolchain[1], args, cwd: root, env });
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.code;
} else {
  const result = spawnSync('sh', ['-c', command], { cwd: root, stdio: 'inherit', env });
  process.exit(result.status ?? 1);
}

function inTestProcess(socket, request) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    const connection = net.createConnection(socket, () => connection.end(JSON.stringify(request)));
    connection.on('data', (chunk) => chunks.push(chunk));
    connection.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
    connection.on('error', reject);
  });
}
