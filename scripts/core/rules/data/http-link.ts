import { diagnostic } from '../../diagnostic.ts';
import { locate } from '../../load.ts';
import { datasetLinks } from '../../model.ts';
import type { RecordRule } from '../context.ts';

export const httpLink: RecordRule = (records) =>
  records.flatMap(({ dataset, source }) =>
    datasetLinks(dataset)
      .filter(({ url }) => url.toLowerCase().startsWith('http:'))
      .map(({ field, path, url }) =>
        diagnostic('data/http-link', {
          file: source.file,
          at: locate(source, path),
          message: `${field} uses http: (${url})`,
          hint: `use ${url.replace(/^http:/i, 'https:')} if the site serves it`,
        }),
      ),
  );
