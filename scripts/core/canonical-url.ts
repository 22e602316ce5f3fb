/**
 * One spelling per address, so the same page linked twice is recognised: https, no `www.`,
 * no default port, no fragment, no tracking parameters, no trailing slash, DOIs in lower case
 * on one resolver.
 */

const TRACKING_PARAMETER = /^(utm_.*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|_gl|ref_src|igshid|yclid)$/i;

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
  if (url.hostname === 'dx.doi.org' || url.hostname === 'doi.org') {
    return `https://doi.org/${decodeURIComponent(url.pathname.slice(1)).toLowerCase()}`;
  }
  let path = url.pathname.replace(/\/+$/, '');
  // GitHub owner and repository names are case-insensitive (and `.git` is the same repository).
  if (url.hostname === 'github.com') {
    path = path.replace(/^\/([^/]+)\/([^/]+)/, (_, owner: string, repo: string) => `/${owner.toLowerCase()}/${repo.toLowerCase().replace(/\.git$/, '')}`);
  }
  return `${url.protocol}//${url.host}${path}${url.search}${url.hash}`;
}
