import { CSV_BOM, toCsv, type CsvTable } from '@ledger/commands';
import type { FastifyReply } from 'fastify';
import type { ListQueryDto } from './list-query.dto';

/** A page of a list as JSON: the rows, the position they answer for, and the way on. */
export type ListView<Page> = Page & {
  /** The same request for the next page (`after=nextCursor`), or null on the last page. */
  next: string | null;
};

/** The parameters of every list, written after its filters in a next link, `after` last. */
const PAGING = ['limit', 'minPosition', 'format'];

/**
 * The URL of the next page: the path with every parameter the caller gave, as validated (the
 * filters first, then `limit`, `minPosition` and `format`), and `after` set to the cursor.
 * Null when there is no next page.
 */
export function nextPageUrl(
  path: string,
  query: ListQueryDto,
  nextCursor: string | null,
): string | null {
  if (nextCursor === null) return null;
  const given = Object.entries(query).filter(
    ([name, value]) => name !== 'after' && value !== undefined,
  ) as [string, unknown][];
  const params = new URLSearchParams();
  for (const [name, value] of given.filter(([name]) => !PAGING.includes(name))) {
    params.set(name, String(value));
  }
  for (const name of PAGING) {
    const found = given.find(([given]) => given === name);
    if (found) params.set(name, String(found[1]));
  }
  params.set('after', nextCursor);
  return `${path}?${params.toString()}`;
}

/**
 * Answers a page of a list: JSON with `next`, or, with `format=csv`, the rows as a CSV download
 * named `<name>-<today>.csv`. Either way a next page is also named in `Link: <…>; rel="next"`,
 * which is where a CSV reader finds it.
 */
export function replyWithList<Page extends { nextCursor: string | null }>(
  reply: FastifyReply,
  list: { path: string; query: ListQueryDto; page: Page },
  csv: { table: (page: Page) => CsvTable; name: string; today: string },
): ListView<Page> | string {
  const next = nextPageUrl(list.path, list.query, list.page.nextCursor);
  if (next !== null) void reply.header('link', `<${next}>; rel="next"`);
  if (list.query.format !== 'csv') return { ...list.page, next };
  void reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${csv.name}-${csv.today}.csv"`);
  // With a byte order mark, as every CSV download: Excel then reads the file as UTF-8.
  return CSV_BOM + toCsv(csv.table(list.page));
}
