/**
 * The catalog beyond the README: one JSON document (validated against data/export.schema.json),
 * a CSV for spreadsheets (RFC 4180) and BibTeX for the papers. Deterministic bytes: datasets by
 * id, fields in a fixed order, no timestamps.
 */
import { compareCodeUnits } from '../diagnostic.ts';
import type { Dataset } from '../model.ts';
import { formatSize, licenseText } from '../render/cells.ts';
import { jsonText } from '../text-safety.ts';
import { labelOf, type Vocabularies, type Vocabulary } from '../vocabulary.ts';


const byId = (datasets: readonly Dataset[]) => [...datasets].sort((a, b) => compareCodeUnits(a.id, b.id));

function term(vocabulary: Vocabulary, key: string) {
  return { term: key, label: labelOf(vocabulary, key) };
}

/** `schemaUrl`: where readers of the published file find its schema (the repository's copy). */
export function exportObject(datasets: readonly Dataset[], vocabularies: Vocabularies, schemaUrl = 'data/export.schema.json') {
  return {
    $schema: schemaUrl,
    version: 1 as const,
    count: datasets.length,
    datasets: byId(datasets).map((d) => ({
      id: d.id,
      name: d.name,
      aliases: d.aliases,
      ...(d.family !== undefined ? { family: d.family } : {}),
      ...(d.version !== undefined ? { version: d.version } : {}),
      organs: d.organs.map((o) => term(vocabularies.organ, o)),
      tasks: d.tasks.map((t) => term(vocabularies.task, t)),
      modalities: d.modalities.map((m) => ({ ...term(vocabularies.modality, m.term), subtypes: m.subtypes })),
      size: d.size.map((s) => ({ count: s.count, unit: s.unit, approx: s.approx, lowerBound: s.lowerBound, ...(s.note !== undefined ? { note: s.note } : {}) })),
      labels: d.labels,
      description: d.description,
      links: d.links,
      ...(d.year !== undefined ? { year: d.year } : {}),
      license: d.license,
      access: term(vocabularies.access, d.access),
      status: d.status,
      ...(d.supersededBy !== undefined ? { supersededBy: d.supersededBy } : {}),
      ...(d.lastVerified !== undefined ? { lastVerified: d.lastVerified } : {}),
      sources: d.sources.map((source) => ({ url: source.url, supports: source.supports, checked: source.checked, ...(source.note !== undefined ? { note: source.note } : {}) })),
    })),
  };
}

/** JSON with control and bidi characters as \u escapes (jsonText): the same values for a JSON reader. */
export const toJson = (value: unknown) => `${jsonText(JSON.stringify(value, null, 2))}\n`;

export const CSV_COLUMNS = [
  'id', 'name', 'organs', 'tasks', 'modalities', 'size', 'labels', 'description',
  'homepage', 'download', 'paper', 'code', 'year', 'license', 'access', 'status', 'family', 'version',
  'last_verified', 'sources',
] as const;

/** A source in one CSV cell: `<url> (license, access; checked 2026-11-28)`; sources joined by " | ". */
const sourceCell = (source: Dataset['sources'][number]) => `${source.url} (${source.supports.join(', ')}; checked ${source.checked})`;

/**
 * What a spreadsheet may run as a formula (OWASP, CSV injection): a value that starts with = + -
 * or @ — also after leading whitespace or control characters, which Excel and LibreOffice skip
 * when they look for a formula, and in the full-width forms some locales accept — or that
 * starts with a tab, carriage return or line feed.
 */
const FORMULA = /^[\s\p{Cc}]*[=+\-@\uff1d\uff0b\uff0d\uff20]|^[\t\r\n]/u;

/**
 * One RFC 4180 field: quoted when it holds a comma, quote, CR or LF, quotes doubled. A value a
 * spreadsheet would run as a formula is prefixed with an apostrophe, the usual guard.
 */
export function csvField(value: string): string {
  const safe = FORMULA.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function toCsv(datasets: readonly Dataset[], vocabularies: Vocabularies): string {
  const rows = byId(datasets).map((d) => {
    const cells: Record<(typeof CSV_COLUMNS)[number], string> = {
      id: d.id,
      name: d.name,
      organs: d.organs.join('; '),
      tasks: d.tasks.join('; '),
      modalities: d.modalities.map((m) => (m.subtypes.length ? `${m.term} (${m.subtypes.join(', ')})` : m.term)).join('; '),
      size: d.size.map((s) => formatSize(s, d)).join('; '),
      labels: d.labels,
      description: d.description,
      homepage: d.links.homepage,
      download: d.links.download ?? '',
      paper: d.links.paper ?? '',
      code: d.links.code ?? '',
      year: d.year === undefined ? '' : String(d.year),
      license: licenseText(d.license),
      access: labelOf(vocabularies.access, d.access),
      status: d.status,
      family: d.family ?? '',
      version: d.version ?? '',
      last_verified: d.lastVerified ?? '',
      sources: d.sources.map(sourceCell).join(' | '),
    };
    return CSV_COLUMNS.map((c) => csvField(cells[c])).join(',');
  });
  return [CSV_COLUMNS.join(','), ...rows].map((row) => `${row}\r\n`).join('');
}

/**
 * LaTeX's special characters as commands that print them. Braces are commands too, not `\{`:
 * bibtex and biber count every brace, escaped or not, to find where a field ends, so a lone
 * `\}` would end it early. `<`, `>` and `|` would print as ¡, ¿ and — in LaTeX's default (OT1)
 * font encoding.
 */
const BIBTEX_SPECIAL: Readonly<Record<string, string>> = {
  '\\': '\\textbackslash{}',
  '{': '\\textbraceleft{}',
  '}': '\\textbraceright{}',
  '%': '\\%',
  '&': '\\&',
  '$': '\\$',
  '#': '\\#',
  '_': '\\_',
  '^': '\\textasciicircum{}',
  '~': '\\textasciitilde{}',
  '<': '\\textless{}',
  '>': '\\textgreater{}',
  '|': '\\textbar{}',
};

/** TeX ligatures: -- ---, `` '', ,, and !` ?` print as one character; an empty group between keeps both. */
const joinsWith = (char: string, next: string | undefined) => (next === char && "-'`,".includes(char)) || (next === '`' && (char === '!' || char === '?'));

/**
 * BibTeX text (title, note) that bibtex and biber read back, and LaTeX prints, as the value.
 * Not representable, so changed, and said here rather than pretended: TeX reads any run of
 * spaces, tabs and line breaks as one space and drops it at the ends, so whitespace is
 * collapsed and trimmed; other control characters have no printed form in TeX and are dropped.
 * Every other character, any Unicode letter or symbol included, is read back unchanged
 * (test/export.test.ts checks this with a BibTeX parser on random text).
 */
export function bibtexText(value: string): string {
  const chars = [...value.replace(/(?![\t\n\v\f\r])\p{Cc}/gu, '').replace(/[\t\n\v\f\r ]+/g, ' ').trim()];
  return chars.map((char, i) => `${BIBTEX_SPECIAL[char] ?? char}${joinsWith(char, chars[i + 1]) ? '{}' : ''}`).join('');
}

/** Whether braces pair up (bibtex and biber count every brace, backslash or not). */
function balanced(value: string): boolean {
  let depth = 0;
  for (const char of value) {
    depth += char === '{' ? 1 : char === '}' ? -1 : 0;
    if (depth < 0) return false;
  }
  return depth === 0;
}

/**
 * A verbatim field (doi, url): biber keeps its characters as they are, so nothing is escaped —
 * escaping would become part of the value. It cannot hold unbalanced braces, a backslash before
 * a brace or at the end, before the field's closing brace (bibtex and biber count that brace,
 * LaTeX-aware readers take it as escaped), or whitespace and control characters (collapsed or
 * dropped, as in bibtexText): such a value has no exact form, and this answers undefined.
 */
function verbatim(value: string): string | undefined {
  return balanced(value) && !/\\[{}]|\\$|[\s\p{Cc}]/u.test(value) ? value : undefined;
}

/**
 * A URL as a verbatim field. Braces, whitespace and control characters, which a URL cannot hold
 * unencoded (RFC 3986) and the schema does not let through, are percent-encoded: the same
 * address, spelled as a browser sends it, so always representable.
 */
function urlField(url: string): string {
  return url.replace(/[{}\s\p{Cc}]/gu, (char) => encodeURIComponent(char));
}

/** The DOI a doi.org link names; none when its percent-encoding is malformed (it names no DOI then). */
export function doiOf(url: string): string | undefined {
  const match = /^https?:\/\/(?:dx\.)?doi\.org\/(10\.\d{4,9}\/.+)$/i.exec(url);
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return undefined;
  }
}

/**
 * One @misc entry per dataset with a paper link, keyed by dataset id (bibtexEntry).
 */
export function toBibtex(datasets: readonly Dataset[]): string {
  return byId(datasets)
    .filter((d) => d.links.paper !== undefined)
    .map((d) => bibtexEntry(d))
    .join('\n');
}

/**
 * A dataset's @misc entry, keyed by its id, pointing at its paper, or at its homepage when it
 * has none (the site's citation box). The title is braced twice so styles keep its capitals. A
 * DOI with no exact verbatim form (unbalanced braces, whitespace) is left out; the url field
 * still links the paper.
 */
export function bibtexEntry(d: Dataset): string {
  const paper = d.links.paper;
  const doi = paper === undefined ? undefined : verbatimDoi(paper);
  const fields = [
    ['title', `{${bibtexText(`${d.name}: ${firstSentence(d.description)}`)}}`],
    ...(d.year !== undefined ? [['year', String(d.year)]] : []),
    ...(doi ? [['doi', doi]] : []),
    ['url', urlField(paper ?? d.links.homepage)],
    ...(paper !== undefined ? [['note', bibtexText(`Dataset homepage: ${d.links.homepage}`)]] : []),
  ];
  return `@misc{${d.id},\n${fields.map(([k, v]) => `  ${k} = {${v}}`).join(',\n')}\n}\n`;
}

/** The title's second half: the description up to its first full stop. */
export const firstSentence = (description: string) => description.split('. ')[0]!.replace(/\.$/, '');

function verbatimDoi(paper: string): string | undefined {
  const doi = doiOf(paper);
  return doi === undefined ? undefined : verbatim(doi);
}
