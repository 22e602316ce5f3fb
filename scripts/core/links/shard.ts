/**
 * `--shard i/n`: split the links between n parallel jobs by host, so every host is checked by
 * exactly one job and the per-host politeness limit holds across the whole matrix.
 */

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export function parseShard(text: string): Shard | undefined {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!match) return undefined;
  const index = Number(match[1]);
  const count = Number(match[2]);
  return index >= 1 && count >= 1 && index <= count ? { index, count } : undefined;
}

/** FNV-1a: stable across machines and Node versions, unlike anything keyed on object order. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

export function shardOfHost(host: string, count: number): number {
  return (fnv1a(host.toLowerCase()) % count) + 1;
}

export function inShard(url: string, shard: Shard | undefined): boolean {
  if (!shard) return true;
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    host = url;
  }
  return shardOfHost(host, shard.count) === shard.index;
}
