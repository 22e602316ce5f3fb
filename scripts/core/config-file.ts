/**
 * A configuration file (data/vocabularies.yaml, data/sections.yaml, data/rules.yaml,
 * data/link-policy.yaml) read the one way: YAML with positions, then its own schema, every
 * violation a `config/invalid` diagnostic located at the offending node. Only a file that passes
 * both comes back with its value.
 */
import type { Diagnostic } from './diagnostic.ts';
import { loadYaml, type LoadedYaml } from './load.ts';
import { compileSchema, schemaDiagnostics } from './schema.ts';
import type { SourceFile } from './source.ts';

type ConfigRead<T> = { loaded?: LoadedYaml; value?: T; diagnostics: Diagnostic[] };

/**
 * Reads already made, by the file's bytes and the schema: a command reads the vocabularies for
 * the pipeline, the issue review and the site alike, and each YAML parse with positions costs
 * tens of milliseconds in a fresh process. The same bytes and schema give the same answer; the
 * value is shared, so callers treat it as read-only (they all build their own structures from it).
 */
const reads = new WeakMap<Uint8Array, Map<object, { path: string; read: ConfigRead<unknown> }>>();

export function readConfigFile<T>(source: SourceFile, schema: object): ConfigRead<T> {
  let bySchema = reads.get(source.bytes);
  if (!bySchema) reads.set(source.bytes, (bySchema = new Map()));
  let known = bySchema.get(schema);
  if (known?.path !== source.path) bySchema.set(schema, (known = { path: source.path, read: readOnce(source, schema) }));
  // A fresh list each time: callers append to the diagnostics they are given.
  return { ...(known.read as ConfigRead<T>), diagnostics: [...known.read.diagnostics] };
}

function readOnce<T>(source: SourceFile, schema: object): ConfigRead<T> {
  const { loaded, diagnostics } = loadYaml(source);
  if (!loaded) return { diagnostics };
  const problems = schemaDiagnostics(loaded, compileSchema(schema)).map((d): Diagnostic => ({ ...d, ruleId: 'config/invalid' }));
  if (problems.length > 0) return { diagnostics: [...diagnostics, ...problems] };
  return { loaded, value: loaded.value as T, diagnostics };
}
