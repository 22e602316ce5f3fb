/**
 * The original hand-written list had wrong figures and links; the reference notes list each
 * correction. These tests keep the seed's mistakes from coming back.
 */
import { describe, expect, test } from 'vitest';
import type { Dataset } from '../scripts/core/model.ts';
import { assemble } from '../scripts/pipeline.ts';
import { realInputs } from './helpers.ts';

const datasets = new Map(assemble(realInputs()).records.map((r) => [r.dataset.id, r.dataset]));
const get = (id: string): Dataset => {
  const dataset = datasets.get(id);
  if (!dataset) throw new Error(`no dataset ${id}`);
  return dataset;
};
const counts = (id: string) => get(id).size.map((s) => `${s.count} ${s.unit}`);

describe('corrections to the original list', () => {
  test("SynthStrip links its real homepage, not an unrelated GitHub list; 622 scans, not '>600'", () => {
    expect(get('synthstrip').links.homepage).toBe('https://surfer.nmr.mgh.harvard.edu/docs/synthstrip/');
    expect(JSON.stringify(get('synthstrip').links)).not.toContain('beamandrew');
    expect(counts('synthstrip')).toEqual(['622 scans']);
  });
  test('MRBrainS18 has 30 subjects (20 was MRBrainS13)', () => {
    expect(counts('mrbrains18')[0]).toBe('30 subjects');
  });
  test('LiTS has 201 scans (131 is the training split)', () => {
    expect(counts('lits')[0]).toBe('201 scans');
  });
  test('BraTS 2018 has 542 patients (~750 was the Decathlon task)', () => {
    expect(counts('brats-2018')[0]).toBe('542 patients');
  });
  test('chest X-ray sets separate images from patients', () => {
    expect(counts('chestx-ray14')).toEqual(['112120 images', '30805 patients']);
    expect(counts('chexpert')).toEqual(['224316 images', '65240 patients']);
    expect(counts('mimic-cxr-jpg')).toEqual(['377110 images', '227827 studies', '65379 patients']);
    expect(get('padchest').size[0]).toMatchObject({ count: 160000, unit: 'images', lowerBound: true });
  });
  test('iSeg-2017 has 23 subjects, PROMISE12 100 scans, Pancreas-CT 80 scans', () => {
    expect(counts('iseg-2017')[0]).toBe('23 subjects');
    expect(counts('promise12')[0]).toBe('100 scans');
    expect(counts('pancreas-ct')[0]).toBe('80 scans');
  });
  test('UK Biobank is no longer "5,000+"', () => {
    expect(get('uk-biobank-cardiac-mri').size[0]).toMatchObject({ count: 48000, lowerBound: true });
  });
  test('MOOD links the official site, not a third-party loader', () => {
    expect(get('mood').links.homepage).toBe('https://medicalood.dkfz.de/web/');
  });
  test('unverified facts are not shown as facts', () => {
    // The reference marks these licences and access tiers unverified: they must read as unknown.
    expect(get('brats-2018')).toMatchObject({ license: { kind: 'unknown' }, access: 'unknown' });
    expect(get('lits')).toMatchObject({ license: { kind: 'unknown' }, access: 'unknown' });
    expect(get('hcp-young-adult').size[0]!.approx).toBe(true);
    expect(get('lidc-idri').year).toBeUndefined();
    // Not the third-party page the reference names (unverified), but the arXiv record itself.
    expect(get('padchest').links.paper).toBe('https://arxiv.org/abs/1901.07441');
  });
});

describe('the full catalog', () => {
  const result = assemble(realInputs());
  const all = result.records.map((r) => r.dataset);

  test('every section has at least 3 datasets, and no organ with 3 or more hides in "Other organs"', async () => {
    const { loadSections, loadVocabularies } = await import('../scripts/core/config.ts');
    const inputs = realInputs();
    const vocabularies = loadVocabularies(inputs.vocabularies).vocabularies!;
    const plan = loadSections(inputs.sections, vocabularies).plan!;
    for (const section of plan.sections) {
      const members = all.filter((d) => plan.sectionOf(d.organs[0]!) === section);
      if (!section.catchAll) expect(members.length, section.title).toBeGreaterThanOrEqual(3);
      else {
        const perOrgan = new Map<string, number>();
        for (const d of members) perOrgan.set(d.organs[0]!, (perOrgan.get(d.organs[0]!) ?? 0) + 1);
        for (const [organ, n] of perOrgan) expect(n, organ).toBeLessThan(3);
      }
    }
  });

  test('families group the versions named in the reference', () => {
    const family = (name: string) => all.filter((d) => d.family === name).map((d) => d.id).sort();
    expect(family('brats')).toEqual(['brats-2018', 'brats-2021']);
    expect(family('kits')).toEqual(['kits19', 'kits21', 'kits23']);
    expect(family('msd')).toEqual(['msd', 'msd-heart', 'msd-prostate']);
    expect(family('isic')).toEqual(['isic-2017', 'isic-2018', 'isic-2019', 'isic-2020']);
  });

  test('a dataset without any confirmed homepage is left out rather than given a guessed one', () => {
    expect(all.some((d) => /inbreast/i.test(d.name))).toBe(false);
    // A homepage the sources could not confirm is said so twice: machine-readably and in the notes.
    const inNotes = all.filter((d) => d.notes?.includes('homepage was not confirmed')).map((d) => d.id);
    const flagged = all.filter((d) => d.unconfirmed.includes('homepage')).map((d) => d.id);
    expect(inNotes.length).toBeGreaterThan(0);
    expect(inNotes.sort()).toEqual(flagged.sort());
  });
});
