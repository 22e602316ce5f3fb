/**
 * data/link-policy.yaml: per-host exceptions, each with the reason a maintainer gave, so an
 * exception can be reviewed and removed when the reason no longer holds.
 */
import { diagnostic, type Diagnostic } from '../diagnostic.ts';
import { readConfigFile } from '../config-file.ts';
import { locate } from '../load.ts';
import type { SourceFile } from '../source.ts';

export interface HostRule {
  /** `example.org` matches that host only; `*.example.org` matches its subdomains too. */
  host: string;
  /** Statuses that count as ok for this host (a bot wall in front of a working page). */
  accept: number[];
  /** Extra request headers. */
  headers: Record<string, string>;
  /** Do not request at all. */
  skip: boolean;
  reason: string;
}

export interface LinkPolicy {
  hosts: HostRule[];
}

export const EMPTY_POLICY: LinkPolicy = { hosts: [] };

const policySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['hosts'],
  properties: {
    hosts: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['host', 'reason'],
        properties: {
          host: { type: 'string', pattern: '^(\\*\\.)?[a-z0-9.-]+$' },
          accept: { type: 'array', items: { type: 'integer', minimum: 100, maximum: 999 } },
          headers: { type: 'object', additionalProperties: { type: 'string' } },
          skip: { type: 'boolean' },
          reason: { type: 'string', minLength: 10 },
        },
      },
    },
  },
};

export function loadLinkPolicy(source: SourceFile): { policy?: LinkPolicy; diagnostics: Diagnostic[] } {
  const { loaded, value: raw, diagnostics } = readConfigFile<{ hosts: Partial<HostRule>[] }>(source, policySchema);
  if (!loaded || !raw) return { diagnostics };
  const hosts = raw.hosts.map((h) => ({ host: h.host!, accept: h.accept ?? [], headers: h.headers ?? {}, skip: h.skip ?? false, reason: h.reason! }));
  const seen = new Set<string>();
  hosts.forEach((rule, i) => {
    if (seen.has(rule.host)) {
      diagnostics.push(
        diagnostic('config/invalid', {
          file: source.path,
          at: locate(loaded, ['hosts', i, 'host']),
          message: `host "${rule.host}" has two entries`,
          hint: 'merge them into one entry',
        }),
      );
    }
    seen.add(rule.host);
  });
  return { policy: { hosts }, diagnostics };
}

export function ruleForHost(policy: LinkPolicy, hostname: string): HostRule | undefined {
  const host = hostname.toLowerCase();
  return policy.hosts.find((rule) =>
    rule.host.startsWith('*.') ? host === rule.host.slice(2) || host.endsWith(rule.host.slice(1)) : host === rule.host,
  );
}
