import { invalidArgument } from './errors';

export const DEFAULT_PAGE_SIZE = 30;
export const MAX_PAGE_SIZE = 300;

export interface Page<T> {
  items: T[];
  /** Opaque cursor; `""` on the last page, as Zoom does. */
  next_page_token: string;
}

interface Cursor {
  list: string;
  offset: number;
}

function encode(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decode(token: string, list: string): number {
  try {
    const cursor = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<Cursor>;
    if (cursor.list === list && Number.isInteger(cursor.offset) && (cursor.offset ?? -1) >= 0) return cursor.offset as number;
  } catch {
    // falls through to the same answer as a token made for another list
  }
  throw invalidArgument('Invalid next_page_token.', 'next_page_token');
}

/**
 * One page of `all` (already filtered and ordered). Page sizes above 300 are capped like Zoom's Light APIs;
 * the cursor remembers which list it belongs to, so a token from another list is refused.
 */
export function paginate<T>(all: T[], list: string, query: Record<string, unknown>): Page<T> {
  const requested = query['page_size'];
  const pageSize = typeof requested === 'number' ? requested : DEFAULT_PAGE_SIZE;
  if (pageSize < 1) throw invalidArgument('page_size must be at least 1.', 'page_size');
  const size = Math.min(pageSize, MAX_PAGE_SIZE);
  const token = query['next_page_token'];
  const offset = typeof token === 'string' && token !== '' ? decode(token, list) : 0;
  const items = all.slice(offset, offset + size);
  const next = offset + size < all.length ? encode({ list, offset: offset + size }) : '';
  return { items, next_page_token: next };
}
