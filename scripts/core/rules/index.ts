/** Every cross-record rule, run in this order over the schema-valid datasets. */
import type { RecordRule } from './context.ts';
import { confusableHost } from './data/confusable-host.ts';
import { controlCharacter } from './data/control-character.ts';
import { duplicateId } from './data/duplicate-id.ts';
import { duplicateName } from './data/duplicate-name.ts';
import { duplicateUrl } from './data/duplicate-url.ts';
import { httpLink } from './data/http-link.ts';
import { idMismatch } from './data/id-mismatch.ts';
import { lifecycle } from './data/lifecycle.ts';
import { linkCredentials } from './data/link-credentials.ts';
import { noSection } from './data/no-section.ts';
import { privateHostLink } from './data/private-host.ts';
import { rowTooLong } from './data/row-too-long.ts';
import { schemaComment } from './data/schema-comment.ts';
import { sourceDate, sourceField, stale, unsourcedFact } from './data/sources.ts';
import { similarName } from './data/similar-name.ts';
import { unknownLicense } from './data/unknown-license.ts';

export const RECORD_RULES: readonly RecordRule[] = [
  schemaComment,
  idMismatch,
  duplicateId,
  duplicateName,
  similarName,
  duplicateUrl,
  httpLink,
  linkCredentials,
  privateHostLink,
  confusableHost,
  controlCharacter,
  unknownLicense,
  unsourcedFact,
  sourceField,
  sourceDate,
  stale,
  noSection,
  lifecycle,
  rowTooLong,
];
