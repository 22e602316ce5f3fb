import { domainToUnicode } from 'node:url';
import { isMixedScript, scriptsOf, skeleton } from '../../confusable.ts';
import { diagnostic, type Diagnostic } from '../../diagnostic.ts';
import { locate } from '../../load.ts';
import { parsedLinks } from '../../model.ts';
import type { RecordRule } from '../context.ts';

/** What an internationalised host label (xn--…) looks like to a reader. */
export type LabelVerdict =
  | { kind: 'mixed'; text: string; scripts: string[] }
  | { kind: 'looks-ascii'; text: string; scripts: string[]; lookalike: string }
  | { kind: 'foreign'; text: string; scripts: string[] }
  | { kind: 'latin'; text: string };

/**
 * A label that mixes scripts (Cyrillic "а" in "аpple") or whose skeleton is plain ASCII
 * ("аррӏе", all Cyrillic, reads as "apple") can pass for another site: an error. A label in
 * one other script (пример.рф) is a real name in that language: a warning, to make sure it is
 * the dataset's site. Latin letters with accents (münchen.de) are neither.
 */
export function labelVerdict(label: string): LabelVerdict {
  const text = domainToUnicode(label);
  const scripts = scriptsOf(text);
  if (isMixedScript(scripts)) return { kind: 'mixed', text, scripts };
  const lookalike = skeleton(text);
  if (/^[a-z0-9-]+$/i.test(lookalike) && lookalike !== text) return { kind: 'looks-ascii', text, scripts, lookalike };
  return scripts.length === 0 || (scripts.length === 1 && scripts[0] === 'Latin') ? { kind: 'latin', text } : { kind: 'foreign', text, scripts };
}

/** How a label deceives, or undefined when it does not. */
function deception(verdict: LabelVerdict): string | undefined {
  switch (verdict.kind) {
    case 'mixed':
      return `mixes ${verdict.scripts.join(' and ')} letters`;
    case 'looks-ascii':
      return `is written in ${verdict.scripts.join(' and ') || 'other'} letters that read as "${verdict.lookalike}"`;
    default:
      return undefined;
  }
}

const HINT = 'use the host name exactly as the dataset’s own site gives it, in ASCII letters if it has one';

export const confusableHost: RecordRule = (records) =>
  records.flatMap(({ dataset, source }) =>
    parsedLinks(dataset).flatMap(({ field, path, parsed }): Diagnostic[] => {
      const verdicts = parsed.hostname.split('.').filter((label) => /^xn--/i.test(label)).map(labelVerdict);
      if (verdicts.length === 0) return [];
      const at = locate(source, path);
      const readable = domainToUnicode(parsed.hostname) || parsed.hostname;
      for (const verdict of verdicts) {
        const how = deception(verdict);
        if (how) return [diagnostic('data/confusable-host', { file: source.file, at, message: `${field} host ${readable} (${parsed.hostname}): "${verdict.text}" ${how}, so it can pass for another site`, hint: HINT })];
      }
      if (!verdicts.some((v) => v.kind === 'foreign')) return [];
      return [
        diagnostic('data/idn-host', {
          file: source.file,
          at,
          message: `${field} host ${readable} is an internationalised name (${parsed.hostname})`,
          hint: 'keep it if it is the dataset’s own address; readers of some tools see the xn-- form',
        }),
      ];
    }),
  );
