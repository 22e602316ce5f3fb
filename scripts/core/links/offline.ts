/**
 * Telling "the network is unavailable" from "these links are dead", early: pure bookkeeping fed
 * by the checker with what each request ran into, so a machine without a network is told so in
 * a moment instead of after every URL has failed (and been retried) one by one.
 *
 * The network is taken as down when the first few distinct hosts all failed for lack of a
 * network (DNS, no route) before anything showed it up: a resolved name, an opened connection,
 * an HTTP answer, or any other error. One dead host among live ones is a broken link, not an
 * outage. A timeout says neither, so it counts for nothing.
 */
import type { CheckedLink } from './outcome.ts';
import { isTimeout } from './retry.ts';

/** Error codes that a machine without a network gives for every host. */
export const OFFLINE_CODES: ReadonlySet<string> = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN']);

/** How many distinct hosts must fail that way before the run stops (fewer when the run has fewer hosts). */
export const OFFLINE_SAMPLE = 5;

export type NetworkState = 'unknown' | 'up' | 'down';

export interface NetworkWatch {
  readonly state: NetworkState;
  /** Distinct hosts that failed for lack of a network so far. */
  readonly failedHosts: number;
  /** True until the first sign that requests are getting anywhere (or at least not failing at once). */
  readonly probing: boolean;
  /** A request to `host` ended: with an HTTP answer (`code` undefined) or an error code. */
  tried(host: string, code: string | undefined): NetworkState;
  /** A name resolved or a connection opened: the network is there. */
  reached(): NetworkState;
}

/** A watch for a run requesting `hosts` distinct hosts. */
export function networkWatch(hosts: number, sample = OFFLINE_SAMPLE): NetworkWatch {
  const needed = Math.max(1, Math.min(sample, hosts));
  const failed = new Set<string>();
  let state: NetworkState = 'unknown';
  let probing = true;
  return {
    get state() {
      return state;
    },
    get failedHosts() {
      return failed.size;
    },
    get probing() {
      return probing && state === 'unknown';
    },
    tried(host, code) {
      if (code === undefined || !OFFLINE_CODES.has(code)) probing = false;
      if (state !== 'unknown') return state;
      if (code === undefined || (!OFFLINE_CODES.has(code) && !isTimeout(code))) return (state = 'up');
      if (OFFLINE_CODES.has(code)) failed.add(host.toLowerCase());
      if (failed.size >= needed) state = 'down';
      return state;
    },
    reached() {
      probing = false;
      if (state === 'unknown') state = 'up';
      return state;
    },
  };
}

/** The end-of-run verdict, for the case the checker could not decide early: every result failed for lack of a network. */
export function looksOffline(checked: readonly CheckedLink[]): boolean {
  return checked.length > 0 && checked.every((r) => r.errorCode !== undefined && OFFLINE_CODES.has(r.errorCode));
}
