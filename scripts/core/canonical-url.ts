/**
 * One spelling per address, so the same page linked twice is recognised: https, no `www.`,
 * no default port, no fragment, no tracking parameters, no trailing slash; a paper by its DOI
 * (in lower case, on one resolver) or by its arXiv id (without version), however it was linked.
 */

const TRACKING_PARAMETER = /^(utm_.*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|_gl|ref_src|igshid|yclid)$/i;

/** A DOI: `10.`, a registrant code, `/`, a suffix (which may itself hold slashes). */
const DOI = String.raw`10\.\d{4,9}\/[^?#\s]+`;

/** `/doi/10.x/y`, `/doi/abs/…`, `/doi/full/…`, `/doi/pdf/…`, `/doi/epdf/…`: the Atypon platform's article pages. */
const DOI_PATH = new RegExp(String.raw`^\/doi\/(?:(?:abs|full|pdf|epdf|fulltext)\/)?(${DOI})$`);
const SPRINGER_PATH = new RegExp(String.raw`^\/(?:article|chapter)\/(${DOI})$`);

/**
 * Publisher pages whose address holds the article's DOI unambiguously, by host (after `www.` is
 * removed). Publishers whose addresses hold another number (IEEE document numbers, ScienceDirect
 * PIIs, Oxford Academic ids, PubMed ids) are not here: their DOI cannot be read off the URL.
 */
const DOI_IN_URL: readonly { publisher: string; hosts: readonly string[]; doi: (path: string, query: URLSearchParams) => string | null | undefined }[] = [
  {
    publisher: 'Wiley, RSNA, SAGE, Taylor & Francis, Science, NEJM, ACM (Atypon)',
    hosts: ['onlinelibrary.wiley.com', 'pubs.rsna.org', 'journals.sagepub.com', 'tandfonline.com', 'science.org', 'nejm.org', 'dl.acm.org'],
    doi: (path) => DOI_PATH.exec(path)?.[1],
  },
  {
    publisher: 'Springer',
    hosts: ['link.springer.com'],
    doi: (path) => SPRINGER_PATH.exec(path)?.[1],
  },
  {
    publisher: 'PLOS (the DOI is the `id` parameter)',
    hosts: ['journals.plos.org'],
    doi: (path, query) => (/^\/[a-z]+\/article$/.test(path) ? /^10\.1371\/\S+$/.exec(query.get('id') ?? '')?.[0] : undefined),
  },
  {
    publisher: 'Nature portfolio (article ids since 2017: s41597-021-00946-3 is 10.1038/s41597-021-00946-3)',
    hosts: ['nature.com'],
    doi: (path) => {
      const id = /^\/articles\/(s\d{5}-\d{3}-\d{4,5}-[0-9a-z])(?:\.pdf)?$/.exec(path)?.[1];
      return id && `10.1038/${id}`;
    },
  },
  {
    publisher: 'Scientific Data (older article ids: sdata2018161 is 10.1038/sdata.2018.161)',
    hosts: ['nature.com'],
    doi: (path) => {
      const match = /^\/articles\/sdata(\d{4})(\d+)(?:\.pdf)?$/.exec(path);
      return match && `10.1038/sdata.${match[1]}.${match[2]}`;
    },
  },
  {
    publisher: 'Frontiers',
    hosts: ['frontiersin.org'],
    doi: (path) => /^(?:\/journals\/[a-z-]+)?\/articles?\/(10\.3389\/[^/]+)(?:\/(?:full|abstract|pdf))?$/.exec(path)?.[1],
  },
  {
    publisher: 'bioRxiv, medRxiv (without the version)',
    hosts: ['biorxiv.org', 'medrxiv.org'],
    doi: (path) => /^\/content\/(10\.1101\/(?:\d{4}\.\d{2}\.\d{2}\.)?\d{6,})(?:v\d+)?(?:\.full(?:\.pdf)?|\.full-text|\.abstract)?$/.exec(path)?.[1],
  },
];

/** The DOI_IN_URL entries by host, so that an ordinary address costs one lookup. */
const DOI_HOSTS = new Map<string, (typeof DOI_IN_URL)[number][]>();
for (const entry of DOI_IN_URL) for (const host of entry.hosts) DOI_HOSTS.set(host, [...(DOI_HOSTS.get(host) ?? []), entry]);

/** Wiley's society journals live on subdomains: aapm.onlinelibrary.wiley.com. */
const hostKey = (host: string) => (host.endsWith('.onlinelibrary.wiley.com') ? 'onlinelibrary.wiley.com' : host);

/**
 * An arXiv id in an abstract, PDF or HTML address, without its version: `2311.17677`, or an
 * old-style `hep-th/9901001` (a subject class as in `math.GT/0309136` is not part of the id).
 */
const ARXIV_PATH = /^\/(?:abs|pdf|html)\/(\d{4}\.\d{4,5}|[a-z][a-z-]*(?:\.[A-Za-z-]+)?\/\d{7})(?:v\d+)?(?:\.pdf)?\/?$/;
/** arXiv's own DOIs (DataCite): 10.48550/arXiv.<id>. */
const ARXIV_DOI = /^10\.48550\/arxiv\.(.+)$/;

export function canonicalUrl(address: string): string {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return address.trim();
  }
  url.protocol = 'https:';
  url.hostname = url.hostname.toLowerCase().replace(/^www\./, '');
  url.port = '';
  // A fragment normally points inside a page, but "#!…" and "#/…" are routes of single-page
  // sites (Synapse, many portals): there the fragment names the page, so it is kept.
  if (!/^#[!/]/.test(url.hash)) url.hash = '';
  url.username = '';
  url.password = '';
  for (const key of [...url.searchParams.keys()]) {
    if (TRACKING_PARAMETER.test(key)) url.searchParams.delete(key);
  }
  const doi = doiOf(url);
  if (doi !== undefined) {
    const arxiv = ARXIV_DOI.exec(doi)?.[1];
    return arxiv === undefined ? `https://doi.org/${doi}` : arxivAddress(arxiv);
  }
  const arxiv = url.hostname === 'arxiv.org' || url.hostname === 'export.arxiv.org' ? ARXIV_PATH.exec(url.pathname)?.[1] : undefined;
  if (arxiv !== undefined) return arxivAddress(arxiv);
  let path = url.pathname.replace(/\/+$/, '');
  // GitHub owner and repository names are case-insensitive (and `.git` is the same repository).
  if (url.hostname === 'github.com') {
    path = path.replace(/^\/([^/]+)\/([^/]+)/, (_, owner: string, repo: string) => `/${owner.toLowerCase()}/${repo.toLowerCase().replace(/\.git$/, '')}`);
  }
  return `${url.protocol}//${url.host}${path}${url.search}${url.hash}`;
}

/** The DOI an address stands for, in lower case (DOIs are case-insensitive), or undefined. */
function doiOf(url: URL): string | undefined {
  if (url.hostname === 'doi.org' || url.hostname === 'dx.doi.org') return decoded(url.pathname.slice(1)).toLowerCase();
  const entries = DOI_HOSTS.get(hostKey(url.hostname));
  if (!entries) return undefined;
  const path = decoded(url.pathname);
  for (const entry of entries) {
    const doi = entry.doi(path, url.searchParams);
    if (doi) return doi.toLowerCase();
  }
  return undefined;
}

/** `https://arxiv.org/abs/<id>`, the subject class of an old-style id dropped. */
function arxivAddress(id: string): string {
  return `https://arxiv.org/abs/${id.replace(/^([a-z-]+)\.[A-Za-z-]+\//, '$1/')}`;
}

/** Percent-escapes resolved where they form valid UTF-8; a malformed one is kept as written. */
function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
