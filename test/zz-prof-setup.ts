import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { afterAll, beforeAll, expect } from 'vitest';
const g = globalThis as { __prof?: Session };
beforeAll(async () => {
  if (!g.__prof) { g.__prof = new Session(); g.__prof.connect(); await g.__prof.post('Profiler.enable'); await g.__prof.post('Profiler.setSamplingInterval', { interval: 500 }); }
  await g.__prof.post('Profiler.start');
});
afterAll(async () => {
  const { profile } = await g.__prof!.post('Profiler.stop');
  const name = (expect.getState().testPath ?? 'x').split('/').pop();
  writeFileSync(`/tmp/wprof/${name}-${process.pid}-${Date.now()}.cpuprofile`, JSON.stringify(profile));
});
