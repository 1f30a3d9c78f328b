/**
 * The digest fan-out bench in smoke size, the app in a process of its own. Not a timing test: what must hold at
 * any speed is that every subscriber gets exactly one digest, none before their local 09:00, with the Zoom data
 * fetched ahead, and that the run is measured against its rate-limit minimum.
 */
import { digestFanOut } from '../../bench/digest-fanout';

jest.setTimeout(240_000);

it('one zone: delivers every due digest once, none early, and measures the run against the enforced limits', async () => {
  const result = await digestFanOut({ subscribers: 30, spread: 'one-zone', scale: 10 });
  expect(result).toMatchObject({ subscribers: 30, delivered: 30, duplicates: 0, earlyPosts: 0, dueInstants: 1 });
  expect(result.zoomCallsPerDigest).toBeGreaterThanOrEqual(3);
  expect(result.minimumMs).toBeGreaterThan(0);
  expect(result.timeToLastMs).toBeGreaterThanOrEqual(0);
  expect(Number.isFinite(result.cpuMsPerDigest)).toBe(true);
  expect(result.peakRssMb).toBeGreaterThan(0);
});

it('world: goes through the day zone by zone, each 09:00 delivered once and none early in app time', async () => {
  // Whole, half and quarter hours, so that due instants fall between the hours the idle clock skips.
  const worldZones = ['America/New_York', 'UTC', 'Asia/Kolkata', 'Australia/Eucla'];
  const result = await digestFanOut({ subscribers: 200, spread: 'world', scale: 10, worldZones });
  expect(result).toMatchObject({ subscribers: 200, delivered: 200, duplicates: 0, earlyPosts: 0, dueInstants: 4 });
  expect(result.zoomCallsPerDigest).toBeGreaterThanOrEqual(3);
  // The hours between the zones' 09:00s were skipped, not waited for.
  expect(result.skippedMs).toBeGreaterThan(60 * 60_000);
  expect(result.timeToLastMs).toBeGreaterThanOrEqual(0);
  expect(Number.isFinite(result.ratio)).toBe(true);
});
