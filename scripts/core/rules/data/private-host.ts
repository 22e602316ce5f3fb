import { diagnostic } from '../../diagnostic.ts';
import { privateHost } from '../../links/address.ts';
import { locate } from '../../load.ts';
import { parsedLinks } from '../../model.ts';
import type { RecordRule } from '../context.ts';

/**
 * A link to a private network, the reader's own machine or a local name works for nobody else
 * (and the link checker refuses to request it). Hosts are compared as browsers read them, so
 * `http://0x7f.1/` and `http://2130706433/` are 127.0.0.1 here too.
 */
export const privateHostLink: RecordRule = (records) =>
  records.flatMap(({ dataset, source }) =>
    parsedLinks(dataset).flatMap(({ field, path, url, parsed }) => {
      const why = privateHost(parsed.hostname);
      if (why === undefined) return [];
      const as = url.includes(parsed.hostname) ? '' : ` (as browsers read ${url})`;
      return [
        diagnostic('data/private-host', {
          file: source.file,
          at: locate(source, path),
          message: `${field} points at ${parsed.hostname}${as}, ${why}: readers cannot reach it`,
          hint: 'link the public page of the dataset',
        }),
      ];
    }),
  );
