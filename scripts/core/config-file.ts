/**
 * A configuration file (data/vocabularies.yaml, data/sections.yaml, data/rules.yaml,
 * data/link-policy.yaml) read the one way: YAML with positions, then its own schema, every
 * violation a `config/invalid` diagnostic located at the offending node. Only a file that passes
 * both comes back with its value.
 */
import { createHash } from 'node:crypto';
import type { Diagnostic } from './diagnostic.ts';
import { deepFreeze, loadYaml, type LoadedYaml } from './load.ts';
import { compileSchema, schemaDiagnostics } from './schema.ts';
import type { SourceFile } from './source.ts';

type ConfigRead<T> = { loaded?: LoadedYaml; value?: T; diagnostics: Diagnostic[] };

/**
 * Reads already made, by the file's path, bytes (their hash) and schema: a command reads the
 * vocabularies for the pipeline, the issue review and the site alike, the tests read the same
 * files hundreds of times, and each YAML parse with positions costs milliseconds (tens in a
 * fresh process). The same bytes and schema give the same answer; the value is shared and
 * frozen (every caller builds its own structures from it).
 */
const reads = new Map<string, Map<object, ConfigRead<unknown>>>();
/** The configuration files of a few projects; a process that reads more starts again empty. */
const READS_LIMIT = 64;

export function readConfigFile<T>(source: SourceFile, schema: object): ConfigRead<T> {
  const key = `${source.path}\0${createHash('sha256').update(source.bytes).digest('base64')}`;
  let bySchema = reads.get(key);
  if (!bySchema) {
    if (reads.size >= READS_LIMIT) reads.clear();
    reads.set(key, (bySchema = new Map()));
  }
  let read = bySchema.get(schema);
  if (!read) bySchema.set(schema, (read = readOnce(source, schema)));
  // A fresh list each time: callers append to the diagnostics they are given.
  return { ...(read as ConfigRead<T>), diagnostics: [...read.diagnostics] };
}

function readOnce<T>(source: SourceFile, schema: object): ConfigRead<T> {
  const { loaded, diagnostics } = loadYaml(source);
  if (!loaded) return { diagnostics };
  const problems = schemaDiagnostics(loaded, compileSchema(schema)).map((d): Diagnostic => ({ ...d, ruleId: 'config/invalid' }));
  if (problems.length > 0) return { diagnostics: [...diagnostics, ...problems] };
  // Shared by every later read of the same file: frozen, so no reader can change it for the next.
  return { loaded, value: deepFreeze(loaded.value) as T, diagnostics };
}
