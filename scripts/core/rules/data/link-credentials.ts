import { diagnostic } from '../../diagnostic.ts';
import { locate } from '../../load.ts';
import { parsedLinks } from '../../model.ts';
import type { RecordRule } from '../context.ts';

/** A user name or password in a link would be published in the README and the exports. */
export const linkCredentials: RecordRule = (records) =>
  records.flatMap(({ dataset, source }) =>
    parsedLinks(dataset)
      .filter(({ parsed }) => parsed.username !== '' || parsed.password !== '')
      .map(({ field, path, parsed }) =>
        diagnostic('data/link-credentials', {
          file: source.file,
          at: locate(source, path),
          // The credentials themselves are not repeated: diagnostics end up in logs and comments.
          message: `${field} carries ${parsed.password === '' ? 'a user name' : parsed.username === '' ? 'a password' : 'a user name and password'} before the host ${parsed.host}`,
          hint: 'remove the "user:password@" part: a public page needs none, and the README would publish it',
        }),
      ),
  );
