/** File-system edges: read the project's inputs, write generated files atomically. */
import { randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync, readSync, realpathSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { link, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { compareCodeUnits, diagnostic, START, type Diagnostic } from '../core/diagnostic.ts';
import type { RuleId } from '../core/rules/registry.ts';
import { formatBytes, MAX_SOURCE_BYTES, tooLarge, type SourceFile } from '../core/source.ts';
import type { Inputs } from '../pipeline.ts';

export const LAYOUT = {
  datasets: 'data/datasets',
  vocabularies: 'data/vocabularies.yaml',
  sections: 'data/sections.yaml',
  schema: 'data/dataset.schema.json',
  readme: 'README.md',
  rules: 'data/rules.yaml',
  rulesDoc: 'docs/rules.md',
  issueForm: '.github/ISSUE_TEMPLATE/add-dataset.yml',
  issueConfig: '.github/ISSUE_TEMPLATE/config.yml',
  packageJson: 'package.json',
} as const;

export function readSource(root: string, relative: string): SourceFile {
  return { path: relative, bytes: readFileSync(path.join(root, relative)) };
}

function readOptional(root: string, relative: string): SourceFile | undefined {
  try {
    return readSource(root, relative);
  } catch {
    return undefined;
  }
}

/** What reading one data file gave: its bytes (and the file they came from), or why it was refused. */
export type DataFileRead = { source: SourceFile; file: string; refused?: undefined } | { source?: undefined; refused: Diagnostic };

/**
 * Reads a data file as safely as a hostile checkout requires: lstat first; only a regular file,
 * or a symbolic link whose target resolves inside the file's own folder and is a regular file;
 * never a directory, FIFO (opening one blocks), socket or device (/dev/zero never ends); at
 * most MAX_SOURCE_BYTES + 1 bytes through one handle, so a file that grows or lies about its
 * size cannot exhaust memory. Every refusal is a diagnostic at line 1, column 1 of the file,
 * never an exception. `file` is the absolute path that was read (a link's target), for writing
 * back.
 */
export function readDataFile(root: string, relative: string): DataFileRead {
  const limit = MAX_SOURCE_BYTES;
  const full = path.join(root, relative);
  const refuse = (rule: RuleId, message: string, hint: string): DataFileRead => ({ refused: diagnostic(rule, { file: relative, at: START, message, hint }) });
  const notRegular = (what: string) => refuse('file/not-regular', what, `${path.dirname(relative)}/ holds data files only: remove it, or rename it so that it does not end in .yaml`);
  let descriptor: number | undefined;
  let isLink = false;
  try {
    let target = full;
    const entry = lstatSync(full);
    isLink = entry.isSymbolicLink();
    if (isLink) {
      const pointsTo = JSON.stringify(readlinkSync(full));
      target = realpathSync(full);
      const folder = realpathSync(path.dirname(full));
      const inside = path.relative(folder, target);
      if (inside.startsWith('..') || path.isAbsolute(inside)) {
        return refuse('file/symlink-outside', `is a symbolic link to ${pointsTo}, outside ${path.dirname(relative)}/; it is not followed`, `copy the data into ${relative} instead of linking to it`);
      }
      const resolved = statSync(target);
      if (!resolved.isFile()) return notRegular(`is a symbolic link to ${pointsTo}, which is ${kindOf(resolved)}, not a file`);
    } else if (!entry.isFile()) {
      return notRegular(`is ${kindOf(entry)}, not a file`);
    }
    // Non-blocking, so that a FIFO put there after the lstat cannot block the open either.
    descriptor = openSync(target, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
    const opened = fstatSync(descriptor);
    if (!opened.isFile()) return notRegular(`is ${kindOf(opened)}, not a file`);
    if (opened.size > limit) return { refused: tooLarge(relative, formatBytes(opened.size)) };
    const bytes = readAtMost(descriptor, opened.size, limit + 1);
    if (bytes.length > limit) return { refused: tooLarge(relative, `larger than ${formatBytes(limit)} (it grew while being read)`) };
    return { source: { path: relative, bytes }, file: target };
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException;
    if (code === 'EACCES' || code === 'EPERM') return refuse('file/unreadable', 'cannot be read: permission denied', `make it readable (chmod a+r ${relative}), or remove it`);
    if (code === 'ENOENT' && isLink) return refuse('file/unreadable', 'cannot be read: it is a symbolic link to a file that does not exist', `remove ${relative}, or make it the data file itself`);
    if (code === 'ENOENT') return refuse('file/unreadable', 'cannot be read: there is no such file', 'check the path; a file removed while it was being read is read on the next run');
    if (code === 'ELOOP') return refuse('file/unreadable', 'cannot be read: its symbolic links form a loop, or it became a link while being read', `remove ${relative}, or make it the data file itself`);
    return refuse('file/unreadable', `cannot be read (${code ?? (error as Error).message})`, 'check the file system, then run again');
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

/** Up to `most` bytes from the descriptor: the size fstat gave is a first guess, not a promise. */
function readAtMost(descriptor: number, expected: number, most: number): Uint8Array {
  let buffer = Buffer.allocUnsafe(Math.min(expected + 1, most));
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length >= most) break;
      const larger = Buffer.allocUnsafe(Math.min(buffer.length * 2, most));
      buffer.copy(larger, 0, 0, length);
      buffer = larger;
    }
    const read = readSync(descriptor, buffer, length, buffer.length - length, null);
    if (read === 0) break;
    length += read;
  }
  return buffer.subarray(0, length);
}

/** Names that look like data but are not read: `x.yml`, `x.YAML`, `x.json`. */
const LOOKS_LIKE_DATA = /\.(ya?ml|json)$/i;

/**
 * The data files in data/datasets/ (paths relative to the root, in code-unit order), and a
 * warning for each file that looks like data but is not read (`x.yml`). Temporary files of an
 * interrupted write (`x.yaml.tmp-…`) are neither listed nor reported.
 */
export function listDataFiles(root: string): { files: string[]; skipped: Diagnostic[] } {
  const files: string[] = [];
  const skipped: Diagnostic[] = [];
  for (const name of readdirSync(path.join(root, LAYOUT.datasets)).sort(compareCodeUnits)) {
    const relative = `${LAYOUT.datasets}/${name}`;
    if (name.endsWith('.yaml')) {
      files.push(relative);
    } else if (LOOKS_LIKE_DATA.test(name)) {
      const message = `is not read: only *.yaml files in ${LAYOUT.datasets}/ are data`;
      skipped.push(diagnostic('file/extension', { file: relative, at: START, message, hint: `rename it to ${name.replace(LOOKS_LIKE_DATA, '.yaml')}` }));
    }
  }
  return { files, skipped };
}

/**
 * Reads every data file, synchronously on purpose: for thousands of small files a plain loop
 * is several times faster than as many concurrent promises, and nothing else runs meanwhile.
 * What is not read (a refused file, `x.yml`) comes back as a diagnostic in `skipped`.
 */
export function readDatasetSources(root: string): { datasets: SourceFile[]; skipped: Diagnostic[] } {
  const { files, skipped } = listDataFiles(root);
  const datasets: SourceFile[] = [];
  for (const file of files) {
    const read = readDataFile(root, file);
    if (read.source) datasets.push(read.source);
    else skipped.push(read.refused);
  }
  return { datasets, skipped };
}

export function readInputs(root: string): Inputs {
  return {
    ...readDatasetSources(root),
    vocabularies: readSource(root, LAYOUT.vocabularies),
    sections: readSource(root, LAYOUT.sections),
    schema: readSource(root, LAYOUT.schema),
    readme: readSource(root, LAYOUT.readme),
    rules: readOptional(root, LAYOUT.rules),
    rulesDoc: readOptional(root, LAYOUT.rulesDoc),
    issueForm: readOptional(root, LAYOUT.issueForm),
    issueConfig: readOptional(root, LAYOUT.issueConfig),
    packageJson: readOptional(root, LAYOUT.packageJson),
  };
}

/**
 * The temporary file a write goes through, beside its target: `<file>.tmp-<pid>-<8 hex digits>`.
 * The pid says whether the writer may still be running (removeLeftoverTemporaries).
 */
function temporaryFor(file: string): string {
  return `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
}

const TEMPORARY = /^.+\.tmp-(\d+)-[0-9a-f]{8}$/;

/** After this long a temporary file is a leftover even if its pid is running again (pids are reused). */
const LEFTOVER_AGE_MS = 60 * 60 * 1000;

/** The folders the commands write into (data files, generated files, exports), relative to the root. */
const WRITTEN_FOLDERS = [LAYOUT.datasets, 'data', '.', 'docs', path.dirname(LAYOUT.issueForm), 'dist'];

/**
 * Removes the temporary files a killed write left behind (see temporaryFor): those whose process
 * is gone, or that are older than an hour. A running writer's file is left alone. Returns the
 * removed paths, relative to the root. Run by a writing command before it writes.
 */
export function removeLeftoverTemporaries(root: string, now = Date.now()): string[] {
  const removed: string[] = [];
  for (const folder of WRITTEN_FOLDERS) {
    let names: string[];
    try {
      names = readdirSync(path.join(root, folder));
    } catch {
      continue; // a folder not created yet (dist/) holds no leftovers
    }
    for (const name of names.sort(compareCodeUnits)) {
      const pid = TEMPORARY.exec(name)?.[1];
      if (pid === undefined) continue;
      const relative = folder === '.' ? name : `${folder}/${name}`;
      const full = path.join(root, relative);
      try {
        const stats = lstatSync(full);
        // Folders too: a site build (replaceFolder) stages a whole folder the same way.
        if (!(stats.isFile() || stats.isDirectory()) || (isRunning(Number(pid)) && now - stats.mtimeMs < LEFTOVER_AGE_MS)) continue;
        rmSync(full, { force: true, recursive: true });
        removed.push(relative);
      } catch {
        // removed meanwhile by its writer or another run, or not ours to remove: left as it is
      }
    }
  }
  return removed;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0 only asks whether the process exists
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // it exists, under another user
  }
}

/**
 * Writes through a temporary file in the same directory and renames it into place, so a crash
 * or a full disk never leaves a half-written file. Returns false when the content is unchanged.
 */
export async function writeFileAtomic(file: string, content: string): Promise<boolean> {
  const existing = await readFile(file, 'utf8').catch(() => undefined);
  if (existing === content) return false;
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = temporaryFor(file);
  try {
    await writeFile(temporary, content, { flag: 'wx' });
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return true;
}

/**
 * Creates a file that must not exist yet, atomically: the content goes to a temporary file that
 * is then hard-linked into place, which fails (false) instead of replacing a file that is there.
 */
export async function createFileAtomic(file: string, content: string): Promise<boolean> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = temporaryFor(file);
  try {
    await writeFile(temporary, content, { flag: 'wx' });
    await link(temporary, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(temporary, { force: true });
  }
}

/** Writes each file that changed (atomically) and says what happened, for a report's last line. */
export async function writeChangedFiles(root: string, files: readonly { path: string; content: string }[]): Promise<string> {
  const written: string[] = [];
  for (const file of files) {
    if (await writeFileAtomic(path.join(root, file.path), file.content)) written.push(file.path);
  }
  return written.length > 0 ? `wrote ${written.join(', ')}` : 'everything already up to date';
}

/**
 * Replaces a whole generated folder (the site) with `files`, never leaving a half-built one:
 * the files are written into a temporary folder beside it, which then takes its place by
 * rename; the old folder goes after. Files of the old folder that the new build does not make
 * (a dataset removed since) do not survive. Synchronous: hundreds of small files, nothing else
 * to do meanwhile.
 */
export function replaceFolder(folder: string, files: readonly { path: string; content: string }[]): void {
  const staging = temporaryFor(folder);
  const retired = temporaryFor(folder);
  try {
    const made = new Set<string>();
    for (const file of files) {
      const target = path.join(staging, file.path);
      const parent = path.dirname(target);
      if (!made.has(parent)) {
        mkdirSync(parent, { recursive: true });
        made.add(parent);
      }
      writeFileSync(target, file.content, { flag: 'wx' });
    }
    let previous = false;
    try {
      renameSync(folder, retired);
      previous = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    renameSync(staging, folder);
    if (previous) rmSync(retired, { recursive: true, force: true });
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}
