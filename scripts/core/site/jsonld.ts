/**
 * A dataset page's schema.org `Dataset` (JSON-LD), for Google Dataset Search and other readers
 * of structured data. Only facts the record holds: no creator or distribution is invented.
 * The rules relied on (schema.org and Google's Dataset documentation): `name` and
 * `description` are text (Google asks for 50–5000 characters of description); `url`, `sameAs`,
 * `license` and `citation` are URLs; `isAccessibleForFree` is a boolean; `keywords` is a list of
 * text; `version` is text; `dateModified` and `datePublished` are ISO 8601 dates.
 * test/site-unit.test.ts checks them.
 */
import { datasetPageUrl, type Home } from '../home.ts';
import type { Dataset, License } from '../model.ts';
import { labelOf, type Vocabularies } from '../vocabulary.ts';
import { httpUrl } from './markup.ts';

export const CATALOG_NAME = 'Awesome Medical Datasets';

/** A URL for the licence when the record names one: the SPDX page of an id, a custom licence's own URL. */
export function licenseUrl(license: License): string | undefined {
  if (license.kind === 'spdx') return `https://spdx.org/licenses/${license.id}.html`;
  if (license.kind === 'custom' && license.url !== undefined) return httpUrl(license.url);
  return undefined;
}

/**
 * Whether getting the data costs nothing, from the access tier: open download and a free
 * sign-up are free. A data-use agreement or credentialing may still be free, but the tier does
 * not say so, and an unchecked tier says nothing: then the property is left out.
 */
export function accessibleForFree(access: string): boolean | undefined {
  return access === 'open' || access === 'registration' ? true : undefined;
}

export function datasetJsonLd(dataset: Dataset, vocabularies: Vocabularies, home: Home): Record<string, unknown> {
  const keywords = [
    ...dataset.organs.map((o) => labelOf(vocabularies.organ, o)),
    ...dataset.modalities.map((m) => labelOf(vocabularies.modality, m.term)),
    ...dataset.tasks.map((t) => labelOf(vocabularies.task, t)),
  ];
  const homepage = httpUrl(dataset.links.homepage);
  const paper = dataset.links.paper === undefined ? undefined : httpUrl(dataset.links.paper);
  const license = licenseUrl(dataset.license);
  const free = accessibleForFree(dataset.access);
  return {
    '@context': 'https://schema.org',
    '@type': 'Dataset',
    name: dataset.name,
    ...(dataset.aliases.length > 0 ? { alternateName: dataset.aliases } : {}),
    description: dataset.description,
    url: datasetPageUrl(home, dataset.id),
    ...(homepage !== undefined ? { sameAs: homepage } : {}),
    ...(license !== undefined ? { license } : {}),
    ...(free !== undefined ? { isAccessibleForFree: free } : {}),
    keywords: [...new Set(keywords)],
    ...(paper !== undefined ? { citation: paper } : {}),
    ...(dataset.version !== undefined ? { version: dataset.version } : {}),
    ...(dataset.year !== undefined ? { datePublished: String(dataset.year) } : {}),
    ...(dataset.lastVerified !== undefined ? { dateModified: dataset.lastVerified } : {}),
    includedInDataCatalog: { '@type': 'DataCatalog', name: CATALOG_NAME, url: home.site },
  };
}
