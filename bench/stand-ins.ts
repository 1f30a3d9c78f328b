/**
 * The stand-ins a side talks to, hosted by the bench process rather than the side: what Slack and Zoom spend
 * answering is theirs, not the measured app's, as in production. Each side gets a set of its own, so the posts
 * and token refreshes counted are that side's.
 */
import { startFakeSlack, type FakeSlack } from '../dev/fake-slack';
import { DEFAULT_CHANNELS, DEFAULT_USERS } from '../dev/local-stack';
import { startZoomMock, type ZoomMock } from '../src/zoom/mock';

/** What a side process needs to reach its stand-ins (plain data: it crosses the process boundary). */
export interface StandInsAddress {
  slackApiUrl: string;
  botToken: string;
  teamId: string;
  responseUrl: string;
  zoomApiBaseUrl: string;
  zoomOAuthBaseUrl: string;
  zoomClientId: string;
  zoomClientSecret: string;
  /** A grant for the mock's default user, for the anchors (ours connects through OAuth like a person). */
  zoomAccessToken: string;
  zoomRefreshToken: string;
  scheduleId: string;
}

export const ZOOM_PRO_LIGHT_PER_SECOND = 30;

export interface StandIns {
  slack: FakeSlack;
  zoom: ZoomMock;
  address: StandInsAddress;
  close(): Promise<void>;
}

export async function startStandIns(): Promise<StandIns> {
  const slack = await startFakeSlack({ users: DEFAULT_USERS, channels: DEFAULT_CHANNELS });
  // Zoom's per-account light-call rate for a Pro account (zoom-live.md §C; every Scheduler call is light): what
  // binds a burst of links in production, for the anchor and for us alike.
  const zoom = await startZoomMock({ host: '127.0.0.1', profile: 'spec', rateLimit: { perSecond: ZOOM_PRO_LIGHT_PER_SECOND } });
  const grant = zoom.issueTokensFor(zoom.defaultUser.id);
  const response = await fetch(`${zoom.apiBaseUrl}/scheduler/schedules?page_size=1`, {
    headers: { authorization: `Bearer ${grant.access_token}` },
  });
  const page = (await response.json()) as { items: Array<{ schedule_id: string }> };
  return {
    slack,
    zoom,
    address: {
      slackApiUrl: slack.apiUrl,
      botToken: slack.botToken,
      teamId: slack.teamId,
      responseUrl: slack.responseUrl('bench'),
      zoomApiBaseUrl: zoom.apiBaseUrl,
      zoomOAuthBaseUrl: zoom.oauthBaseUrl,
      zoomClientId: zoom.clientId,
      zoomClientSecret: zoom.clientSecret,
      zoomAccessToken: grant.access_token,
      zoomRefreshToken: grant.refresh_token,
      scheduleId: page.items[0]!.schedule_id,
    },
    close: async () => {
      await zoom.close();
      await slack.close();
    },
  };
}
