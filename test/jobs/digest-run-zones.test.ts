import { RunZones, type SubscriberZones } from '../../src/jobs/digest-run-zones';
import type { DigestSubscriptionRecord } from '../../src/store';

function subscription(teamId: string, slackUserId: string): DigestSubscriptionRecord {
  return { id: `${teamId}-${slackUserId}`, teamId, slackUserId, localTime: '09:00', timeZone: 'UTC', channelId: null, enabled: true };
}

/** A store-like read that records each call and answers every member's zone as `<team>/<user>`. */
function recordingRead(installedTeams: readonly string[]) {
  const calls: { teamId: string; slackUserIds: string[] }[] = [];
  const read: SubscriberZones = async (teamId, slackUserIds) => {
    calls.push({ teamId, slackUserIds: [...slackUserIds].sort() });
    if (!installedTeams.includes(teamId)) return undefined;
    return async (slackUserId) => `${teamId}/${slackUserId}`;
  };
  return { read, calls };
}

describe('RunZones', () => {
  it('reads each workspace once for the subscribers announced together, at the first look at one of them', async () => {
    const { read, calls } = recordingRead(['T1', 'T2']);
    const zones = new RunZones(read);
    zones.want([subscription('T1', 'U1'), subscription('T1', 'U2'), subscription('T2', 'U3')]);
    const answers = await Promise.all([
      zones.zoneOf(subscription('T1', 'U1')),
      zones.zoneOf(subscription('T1', 'U2')),
      zones.zoneOf(subscription('T2', 'U3')),
    ]);
    expect(answers).toEqual(['T1/U1', 'T1/U2', 'T2/U3']);
    expect(calls).toEqual([
      { teamId: 'T1', slackUserIds: ['U1', 'U2'] },
      { teamId: 'T2', slackUserIds: ['U3'] },
    ]);
  });

  it('reads a subscriber announced too late on their own, without reading the workspace again', async () => {
    const { read, calls } = recordingRead(['T1']);
    const zones = new RunZones(read);
    zones.want([subscription('T1', 'U1')]);
    expect(await zones.zoneOf(subscription('T1', 'U1'))).toBe('T1/U1');
    zones.want([subscription('T1', 'U9')]);
    expect(await zones.zoneOf(subscription('T1', 'U9'))).toBe('T1/U9');
    expect(await zones.zoneOf(subscription('T1', 'U1'))).toBe('T1/U1');
    expect(calls).toEqual([
      { teamId: 'T1', slackUserIds: ['U1'] },
      { teamId: 'T1', slackUserIds: ['U9'] },
    ]);
  });

  it('reads each announced batch on its own, and a released batch again if looked at after all', async () => {
    const { read, calls } = recordingRead(['T1']);
    const zones = new RunZones(read);
    const first = zones.want([subscription('T1', 'U1'), subscription('T1', 'U2')]);
    const second = zones.want([subscription('T1', 'U3'), subscription('T1', 'U4')]);
    expect(await zones.zoneOf(subscription('T1', 'U2'))).toBe('T1/U2');
    expect(await zones.zoneOf(subscription('T1', 'U1'))).toBe('T1/U1');
    zones.release(first);
    expect(await Promise.all([zones.zoneOf(subscription('T1', 'U3')), zones.zoneOf(subscription('T1', 'U4'))])).toEqual(['T1/U3', 'T1/U4']);
    zones.release(second);
    expect(await zones.zoneOf(subscription('T1', 'U1'))).toBe('T1/U1');
    expect(calls).toEqual([
      { teamId: 'T1', slackUserIds: ['U1', 'U2'] },
      { teamId: 'T1', slackUserIds: ['U3', 'U4'] },
      { teamId: 'T1', slackUserIds: ['U1'] },
    ]);
  });

  it('answers undefined for a workspace the app is no longer installed in', async () => {
    const { read } = recordingRead([]);
    const zones = new RunZones(read);
    expect(await zones.zoneOf(subscription('T0GONE', 'U1'))).toBeUndefined();
  });
});
