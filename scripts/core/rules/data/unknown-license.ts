import { createRequire } from 'node:module';
import { diagnostic } from '../../diagnostic.ts';
import { locate } from '../../load.ts';
import { closest } from '../../suggest.ts';
import type { RecordRule } from '../context.ts';

// The SPDX list ships as JSON; require() loads it the same way from source and from the bundle.
const SPDX = new Set<string>(createRequire(import.meta.url)('spdx-license-ids') as string[]);

/** A licence is a fact readers rely on: a real SPDX id, an explicit `unknown`, or named terms. */
export const unknownLicense: RecordRule = (records) =>
  records.flatMap(({ dataset, source }) => {
    const license = dataset.license;
    if (license.kind !== 'spdx' || SPDX.has(license.id)) return [];
    const guess = closest(license.id, SPDX);
    return [
      diagnostic('data/unknown-license', {
        file: source.file,
        at: locate(source, ['license']),
        message: `license "${license.id}" is not an SPDX identifier${guess ? `; did you mean "${guess}"?` : ''}`,
        hint: 'use an id from https://spdx.org/licenses/, `none-stated` when the official pages state no licence, `unknown` when not checked yet, or `custom: <name of the terms>`',
      }),
    ];
  });
