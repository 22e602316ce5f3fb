/**
 * Reads a V8 CPU profile (`node --cpu-prof`) of a command run from the bundle and says where the
 * time went, in the sources' terms: each function located through the bundle's source maps at
 * its scripts/*.ts (or node_modules/…) line. For `npm run bench -- --profile`.
 */
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileRow {
  /** Function name and where it is defined, relative to `root`. */
  label: string;
  ms: number;
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  /** Time spent in the function's own code. */
  self: ProfileRow[];
  /**
   * Time spent in the function and what it called: the toolchain's own functions only, a function
   * that spends nearly all its time in the next one shown folded into it (command wrappers).
   */
  inclusive: ProfileRow[];
}

/** Maps bundle positions back to the sources; frames outside the bundle keep their own place. */
function locator(root: string): (frame: CallFrame) => string {
  const maps = new Map<string, SourceMap | undefined>();
  const mapOf = (file: string) => {
    if (!maps.has(file)) {
      try {
        maps.set(file, new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8'))));
      } catch {
        maps.set(file, undefined);
      }
    }
    return maps.get(file);
  };
  return (frame) => {
    if (!frame.url.startsWith('file:')) return frame.url || '(native)';
    const file = fileURLToPath(frame.url);
    const entry = mapOf(file)?.findEntry(frame.lineNumber, frame.columnNumber) as { originalSource?: string; originalLine?: number } | undefined;
    if (entry?.originalSource === undefined) return `${path.relative(root, file)}:${frame.lineNumber + 1}`;
    const original = entry.originalSource.startsWith('file:') ? fileURLToPath(entry.originalSource) : path.resolve(path.dirname(file), entry.originalSource);
    return `${path.relative(root, original)}:${(entry.originalLine ?? 0) + 1}`;
  };
}

/** A function whose callee takes this share of its time or more is only a wrapper. */
const WRAPPER_SHARE = 0.97;

export function summarizeProfile(profileFile: string, root: string, top = 12): ProfileSummary {
  const profile = JSON.parse(readFileSync(profileFile, 'utf8')) as Profile;
  const where = locator(root);
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const labels = new Map<number, string>();
  const labelOf = (id: number) => {
    let label = labels.get(id);
    if (label === undefined) {
      const frame = nodes.get(id)!.callFrame;
      label = frame.url ? `${frame.functionName || '(anonymous)'} ${where(frame)}` : `(${frame.functionName.replace(/^\(|\)$/g, '')})`;
      labels.set(id, label);
    }
    return label;
  };

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    total += us;
    self.set(labelOf(id), (self.get(labelOf(id)) ?? 0) + us);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const label = labelOf(at);
      if (/[ /\\]scripts[\\/]/.test(label) && !seen.has(label)) {
        seen.add(label);
        inclusive.set(label, (inclusive.get(label) ?? 0) + us);
      }
    }
  });
  const rows = (times: Map<string, number>, fold: boolean) =>
    [...times]
      .sort((a, b) => b[1] - a[1])
      .filter((row, i, sorted) => !fold || (sorted[i + 1]?.[1] ?? 0) < WRAPPER_SHARE * row[1])
      .slice(0, top)
      .map(([label, us]) => ({ label, ms: us / 1000, share: total === 0 ? 0 : us / total }));
  return { totalMs: total / 1000, self: rows(self, false), inclusive: rows(inclusive, true) };
}
