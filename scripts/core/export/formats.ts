/**
 * The catalog beyond the README: one JSON document (validated against data/export.schema.json),
 * a CSV for spreadsheets (RFC 4180) and BibTeX for the papers. Deterministic bytes: datasets by
 * id, fields in a fixed order, no timestamps.
 */
import { compareCodeUnits } from '../diagnostic.ts';
import type { Dataset } from '../model.ts';
import { formatSize, licenseText } from '../render/cells.ts';
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
    })),
  };
}

export const toJson = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

export const CSV_COLUMNS = [
  'id', 'name', 'organs', 'tasks', 'modalities', 'size', 'labels', 'description',
  'homepage', 'download', 'paper', 'code', 'year', 'license', 'access', 'status', 'family', 'version',
] as const;

/**
 * One RFC 4180 field: quoted when it holds a comma, quote, CR or LF, quotes doubled. A value
 * that a spreadsheet would run as a formula (leading = + - @ or a control character) is
 * prefixed with an apostrophe, the usual guard against CSV injection.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
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
      license: d.license.kind === 'unknown' ? 'unknown' : licenseText(d.license),
      access: labelOf(vocabularies.access, d.access),
      status: d.status,
      family: d.family ?? '',
      version: d.version ?? '',
    };
    return CSV_COLUMNS.map((c) => csvField(cells[c])).join(',');
  });
  return [CSV_COLUMNS.join(','), ...rows].map((row) => `${row}\r\n`).join('');
}

/** BibTeX text: braces, backslashes and the characters LaTeX treats specially are escaped. */
export function bibtexText(value: string): string {
  return value
    .replace(/\\/g, '\\textbackslash{}')
    .replace(/([{}%&$#_])/g, '\\$1')
    .replace(/~/g, '\\textasciitilde{}')
    .replace(/\^/g, '\\textasciicircum{}');
}

export function doiOf(url: string): string | undefined {
  const match = /^https?:\/\/(?:dx\.)?doi\.org\/(10\.\d{4,9}\/.+)$/i.exec(url);
  return match ? decodeURIComponent(match[1]!) : undefined;
}

/** One @misc entry per dataset with a paper link, keyed by dataset id. */
export function toBibtex(datasets: readonly Dataset[]): string {
  return byId(datasets)
    .filter((d) => d.links.paper !== undefined)
    .map((d) => {
      const paper = d.links.paper!;
      const doi = doiOf(paper);
      const fields = [
        ['title', `{${bibtexText(d.name)}: ${bibtexText(d.description.split('. ')[0]!.replace(/\.$/, ''))}}`],
        ...(d.year !== undefined ? [['year', String(d.year)]] : []),
        ...(doi ? [['doi', bibtexText(doi)]] : []),
        ['url', paper],
        ['note', `Dataset homepage: \\url{${d.links.homepage}}`],
      ];
      return `@misc{${d.id},\n${fields.map(([k, v]) => `  ${k} = {${v}}`).join(',\n')}\n}\n`;
    })
    .join('\n');
}
