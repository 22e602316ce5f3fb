/**
 * Data that passes the schema but must not reach the README or the exports (issue 11, item 5):
 * links with credentials, to private or local hosts, to homograph hosts; invisible bidi and
 * control characters in text; names that only look like another dataset's.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { skeleton } from '../scripts/core/confusable.ts';
import { runCommand } from './commands.ts';
import { compact, datasetPath, realInputs, ROOT, run, validDataset } from './helpers.ts';
import { assemble } from '../scripts/pipeline.ts';

const file = datasetPath('a');
/** The findings of one data file with the given homepage (line 13, column 13 in validDataset). */
const withHomepage = (url: string) => {
  const result = run({ a: validDataset('a', { links: `links:\n  homepage: ${url}` }) });
  return result.diagnostics.filter((d) => d.ruleId !== 'data/unformatted');
};

describe('links', () => {
  test.each(['https://user:secret@example.org/data', 'https://user@example.org/', 'https://:secret@example.org/'])('with credentials: %s is an error at the link', (url) => {
    const found = withHomepage(url);
    expect(compact(found)).toEqual([`data/link-credentials ${file}:13:13`]);
    expect(found[0]!.severity).toBe('error');
    expect(found[0]!.hint).toMatch(/remove/);
    expect(found[0]!.message).not.toContain('secret');
  });

  test.each([
    ['https://127.0.0.1/', '127.0.0.1'],
    ['https://0x7f.1/', '127.0.0.1'], // hexadecimal and short forms, as browsers read them (WHATWG URL)
    ['https://2130706433/', '127.0.0.1'],
    ['https://0177.0.0.1/', '127.0.0.1'],
    ['https://10.1.2.3/', '10.1.2.3'],
    ['https://172.16.5.4/', '172.16.5.4'],
    ['https://192.168.0.1/', '192.168.0.1'],
    ['https://169.254.169.254/latest/meta-data/', '169.254.169.254'],
    ['https://100.64.0.1/', '100.64.0.1'], // carrier-grade NAT
    ['https://0.0.0.0/', '0.0.0.0'],
    ['https://192.0.2.10/', '192.0.2.10'], // documentation (TEST-NET-1)
    ['https://240.0.0.1/', '240.0.0.1'],
    ['https://[::1]/', '[::1]'],
    ['https://[::ffff:127.0.0.1]/', '[::ffff:7f00:1]'], // IPv4-mapped
    ['https://[::ffff:a00:1]/', '[::ffff:a00:1]'],
    ['https://[fe80::1]/', '[fe80::1]'], // link-local
    ['https://[fd12:3456::1]/', '[fd12:3456::1]'], // unique local
    ['https://[2001:db8::1]/', '[2001:db8::1]'], // documentation
    ['https://localhost/', 'localhost'],
    ['https://LOCALHOST./', 'localhost.'],
    ['https://api.localhost/', 'api.localhost'],
    ['https://printer.local/', 'printer.local'],
    ['https://db.corp.internal/', 'db.corp.internal'],
    ['https://router.home.arpa/', 'router.home.arpa'],
  ])('to a private or local host: %s is an error at the link', (url, host) => {
    const found = withHomepage(url);
    expect(compact(found)).toEqual([`data/private-host ${file}:13:13`]);
    expect(found[0]!.message).toContain(host);
  });

  test.each(['https://8.8.8.8/', 'https://[2606:4700:4700::1111]/', 'https://local.example.org/', 'https://internal.example.com/x', 'https://localhost.example.org/', 'https://example.org/127.0.0.1'])(
    'to a public host: %s is fine',
    (url) => expect(compact(withHomepage(url))).toEqual([]),
  );

  test('homograph hosts: mixed scripts in a label, or a whole label that looks like Latin letters, are errors', () => {
    const mixed = withHomepage('https://xn--pple-43d.com/'); // Cyrillic а + "pple"
    expect(compact(mixed)).toEqual([`data/confusable-host ${file}:13:13`]);
    expect(mixed[0]!.message).toMatch(/Cyrillic.*Latin|Latin.*Cyrillic/);
    const wholeScript = withHomepage('https://xn--80ak6aa92e.com/'); // "аррӏе", all Cyrillic
    expect(compact(wholeScript)).toEqual([`data/confusable-host ${file}:13:13`]);
    expect(wholeScript[0]!.message).toContain('Cyrillic');
  });

  test('other internationalised hosts: a warning for a non-Latin name, nothing for Latin with accents', () => {
    const russian = withHomepage('https://xn--e1afmkfd.xn--p1ai/'); // пример.рф
    expect(compact(russian)).toEqual([`data/idn-host ${file}:13:13`]);
    expect(russian[0]!.severity).toBe('warning');
    expect(russian[0]!.message).toContain('пример.рф');
    expect(compact(withHomepage('https://xn--mnchen-3ya.de/'))).toEqual([]); // münchen.de
  });
});

describe('invisible and control characters in text', () => {
  test.each([
    ['name: "Evil\\u202Egnp.exe"', 'name', 3, 'U+202E'],
    ['name: Evil\u2066name\u2069', 'name', 3, 'U+2066'],
    ['labels: "Tumour \\u200Fmasks"', 'labels', 10, 'U+200F'],
    ['description: "A dataset whose description clears \\e[2J the terminal screen."', 'description', 11, 'U+001B'],
    ['description: "A dataset whose description has a \\r carriage return in it."', 'description', 11, 'U+000D'],
    ['notes: "bell \\a"', 'notes', 17, 'U+0007'],
    ['notes: "next line \\N in C1"', 'notes', 17, 'U+0085'],
    ['notes: "delete \\x7F"', 'notes', 17, 'U+007F'],
  ])('%s is an error at the value', (line, key, lineNumber, codePoint) => {
    const result = run({ a: validDataset('a', { [key]: line }) });
    const found = result.diagnostics.filter((d) => d.ruleId === 'data/control-character');
    expect(compact(found)).toEqual([`data/control-character ${file}:${lineNumber}:${line.indexOf(':') + 3}`]);
    expect(found[0]!.message).toContain(codePoint);
    expect(found[0]!.hint).toBeDefined();
    // The message names the character; it never carries it.
    expect(found[0]!.message).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
  });

  test('in aliases, size notes and modality sub-types too; tabs and line breaks YAML writes are fine', () => {
    const result = run({
      a: validDataset('a', {
        name: 'name: Dataset a\naliases: ["Alias \\u202E one"]',
        modalities: 'modalities:\n  - MRI: ["T1\\u0000"]',
        size: 'size:\n  - {count: 3, unit: scans, note: "tab\\there"}',
        description: 'description: |\n  A dataset described on two lines,\n  which YAML keeps as a line break.',
        notes: 'notes: "a\\tb"',
      }),
    });
    expect(compact(result.diagnostics.filter((d) => d.ruleId === 'data/control-character'))).toEqual([`data/control-character ${file}:4:11`, `data/control-character ${file}:8:11`]);
  });
});

describe('names compared by their UTS #39 skeleton', () => {
  test('skeleton: Cyrillic "АСDС" and Latin "ACDC" collide; "ACDC" and "ACDC 2" do not', () => {
    expect(skeleton('АСDС')).toBe(skeleton('ACDC'));
    expect(skeleton('ACDC')).not.toBe(skeleton('ACDC 2'));
    expect(skeleton('paypal')).toBe(skeleton('рaypal'));
  });

  test('a name that only looks like another dataset’s name is a duplicate, and the message names the characters', () => {
    const result = run({ a: validDataset('a', { name: 'name: ACDC' }), b: validDataset('b', { name: 'name: АСDС' }) });
    const found = result.diagnostics.filter((d) => d.ruleId === 'data/duplicate-name');
    expect(compact(found)).toEqual([`data/duplicate-name ${datasetPath('b')}:3:7`]);
    expect(found[0]!.message).toContain('looks like');
    expect(found[0]!.message).toContain('U+0410');
    expect(found[0]!.message).toContain('U+0421');
    expect(found[0]!.message).toContain('Cyrillic');
  });

  test('an alias that looks like another dataset’s alias is a duplicate too; a different name is not', () => {
    const a = validDataset('a', { name: 'name: Alpha set\naliases: [Automated Cardiac Diagnosis]' });
    const b = validDataset('b', { name: 'name: Beta set\naliases: [Automated Cardiac Diagnоsis]' }); // Cyrillic о
    expect(compact(run({ a, b }).diagnostics.filter((d) => d.ruleId === 'data/duplicate-name'))).toEqual([`data/duplicate-name ${datasetPath('b')}:4:11`]);
    const c = validDataset('c', { name: 'name: ACDC 2' });
    expect(run({ a: validDataset('a', { name: 'name: ACDC' }), c }).diagnostics.filter((d) => d.ruleId.startsWith('data/') && d.ruleId.endsWith('-name'))).toEqual([]);
  });

  test('the real catalog has no finding from these rules', () => {
    const ids = ['data/duplicate-name', 'data/link-credentials', 'data/private-host', 'data/confusable-host', 'data/idn-host', 'data/control-character'];
    expect(compact(assemble(realInputs()).diagnostics.filter((d) => ids.includes(d.ruleId)))).toEqual([]);
  });
});

test('npm run export refuses data with errors: nothing reaches dist/', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'amd-hostile-export-'));
  try {
    for (const part of ['data', 'docs', '.github', 'README.md']) cpSync(path.join(ROOT, part), path.join(dir, part), { recursive: true });
    const acdc = path.join(dir, 'data', 'datasets', 'acdc.yaml');
    writeFileSync(acdc, readFileSync(acdc, 'utf8').replace('name: ACDC', 'name: "AC\\u202EDC"'));
    const { code, stdout } = await runCommand('export', ['--root', dir]);
    expect(code).toBe(1);
    expect(stdout).toContain('data/control-character');
    expect(stdout).toContain('nothing exported');
    expect(existsSync(path.join(dir, 'dist'))).toBe(false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
