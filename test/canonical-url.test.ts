/**
 * One spelling per paper: arXiv versions and mirrors, and DOIs written inside publisher URLs,
 * reduce to one address so data/duplicate-url sees the same paper linked twice.
 */
import { describe, expect, test } from 'vitest';
import { canonicalUrl } from '../scripts/core/canonical-url.ts';

describe('arXiv: one form, https://arxiv.org/abs/<id> without version', () => {
  test.each([
    ['https://arxiv.org/abs/1901.04056', 'https://arxiv.org/abs/1901.04056'],
    ['http://arxiv.org/abs/1901.04056v2', 'https://arxiv.org/abs/1901.04056'],
    ['https://arxiv.org/abs/1901.04056v2/', 'https://arxiv.org/abs/1901.04056'],
    ['https://arxiv.org/pdf/1901.04056', 'https://arxiv.org/abs/1901.04056'],
    ['https://arxiv.org/pdf/1901.04056v3', 'https://arxiv.org/abs/1901.04056'],
    ['https://arxiv.org/pdf/1901.04056.pdf', 'https://arxiv.org/abs/1901.04056'],
    ['https://arxiv.org/pdf/1901.04056v1.pdf', 'https://arxiv.org/abs/1901.04056'],
    ['https://arxiv.org/html/2402.09372v1', 'https://arxiv.org/abs/2402.09372'],
    ['https://export.arxiv.org/abs/2311.17677', 'https://arxiv.org/abs/2311.17677'],
    ['https://www.arxiv.org/abs/2311.17677?context=cs#comments', 'https://arxiv.org/abs/2311.17677'],
    ['https://arxiv.org/abs/hep-th/9901001v1', 'https://arxiv.org/abs/hep-th/9901001'],
    ['https://arxiv.org/pdf/hep-th/9901001.pdf', 'https://arxiv.org/abs/hep-th/9901001'],
    ['https://arxiv.org/abs/math.GT/0309136', 'https://arxiv.org/abs/math/0309136'], // the subject class is not part of the id
    ['https://doi.org/10.48550/arXiv.1901.04056', 'https://arxiv.org/abs/1901.04056'], // arXiv's own DOI
  ])('%s', (address, canonical) => {
    expect(canonicalUrl(address)).toBe(canonical);
  });

  test('other arXiv pages are left alone', () => {
    expect(canonicalUrl('https://arxiv.org/list/cs.CV/recent')).toBe('https://arxiv.org/list/cs.CV/recent');
    expect(canonicalUrl('https://arxiv.org/abs/1901.04056')).not.toBe(canonicalUrl('https://arxiv.org/abs/1901.04057'));
  });
});

describe('DOIs inside publisher URLs → https://doi.org/<doi in lower case>', () => {
  test.each([
    ['doi.org', 'https://doi.org/10.1148/RYAI.230024', 'https://doi.org/10.1148/ryai.230024'],
    ['dx.doi.org', 'http://dx.doi.org/10.1000/ABC', 'https://doi.org/10.1000/abc'],
    ['doi.org, percent-encoded', 'https://doi.org/10.1000%2Fabc', 'https://doi.org/10.1000/abc'],
    ['Wiley', 'https://onlinelibrary.wiley.com/doi/10.1002/mp.13300', 'https://doi.org/10.1002/mp.13300'],
    ['Wiley /doi/abs/', 'https://onlinelibrary.wiley.com/doi/abs/10.1002/mp.13300', 'https://doi.org/10.1002/mp.13300'],
    ['Wiley /doi/full/', 'https://onlinelibrary.wiley.com/doi/full/10.1002/mp.13300', 'https://doi.org/10.1002/mp.13300'],
    ['Wiley /doi/pdf/', 'https://onlinelibrary.wiley.com/doi/pdf/10.1002/mp.13300', 'https://doi.org/10.1002/mp.13300'],
    ['Wiley /doi/epdf/', 'https://onlinelibrary.wiley.com/doi/epdf/10.1002/mp.13300', 'https://doi.org/10.1002/mp.13300'],
    ['a Wiley society journal', 'https://aapm.onlinelibrary.wiley.com/doi/full/10.1002/MP.13300', 'https://doi.org/10.1002/mp.13300'],
    ['RSNA', 'https://pubs.rsna.org/doi/10.1148/ryai.230024', 'https://doi.org/10.1148/ryai.230024'],
    ['SAGE', 'https://journals.sagepub.com/doi/full/10.1177/0284185117712567', 'https://doi.org/10.1177/0284185117712567'],
    ['Taylor & Francis', 'https://www.tandfonline.com/doi/abs/10.1080/21681163.2018.1427148', 'https://doi.org/10.1080/21681163.2018.1427148'],
    ['Science', 'https://www.science.org/doi/10.1126/science.aaa8415', 'https://doi.org/10.1126/science.aaa8415'],
    ['NEJM', 'https://www.nejm.org/doi/full/10.1056/NEJMoa1716874', 'https://doi.org/10.1056/nejmoa1716874'],
    ['ACM', 'https://dl.acm.org/doi/10.1145/3394486.3403177', 'https://doi.org/10.1145/3394486.3403177'],
    ['Springer article', 'https://link.springer.com/article/10.1007/s11548-018-1772-0', 'https://doi.org/10.1007/s11548-018-1772-0'],
    ['Springer chapter', 'https://link.springer.com/chapter/10.1007/978-3-030-00934-2_47', 'https://doi.org/10.1007/978-3-030-00934-2_47'],
    ['PLOS', 'https://journals.plos.org/plosone/article?id=10.1371/journal.pone.0200412', 'https://doi.org/10.1371/journal.pone.0200412'],
    ['PLOS, encoded', 'https://journals.plos.org/plosone/article?id=10.1371%2Fjournal.pone.0200412', 'https://doi.org/10.1371/journal.pone.0200412'],
    ['Nature', 'https://www.nature.com/articles/s41597-021-00946-3', 'https://doi.org/10.1038/s41597-021-00946-3'],
    ['Nature, PDF', 'https://www.nature.com/articles/s41586-020-2649-2.pdf', 'https://doi.org/10.1038/s41586-020-2649-2'],
    ['Scientific Data, old id', 'https://www.nature.com/articles/sdata2018161', 'https://doi.org/10.1038/sdata.2018.161'],
    ['Frontiers', 'https://www.frontiersin.org/articles/10.3389/fnins.2020.00001/full', 'https://doi.org/10.3389/fnins.2020.00001'],
    ['Frontiers, journal path', 'https://www.frontiersin.org/journals/neuroscience/articles/10.3389/fnins.2020.00001/full', 'https://doi.org/10.3389/fnins.2020.00001'],
    ['bioRxiv, older id', 'https://www.biorxiv.org/content/10.1101/306977v1.abstract', 'https://doi.org/10.1101/306977'],
    ['bioRxiv', 'https://www.biorxiv.org/content/10.1101/2020.04.16.045484v2.full.pdf', 'https://doi.org/10.1101/2020.04.16.045484'],
    ['medRxiv', 'https://www.medrxiv.org/content/10.1101/2020.03.24.20042317v1', 'https://doi.org/10.1101/2020.03.24.20042317'],
  ])('%s', (_, address, canonical) => {
    expect(canonicalUrl(address)).toBe(canonical);
  });

  test.each([
    ['IEEE (a document number, not a DOI)', 'https://ieeexplore.ieee.org/document/8363547'],
    ['ScienceDirect (a PII)', 'https://www.sciencedirect.com/science/article/pii/S1361841513001734'],
    ['Oxford Academic', 'https://academic.oup.com/gigascience/article/7/3/giy013/4855032'],
    ['a Wiley page that is not an article', 'https://onlinelibrary.wiley.com/journal/24734209'],
    ['a Nature page that is not an article', 'https://www.nature.com/sdata/policies/repositories'],
    ['PLOS without an id', 'https://journals.plos.org/plosone/'],
    ['a /doi/ path on an unknown host', 'https://example.org/doi/10.1000/abc'],
  ])('left as it is: %s', (_, address) => {
    expect(canonicalUrl(address)).not.toMatch(/^https:\/\/doi\.org\//);
  });

  test('a malformed escape does not throw', () => {
    expect(canonicalUrl('https://doi.org/10.1000/%E0%A4%A')).toBe('https://doi.org/10.1000/%e0%a4%a');
  });
});
