/**
 * The rule registry: every rule id the toolchain can report, with its default severity and a
 * one-line summary. A rule id names the stage (`file`, `yaml`, `schema`, `data`, `config`,
 * `readme`, `link`) and the problem; a cross-record rule lives in rules/data/<name>.ts.
 * docs/rules.md is generated from this table, and data/rules.yaml can change a severity.
 */
import { slug } from 'github-slugger';

export type Severity = 'error' | 'warning';

export interface RuleInfo {
  severity: Severity;
  summary: string;
}

export const RULES_DOC = 'docs/rules.md';

function rule(severity: Severity, summary: string): RuleInfo {
  return { severity, summary };
}

/**
 * The docs anchor of a rule: its heading in docs/rules.md, as GitHub slugs it, relative to the
 * repository root — the same in every clone and fork, whatever package.json names as home.
 */
export function ruleDocs(ruleId: string): string {
  return `${RULES_DOC}#${slug(ruleId)}`;
}

export const RULES = {
  'file/not-regular': rule('error', 'A *.yaml entry in data/datasets/ is a directory, FIFO, socket or device, not a file: it is not read.'),
  'file/symlink-outside': rule('error', 'A data file is a symbolic link to somewhere outside data/datasets/: it is not followed.'),
  'file/unreadable': rule('error', 'A data file cannot be read (permission denied, a broken or looping link).'),
  'file/extension': rule('warning', 'A file in data/datasets/ looks like data (`.yml`, `.YAML`, `.json`) but is not read: only `*.yaml` files are.'),
  'yaml/syntax': rule('error', 'The file is not valid YAML.'),
  'yaml/duplicate-key': rule('error', 'A mapping has the same key twice.'),
  'yaml/encoding': rule('error', 'The file is not valid UTF-8.'),
  'yaml/control-character': rule('error', 'The file contains a control character YAML does not allow (anything below U+0020 but tab, line feed and carriage return; U+007F–U+009F but U+0085).'),
  'yaml/empty': rule('error', 'The file holds no data.'),
  'yaml/too-large': rule('error', 'The file is larger than a dataset entry can reasonably be.'),
  'schema/required': rule('error', 'A required property is missing.'),
  'schema/unknown-property': rule('error', 'A property the schema does not define.'),
  'schema/type': rule('error', 'A value has the wrong type (e.g. text where a list is expected).'),
  'schema/enum': rule('error', 'A value is not one of the controlled vocabulary terms.'),
  'schema/format': rule('error', 'A value is not in the expected format (URL, id, licence id).'),
  'schema/length': rule('error', 'A text or list is too short or too long.'),
  'schema/range': rule('error', 'A number is outside its allowed range.'),
  'schema/unique': rule('error', 'A list repeats an item.'),
  'schema/invalid': rule('error', 'A value breaks another constraint of the schema.'),
  'data/schema-comment': rule('warning', 'A data file does not start with the yaml-language-server schema line.'),
  'data/id-mismatch': rule('error', 'The `id` differs from the file name.'),
  'data/duplicate-id': rule('error', 'Two files declare the same `id`.'),
  'data/duplicate-name': rule('error', 'Two datasets share a name or alias (ignoring case and punctuation), or have names that look alike (same Unicode confusable skeleton, e.g. Cyrillic "АСDС" and "ACDC").'),
  'data/duplicate-url': rule('error', 'Two datasets link to the same URL or paper (after canonicalisation: arXiv ids without version, DOIs read from publisher URLs).'),
  'data/http-link': rule('warning', 'A link uses http: where https: is expected.'),
  'data/link-credentials': rule('error', 'A link carries a user name or password (`https://user:password@host/`).'),
  'data/private-host': rule('error', 'A link points at a private, loopback, link-local or reserved address (in any spelling browsers accept) or a local name (`localhost`, `.local`, `.internal`, `home.arpa`).'),
  'data/confusable-host': rule('error', 'A link\'s host has a label that mixes scripts or reads as ASCII letters it is not (a homograph, e.g. Cyrillic `аррӏе.com`).'),
  'data/idn-host': rule('warning', 'A link\'s host is an internationalised name in a non-Latin script: check it is the dataset\'s own site.'),
  'data/control-character': rule('error', 'A text holds a control character or an invisible bidirectional formatting character (U+202A–E, U+2066–9, U+200E/F, U+061C).'),
  'data/unknown-license': rule('error', '`license` is neither an SPDX identifier nor `unknown`.'),
  'data/unsourced-fact': rule('error', '`license` or `access` has a value other than `unknown` (not checked) but no entry of `sources` supports it. Reported in the files a change adds or edits; until every value of the catalog has its source, `npm run check` counts the others in one note.'),
  'data/source-field': rule('error', 'A source `supports` a field the data file does not have (e.g. `code` without `links.code`, or `license` while it is `unknown`).'),
  'data/source-date': rule('error', 'A source\'s `checked` date is in the future.'),
  'data/stale': rule('warning', '`last_verified` of a dataset that is not withdrawn is more than 18 months old: the facts are due to be read again.'),
  'data/no-section': rule('error', 'An organ belongs to no README section and there is no catch-all section.'),
  'data/similar-name': rule('warning', 'A name or alias is one typo away from another dataset\'s name or alias: probably the same dataset.'),
  'data/unknown-reference': rule('error', '`superseded_by` names an id that no data file has.'),
  'data/lifecycle': rule('error', '`status` and `superseded_by` contradict each other.'),
  'data/row-too-long': rule('warning', 'A text the compact README row shows is longer than the row allows: a `description` over 120 characters without a `summary`, or a shown alias over 50. The row then shows it whole, never cut.'),
  'data/unformatted': rule('warning', 'A data file is not in canonical form; `npm run fix` rewrites it.'),
  'config/invalid': rule('error', 'data/sections.yaml or data/vocabularies.yaml is malformed.'),
  'config/unknown-organ': rule('error', 'A section lists an organ the vocabulary does not define.'),
  'config/duplicate-organ': rule('error', 'An organ is listed by two sections.'),
  'config/duplicate-alias': rule('error', 'A vocabulary alias points to two terms.'),
  'config/home-url': rule('warning', 'package.json does not name the GitHub repository (`repository`) the README and the bots link to, or still names the placeholder owner.'),
  'readme/missing-region': rule('error', 'README.md lacks the markers of a generated region.'),
  'readme/stale': rule('error', 'A generated file differs from what the data produces.'),
  'readme/hand-edited': rule('error', 'A branch changed a generated region of README.md into something its data does not produce (npm run pr-report); edit data/ instead.'),
  'link/broken': rule('error', 'A link is dead: 404/410, DNS failure, refused connection, TLS error, redirect loop.'),
  'link/failing': rule('warning', 'A link failed, but not yet for long enough to be called broken (scheduled runs).'),
  'link/redirected': rule('warning', 'A link redirects permanently (301/308): switch to the new URL.'),
  'link/blocked': rule('warning', 'The host refused the checker (401/403/429 or a bot challenge) within its request budget.'),
  'link/timeout': rule('warning', 'The host did not answer within the timeout (not retried in the run; scheduled runs confirm over several runs).'),
  'link/archived': rule('warning', 'A linked GitHub repository is archived.'),
} as const satisfies Record<string, RuleInfo>;

export type RuleId = keyof typeof RULES;
