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

export function readConfigFile<T>(source: SourceFile, schema: object): { loaded?: LoadedYaml; value?: T; diagnostics: Diagnostic[] } {
  const { loaded, diagnostics } = loadYaml(source);
  if (!loaded) return { diagnostics };
  const problems = schemaDiagnostics(loaded, compileSchema(schema)).map((d): Diagnostic => ({ ...d, ruleId: 'config/invalid' }));
  if (problems.length > 0) return { diagnostics: [...diagnostics, ...problems] };
  return { loaded, value: loaded.value as T, diagnostics };
}
