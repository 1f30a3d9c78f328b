/**
 * Booking attribution: every booking link the app posts carries UTM parameters naming Slack, the channel and the
 * schedule. Zoom hands them back in the booking webhook's `tracking`, so the app can say where a booking came from.
 */

/** Only links the app posted say `utm_source=slack`; other UTM values are someone else's campaign. */
export const SLACK_UTM_SOURCE = 'slack';

export interface LinkPlacement {
  /** The Slack channel (or conversation) id the link is posted in. */
  channelId: string;
  scheduleId: string;
}

/**
 * The booking URL with `utm_source=slack&utm_medium=<channel id>&utm_campaign=<schedule id>`. The channel id rather
 * than its name: it survives a rename and Slack renders it as the current name. Text that is not a URL is returned
 * as it is (Zoom owns the URL; the app never breaks one to tag it).
 */
export function withLinkAttribution(url: string, placement: LinkPlacement): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return url;
  parsed.searchParams.set('utm_source', SLACK_UTM_SOURCE);
  parsed.searchParams.set('utm_medium', placement.channelId);
  parsed.searchParams.set('utm_campaign', placement.scheduleId);
  return parsed.toString();
}
