/**
 * One home URL: package.json's `repository` and `homepage`, read only through core/home.ts; in
 * GitHub Actions the run's own repository wins. A placeholder or missing repository is a located
 * warning saying where to set it.
 */
import { describe, expect, test } from 'vitest';
import { datasetPageUrl, exportUrl, homeOf, issueFormUrl, loadHome, parseRepository } from '../scripts/core/home.ts';
import { compact, source } from './helpers.ts';

const pkg = (fields: object) => source('package.json', `${JSON.stringify({ name: 'x', ...fields }, null, 2)}\n`);

describe('homeOf', () => {
  test.each([
    'github:someone/awesome-medical-datasets',
    'someone/awesome-medical-datasets',
    'https://github.com/someone/awesome-medical-datasets',
    'git+https://github.com/someone/awesome-medical-datasets.git',
    'git@github.com:someone/awesome-medical-datasets.git',
  ])('reads %s', (repository) => {
    expect(parseRepository(repository)).toEqual({ owner: 'someone', name: 'awesome-medical-datasets' });
    expect(homeOf({ repository: { type: 'git', url: repository } })?.repository).toBe('https://github.com/someone/awesome-medical-datasets');
  });

  test('a repository that is not on GitHub is no home', () => {
    expect(homeOf({ repository: 'https://gitlab.com/someone/list' })).toBeUndefined();
    expect(homeOf({})).toBeUndefined();
  });

  test('in GitHub Actions the run\'s repository wins (a fork links to itself)', () => {
    const home = homeOf({ repository: 'github:upstream/list' }, { GITHUB_REPOSITORY: 'fork/list', GITHUB_SERVER_URL: 'https://github.example' });
    expect(home).toMatchObject({ repository: 'https://github.example/fork/list', owner: 'fork' });
  });

  test('the site is the Pages address of the repository, or `homepage` when that names a Pages address; every link target is derived in one place', () => {
    const home = homeOf({ repository: 'github:o/r', homepage: 'https://o.github.io/r' })!;
    expect(home.site).toBe('https://o.github.io/r/');
    expect(homeOf({ repository: 'github:Some-Owner/r', homepage: 'https://github.com/Some-Owner/r#readme' })!.site).toBe('https://some-owner.github.io/r/');
    expect(homeOf({ repository: 'github:o/O.github.io' })!.site).toBe('https://o.github.io/');
    expect(homeOf({ repository: 'github:upstream/r' }, { GITHUB_REPOSITORY: 'fork/r' })!.site).toBe('https://fork.github.io/r/');
    expect(issueFormUrl(home)).toBe('https://github.com/o/r/issues/new?template=add-dataset.yml');
    expect(exportUrl(home, 'datasets.csv')).toBe('https://o.github.io/r/datasets.csv');
    expect(datasetPageUrl(home, 'acdc')).toBe('https://o.github.io/r/d/acdc/');
  });
});

describe('loadHome: where to set it', () => {
  test('the placeholder owner is a warning at the "repository" line of package.json', () => {
    const { home, diagnostics } = loadHome(pkg({ repository: { type: 'git', url: 'git+https://github.com/OWNER/awesome-medical-datasets.git' } }));
    expect(home?.owner).toBe('OWNER');
    expect(compact(diagnostics)).toEqual(['config/home-url package.json:3:3']);
    expect(diagnostics[0]).toMatchObject({ severity: 'warning', hint: expect.stringContaining('"repository"') });
  });

  test('no repository, or no package.json at all: a warning, and no home', () => {
    expect(compact(loadHome(pkg({})).diagnostics)).toEqual(['config/home-url package.json:1:1']);
    const missing = loadHome(undefined);
    expect(missing.home).toBeUndefined();
    expect(missing.diagnostics[0]!.message).toMatch(/package\.json is missing or not valid JSON/);
  });

  test('a real owner: no diagnostic', () => {
    expect(loadHome(pkg({ repository: 'github:someone/awesome-medical-datasets' }))).toEqual({
      home: { repository: 'https://github.com/someone/awesome-medical-datasets', owner: 'someone', name: 'awesome-medical-datasets', site: 'https://someone.github.io/awesome-medical-datasets/' },
      diagnostics: [],
    });
  });
});
