/** File-system edges: read the project's inputs, write generated files atomically. */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { link, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { compareCodeUnits } from '../core/diagnostic.ts';
import type { SourceFile } from '../core/source.ts';
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

/**
 * Reads every input. Synchronous on purpose: for thousands of small files a plain loop is
 * several times faster than as many concurrent promises, and nothing else runs meanwhile.
 */
export function readDatasetSources(root: string): SourceFile[] {
  const names = readdirSync(path.join(root, LAYOUT.datasets))
    .filter((name) => name.endsWith('.yaml'))
    .sort(compareCodeUnits);
  return names.map((name) => readSource(root, `${LAYOUT.datasets}/${name}`));
}

export function readInputs(root: string): Inputs {
  return {
    datasets: readDatasetSources(root),
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
 * Writes through a temporary file in the same directory and renames it into place, so a crash
 * or a full disk never leaves a half-written file. Returns false when the content is unchanged.
 */
export async function writeFileAtomic(file: string, content: string): Promise<boolean> {
  const existing = await readFile(file, 'utf8').catch(() => undefined);
  if (existing === content) return false;
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
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
  const temporary = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
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
