/**
 * What a dataset's licence lets a reader do, derived from the licence data alone: an SPDX id
 * from the lists below, or nothing. A custom agreement or an unknown licence is never read as
 * permission, however friendly its name sounds: readers must read those terms themselves.
 */
import type { License } from './model.ts';

export type LicenseClass = 'commercial' | 'non-commercial' | 'custom' | 'unknown' | 'other';

/** SPDX ids whose terms allow commercial use (with attribution or share-alike where they say so). */
const COMMERCIAL_USE = new Set([
  'CC0-1.0',
  'PDDL-1.0',
  'ODC-By-1.0',
  'ODbL-1.0',
  'CDLA-Permissive-1.0',
  'CDLA-Permissive-2.0',
  'CDLA-Sharing-1.0',
  ...['1.0', '2.0', '2.5', '3.0', '4.0'].flatMap((v) => [`CC-BY-${v}`, `CC-BY-SA-${v}`]),
  'MIT',
  'Apache-2.0',
  'BSD-2-Clause',
  'BSD-3-Clause',
  'GPL-2.0-only',
  'GPL-2.0-or-later',
  'GPL-3.0-only',
  'GPL-3.0-or-later',
]);

export function licenseClass(license: License): LicenseClass {
  switch (license.kind) {
    case 'unknown':
    case 'none-stated': // neither grants anything a reader could rely on
      return 'unknown';
    case 'custom':
      return 'custom';
    case 'spdx':
      if (COMMERCIAL_USE.has(license.id)) return 'commercial';
      // The Creative Commons NonCommercial family: CC-BY-NC-4.0, CC-BY-NC-SA-3.0, CC-BY-NC-ND-4.0 …
      return /^CC-BY-NC(-|$)/.test(license.id) ? 'non-commercial' : 'other';
  }
}

/** The classes in the order a reader chooses among them, with what each means to that reader. */
export const LICENSE_CLASS_LABELS: Readonly<Record<LicenseClass, string>> = {
  commercial: 'Commercial use allowed',
  'non-commercial': 'Non-commercial only',
  custom: 'Custom terms',
  other: 'Other licence',
  unknown: 'Not stated or not checked',
};
