/**
 * The daily digest fan-out: `subscribers` people in one time zone whose digest is due now, all connected to one
 * Zoom account (so Zoom's per-account light-call rate, 30/s on Pro, is the binding limit), against a fake Slack
 * enforcing one post per second per conversation and a Zoom mock enforcing 30 requests per second. One scheduler
 * run sends them; measured: time to the last digest against the minimum those limits allow, CPU per digest (app
 * and stand-ins share the process, so it is an upper bound), peak RSS, and that each person got exactly one.
 *
 * What this does not do yet (issue 14, item 4): fetch Zoom data ahead of the send time, and the 10 000 / 50 000
 * runs; `subscribers` is the knob.
 */
import { startLocalStack } from '../dev/local-stack';
import { startZoomMock } from '../src/zoom/mock';

export interface FanOutResult {
  subscribers: number;
  delivered: number;
  /** People who got more than one digest: must be 0. */
  duplicates: number;
  timeToLastMs: number;
  /** The least time the enforced limits allow for the Zoom calls the run made. */
  minimumMs: number;
  zoomCalls: number;
  cpuMsPerDigest: number;
  peakRssMb: number;
}

const ZOOM_PER_SECOND = 30;

export async function digestFanOut(subscribers: number): Promise<FanOutResult> {
  const zoom = await startZoomMock({ host: '127.0.0.1', profile: 'spec', rateLimit: { perSecond: ZOOM_PER_SECOND } });
  const stack = await startLocalStack({ zoomMock: zoom, digestScheduler: { autoStart: false, zoomCallsPerSecond: ZOOM_PER_SECOND } });
  try {
    stack.slack.enforcePostRate({ burst: 1 });
    const grant = zoom.issueTokensFor(zoom.defaultUser.id);
    const now = new Date();
    const localTime = `${String(now.getUTCHours()).padStart(2, '0')}:${String(now.getUTCMinutes()).padStart(2, '0')}`;
    const { store } = stack.app;
    for (let i = 0; i < subscribers; i += 1) {
      const slackUserId = `U0SUB${String(i).padStart(6, '0')}`;
      stack.slack.addUser({ id: slackUserId, name: `subscriber${i}`, tz: 'UTC' });
      await store.saveZoomConnection({
        kind: 'user',
        teamId: stack.teamId,
        slackUserId,
        zoomUserId: zoom.defaultUser.id,
        zoomAccountId: 'bench-account',
        accessToken: grant.access_token,
        refreshToken: grant.refresh_token,
        expiresAt: new Date(Date.now() + 3_600_000),
        scopes: grant.scope.split(' '),
      });
      await store.upsertDigestSubscription({ teamId: stack.teamId, slackUserId, localTime, timeZone: 'UTC', channelId: null });
    }
    const zoomBefore = zoom.stats.requests.length;
    const postsBefore = stack.slack.calls.length;
    const cpuBefore = process.cpuUsage();
    const startedAt = Date.now();
    await stack.app.digestScheduler.runOnce(startedAt);
    const cpu = process.cpuUsage(cpuBefore);
    const posts = stack.slack.calls.slice(postsBefore).filter((call) => call.method === 'chat.postMessage' && call.status === undefined);
    const perPerson = new Map<string, number>();
    for (const post of posts) perPerson.set(String(post.args.channel), (perPerson.get(String(post.args.channel)) ?? 0) + 1);
    const zoomCalls = zoom.stats.requests.slice(zoomBefore).filter((r) => r.status !== 429).length;
    const lastAt = Math.max(startedAt, ...posts.map((post) => post.receivedAt));
    return {
      subscribers,
      delivered: perPerson.size,
      duplicates: [...perPerson.values()].filter((n) => n > 1).length,
      timeToLastMs: lastAt - startedAt,
      minimumMs: (zoomCalls / ZOOM_PER_SECOND) * 1000,
      zoomCalls,
      cpuMsPerDigest: (cpu.user + cpu.system) / 1000 / Math.max(1, posts.length),
      peakRssMb: process.resourceUsage().maxRSS / 1e3,
    };
  } finally {
    await stack.stop();
    await zoom.close();
  }
}

if (require.main === module) {
  digestFanOut(Number(process.argv[2] ?? 200)).then(
    (result) => {
      console.log(JSON.stringify(result));
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
