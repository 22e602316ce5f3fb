/** The on-disk memory of texts already known to be canonical (see rules/data/unformatted.ts). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FormatVerdicts } from '../core/rules/data/unformatted.ts';
import { writeFileAtomic } from './files.ts';

const MAX_ENTRIES = 100_000;

export function formatCacheFile(root: string): string {
  return path.join(root, 'node_modules', '.cache', 'amd-format-verdicts.json');
}

export function openFormatCache(file: string): FormatVerdicts & { save(): Promise<void> } {
  let known: string[] = [];
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (Array.isArray(parsed)) known = parsed.filter((k): k is string => typeof k === 'string');
  } catch {
    // no cache yet, or an unreadable one: start afresh
  }
  const set = new Set(known);
  let dirty = false;
  return {
    has: (key) => set.has(key),
    add: (key) => {
      set.add(key);
      dirty = true;
    },
    async save() {
      if (!dirty) return;
      const entries = [...set].slice(-MAX_ENTRIES);
      await writeFileAtomic(file, JSON.stringify(entries));
    },
  };
}
