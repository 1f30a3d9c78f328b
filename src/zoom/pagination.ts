import { ZoomResponseError } from './errors';
import type { ZoomPage } from './types';

/** The largest `page_size` Zoom Scheduler's list operations accept: the fewest round trips for "all of them". */
export const ZOOM_MAX_PAGE_SIZE = 300;

/** Raw list body as Zoom sends it. */
export interface RawPage<Item> {
  items?: Item[];
  next_page_token?: string;
}

export function toPage<Item>(raw: RawPage<Item>): ZoomPage<Item> {
  return { items: raw.items ?? [], nextPageToken: raw.next_page_token ? raw.next_page_token : undefined };
}

/**
 * Every item of every page, fetching the next page only when the previous one is consumed. A server that hands
 * back the token it was just given would loop forever, so that is an error.
 */
export async function* iteratePages<Item>(
  operation: string,
  fetchPage: (nextPageToken: string | undefined) => Promise<ZoomPage<Item>>,
): AsyncGenerator<Item, void, undefined> {
  let token: string | undefined;
  do {
    const page = await fetchPage(token);
    yield* page.items;
    if (page.nextPageToken !== undefined && page.nextPageToken === token) {
      throw new ZoomResponseError(operation, 'next_page_token', 'repeats the token of the request');
    }
    token = page.nextPageToken;
  } while (token !== undefined);
}
