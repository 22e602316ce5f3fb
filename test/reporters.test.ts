import { describe, expect, test } from 'vitest';
import { diagnostic, EXIT, exitCodeFor, type Diagnostic } from '../scripts/core/diagnostic.ts';
import { decodePointer, pathLabel } from '../scripts/core/schema.ts';
import { canonicalUrl } from '../scripts/core/canonical-url.ts';
import { annotation, escapeData, escapeProperty, github } from '../scripts/reporters/github.ts';
import { json } from '../scripts/reporters/json.ts';
import { summary } from '../scripts/reporters/summary.ts';
import { terminal } from '../scripts/reporters/terminal.ts';

const sample: Diagnostic = diagnostic('schema/enum', {
  file: 'data/datasets/a,b:c.yaml',
  at: { line: 3, column: 5, endLine: 3, endColumn: 9 },
  message: '100% wrong\nsecond line\r',
  hint: 'fix it',
});
const warning: Diagnostic = diagnostic('data/http-link', { file: 'x.yaml', at: { line: 1, column: 1 }, message: 'http' });

describe('github reporter', () => {
  test('escapes data and properties as workflow commands require', () => {
    expect(escapeData('a%b\r\nc')).toBe('a%25b%0D%0Ac');
    expect(escapeProperty('a:b,c%')).toBe('a%3Ab%2Cc%25');
    // The message's own line breaks are data: shown, one line; the hint is a line of its own.
    expect(annotation(sample)).toBe(
      '::error file=data/datasets/a%2Cb%3Ac.yaml,line=3,col=5,endLine=3,endColumn=9,title=schema/enum::100%25 wrong\\nsecond line\\r%0Ahint: fix it',
    );
    expect(annotation(warning)).toMatch(/^::warning file=x.yaml,line=1,col=1,title=data\/http-link::http$/);
  });
});

describe('other reporters', () => {
  const report = { command: 'check', diagnostics: [sample, warning], checked: '2 files' };
  test('json carries counts and diagnostics', () => {
    expect(JSON.parse(json(report, { color: false }))).toMatchObject({ errors: 1, warnings: 1, files: 2 });
  });
  test('terminal groups by file and ends with a tally', () => {
    const out = terminal(report, { color: false });
    expect(out).toContain('data/datasets/a,b:c.yaml\n  3:5');
    expect(out.trimEnd().split('\n').at(-1)).toBe('✖ 1 error, 1 warning in 2 files — 2 files');
    expect(out).not.toContain('\u001b[');
  });
  test('summary is a markdown table that a pipe in a message cannot break', () => {
    const piped = { ...report, diagnostics: [{ ...warning, message: 'a | b' }] };
    expect(summary(piped, { color: false })).toContain('a \\| b');
  });
});

test('notes: one line each in every format, escaped for workflow commands, never a problem', () => {
  const noted = { command: 'check', diagnostics: [], checked: '3 datasets', notes: ['README.md will be regenerated\nafter merge (100%)'] };
  expect(terminal(noted, { color: false })).toBe('ℹ README.md will be regenerated\\nafter merge (100%)\n✔ 3 datasets\n');
  expect(github(noted, { color: false })).toBe('::notice::README.md will be regenerated\\nafter merge (100%25)\n3 datasets\n');
  expect(JSON.parse(json(noted, { color: false }))).toMatchObject({ notes: noted.notes, errors: 0 });
  expect(summary(noted, { color: false })).toContain('ℹ️ README.md will be regenerated');
  expect(exitCodeFor(noted.diagnostics)).toBe(EXIT.clean);
});

test('exit codes: errors fail, warnings alone do not', () => {
  expect(exitCodeFor([warning])).toBe(EXIT.clean);
  expect(exitCodeFor([sample, warning])).toBe(EXIT.problems);
  expect(EXIT.usage).toBe(2);
});

test('JSON pointers decode ~1 and ~0 everywhere, in that order', () => {
  const value = { 'a/b': { '~1': [{ 'x~y': 1 }] } };
  expect(decodePointer('/a~1b/~01/0/x~0y', value)).toEqual(['a/b', '~1', 0, 'x~y']);
  expect(pathLabel(['links', 'homepage'])).toBe('links.homepage');
  expect(pathLabel(['size', 0, 'count'])).toBe('size[0].count');
});

test('URL canonicalisation', () => {
  const same = [
    'https://example.org/a',
    'http://www.example.org/a/',
    'https://EXAMPLE.org:443/a#frag',
    'https://example.org/a?utm_source=x&utm_medium=y',
  ];
  expect(new Set(same.map(canonicalUrl)).size).toBe(1);
  expect(canonicalUrl('https://dx.doi.org/10.1000/ABC')).toBe('https://doi.org/10.1000/abc');
  expect(canonicalUrl('https://example.org/a?id=1')).not.toBe(canonicalUrl('https://example.org/a?id=2'));
  expect(canonicalUrl('https://github.com/Wasserth/TotalSegmentator.git')).toBe(canonicalUrl('https://www.github.com/wasserth/totalsegmentator/'));
  expect(canonicalUrl('http://dx.doi.org/10.1148/RYAI.230024')).toBe(canonicalUrl('https://doi.org/10.1148/ryai.230024'));
  expect(canonicalUrl('https://example.org/A')).not.toBe(canonicalUrl('https://example.org/a')); // other paths keep their case
});

test('single-page-site routes in fragments ("#!…", "#/…") are part of the address', () => {
  expect(canonicalUrl('https://www.synapse.org/#!Synapse:syn3193805/wiki/')).not.toBe(canonicalUrl('https://www.synapse.org/#!Synapse:syn25829067/wiki/'));
  expect(canonicalUrl('https://challenge.isic-archive.com/data/#2017')).toBe(canonicalUrl('https://challenge.isic-archive.com/data/#2018'));
});
