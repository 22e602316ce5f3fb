#!/usr/bin/env node
// Runs a command of the toolchain: `node scripts/run.mjs <command> [args…]`.
//
// Why not tsx: on Node 20 its loader hooks run in a worker and cost ~0.4 s per start, which
// alone would break the "npm run check in under a second" budget. Instead the TypeScript
// sources and their dependencies are bundled once with esbuild into node_modules/.cache/,
// keyed by a hash of the sources and the lockfile, and the bundle is imported directly.
// A change to any source file or dependency gives a new hash and a fresh bundle (~0.5 s, once).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const scripts = path.dirname(fileURLToPath(import.meta.url));
const COMMANDS = ['check', 'build', 'links', 'export', 'fix', 'new', 'from-issue', 'pr-report', 'bench', 'bench-links'];

const command = process.argv[2];
if (!COMMANDS.includes(command ?? '')) {
  process.stderr.write(`usage: node scripts/run.mjs <${COMMANDS.join('|')}> [options]\n`);
  process.exit(2);
}
process.argv.splice(2, 1);

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return sourceFiles(full);
      return entry.name.endsWith('.ts') ? [full] : [];
    })
    .sort();
}

// The bundle includes the dependencies, so installed versions (the lockfile) are part of the key.
const hash = createHash('sha256');
for (const file of [...sourceFiles(scripts), path.join(scripts, '..', 'package-lock.json')]) {
  hash.update(file).update(existsSync(file) ? readFileSync(file) : '');
}
const outdir = path.join(scripts, '..', 'node_modules', '.cache', 'amd-scripts', hash.digest('hex').slice(0, 16));
const entry = path.join(outdir, `${command}.mjs`);

if (!existsSync(entry)) {
  // Several commands may start at once on a fresh clone (the test suite does): each bundles into
  // its own folder and renames it into place, so nobody ever imports a half-written bundle.
  const { build } = await import('esbuild');
  const staging = `${outdir}.tmp-${process.pid}-${Date.now()}`;
  await build({
    entryPoints: COMMANDS.map((name) => path.join(scripts, `${name}.ts`)),
    outdir: staging,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Dependencies are bundled too: one file loads much faster than hundreds of small modules.
    banner: { js: "import { createRequire as __amdCreateRequire } from 'node:module'; const require = __amdCreateRequire(import.meta.url);" },
    logLevel: 'error',
  });
  try {
    renameSync(staging, outdir);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // another process got there first
  }
}
await import(pathToFileURL(entry).href);
