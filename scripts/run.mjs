#!/usr/bin/env node
// Runs a command of the toolchain: `node scripts/run.mjs <command> [args…]`.
//
// Why not tsx: on Node 20 its loader hooks run in a worker and cost ~0.4 s per start, which
// alone would break the "npm run check in under a second" budget. Instead the TypeScript
// sources and their dependencies are bundled once with esbuild, with source maps, into the
// folder of this version of the code (see code-hash.mjs), and the bundle is imported directly.
// A change to any source file or dependency is a new version: a fresh bundle (~1 s, once) and
// fresh caches, since the commands keep theirs in the same folder. `npm ci` builds the bundle
// (the package's "prepare" script runs `node scripts/run.mjs --prepare`), so a fresh clone's
// first command does not pay for it.
import { existsSync, readdirSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { codeHash, versionFolder } from './code-hash.mjs';

const scripts = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(scripts);
const COMMANDS = ['check', 'build', 'links', 'export', 'fix', 'new', 'from-issue', 'pr-report', 'bench', 'bench-links', 'site', 'bench-site'];
/** A version not used for this long is removed when another one is built. */
const UNUSED_VERSION_MS = 24 * 60 * 60 * 1000;

const command = process.argv[2];
const preparing = command === '--prepare';
if (!preparing && !COMMANDS.includes(command ?? '')) {
  process.stderr.write(`usage: node scripts/run.mjs <${COMMANDS.join('|')}> [options]\n`);
  process.exit(2);
}
process.argv.splice(2, 1);

const hash = codeHash(root);
const folder = versionFolder(root, hash);
const bundle = path.join(folder, 'bundle');
// Any command's entry will do for --prepare: they are built together.
const entry = path.join(bundle, `${preparing ? COMMANDS[0] : command}.mjs`);

await prepare();
// npm ci runs --prepare (the "prepare" script): the first command after install starts at once.
if (preparing) process.exit(0);

// Stack traces (DEBUG=1) name scripts/*.ts lines. Node reads a map only when a trace is printed.
process.setSourceMapsEnabled(true);
await import(pathToFileURL(entry).href);

/** The bundle of this version of the code, built if missing. */
async function prepare() {
  if (existsSync(entry)) {
    // Marks the version as in use, so that another version's first run does not remove it.
    utimesSync(folder, new Date(), new Date());
  } else {
    await buildBundle();
    removeUnusedVersions();
  }
}

async function buildBundle() {
  // Several commands may start at once on a fresh clone (the test suite does): each bundles into
  // its own folder and renames it into place, so nobody ever imports a half-written bundle.
  const esbuild = await import('esbuild');
  const staging = `${bundle}.tmp-${process.pid}-${Date.now()}`;
  await esbuild.build({
    entryPoints: COMMANDS.map((name) => path.join(scripts, `${name}.ts`)),
    outdir: staging,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    // The sources are on disk next to the bundle; the maps only say where each line came from.
    sourcesContent: false,
    // The commands find their caches by this version (scripts/io/cache-store.ts).
    define: { __AMD_CODE_HASH__: JSON.stringify(hash) },
    // Dependencies are bundled too: one file loads much faster than hundreds of small modules.
    banner: { js: "import { createRequire as __amdCreateRequire } from 'node:module'; const require = __amdCreateRequire(import.meta.url);" },
    logLevel: 'error',
  });
  await esbuild.stop(); // its service process is done: free the CPU and memory for the command
  try {
    renameSync(staging, bundle);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // another process got there first
  }
}

/** Every version of the code leaves a folder behind; the ones nobody has used for a day go. */
function removeUnusedVersions() {
  const parent = path.dirname(folder);
  for (const name of readdirSync(parent)) {
    const other = path.join(parent, name);
    if (other === folder) continue;
    try {
      if (Date.now() - statSync(other).mtimeMs > UNUSED_VERSION_MS) rmSync(other, { recursive: true, force: true });
    } catch {
      // removed meanwhile by another process
    }
  }
}
