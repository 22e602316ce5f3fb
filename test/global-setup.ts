/**
 * Scratch space for the tests. They create thousands of small files (copies of the project,
 * simulated repositories, clones); on a disk where creating a file costs ~0.6 ms (this VM's ext4)
 * that alone is a third of the suite's time, so when a RAM-backed tmpfs with room is mounted at
 * /dev/shm the tests' os.tmpdir() points into it. Elsewhere nothing changes.
 */
import { mkdtempSync, rmSync, statfsSync } from 'node:fs';
import path from 'node:path';

const TMPFS = '/dev/shm';
/** Enough for every temporary project the suite keeps at once, with a wide margin. */
const NEEDED_BYTES = 1024 ** 3;

function roomOnTmpfs(): boolean {
  try {
    const stats = statfsSync(TMPFS);
    return stats.bavail * stats.bsize >= NEEDED_BYTES;
  } catch {
    return false;
  }
}

export default function setup(): () => void {
  if (process.env.AMD_TEST_TMPDIR === 'disk' || !roomOnTmpfs()) return () => {};
  const dir = mkdtempSync(path.join(TMPFS, 'amd-tests-'));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  return () => {
    rmSync(dir, { recursive: true, force: true });
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
  };
}
