/**
 * data/rules.yaml: the project's choices about its own rules — a different severity for a
 * rule (or `off`), and URLs that several datasets may share, each with the reason.
 */
import { diagnostic, type Diagnostic, type Severity } from '../diagnostic.ts';
import { readConfigFile } from '../config-file.ts';
import { locate } from '../load.ts';
import type { SourceFile } from '../source.ts';
import { closest } from '../suggest.ts';
import { RULES, type RuleId } from './registry.ts';

export interface RuleConfig {
  severity: Partial<Record<RuleId, Severity | 'off'>>;
  allowDuplicateUrls: { url: string; reason: string }[];
}

export const DEFAULT_RULE_CONFIG: RuleConfig = { severity: {}, allowDuplicateUrls: [] };

const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    severity: { type: 'object', additionalProperties: { enum: ['error', 'warning', 'off'] } },
    'allow-duplicate-urls': {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['url', 'reason'],
        properties: { url: { type: 'string', pattern: '^https?://' }, reason: { type: 'string', minLength: 10 } },
      },
    },
  },
};

export function loadRuleConfig(source: SourceFile | undefined): { config: RuleConfig; diagnostics: Diagnostic[] } {
  if (!source) return { config: DEFAULT_RULE_CONFIG, diagnostics: [] };
  const { loaded, value, diagnostics } = readConfigFile<{ severity?: Record<string, Severity | 'off'>; 'allow-duplicate-urls'?: RuleConfig['allowDuplicateUrls'] } | null>(source, schema);
  if (!loaded) return { config: DEFAULT_RULE_CONFIG, diagnostics };
  const raw = value ?? {};
  const severity: RuleConfig['severity'] = {};
  for (const [id, level] of Object.entries(raw.severity ?? {})) {
    if (id in RULES) {
      severity[id as RuleId] = level;
      continue;
    }
    const guess = closest(id, Object.keys(RULES));
    diagnostics.push(
      diagnostic('config/invalid', {
        file: source.path,
        at: locate(loaded, ['severity', id], { key: true }),
        message: `unknown rule "${id}"${guess ? `; did you mean "${guess}"?` : ''}`,
        hint: 'the rule ids are listed in docs/rules.md',
      }),
    );
  }
  return { config: { severity, allowDuplicateUrls: raw['allow-duplicate-urls'] ?? [] }, diagnostics };
}

/** Applies the configured severities; `off` drops a rule's diagnostics. */
export function applySeverities(diagnostics: readonly Diagnostic[], config: RuleConfig): Diagnostic[] {
  return diagnostics.flatMap((d) => {
    const level = config.severity[d.ruleId];
    if (level === undefined) return [d];
    return level === 'off' ? [] : [{ ...d, severity: level }];
  });
}
