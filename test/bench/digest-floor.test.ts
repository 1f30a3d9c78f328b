/**
 * The digest CPU floor in smoke size: not a timing test. What must hold is that the loop did the work it claims
 * to be the floor of (every Zoom GET answered, every post accepted by the fake Slack, every claim marked sent in
 * the file) and that its CPU was measured; a part left out must leave no trace.
 */
import { digestFloor } from '../../bench/digest-floor';

jest.setTimeout(120_000);

it('does one digest’s Zoom GETs, post and exactly-once store statements per digest, and measures its CPU', async () => {
  const result = await digestFloor({ digests: 5, concurrency: 2 });
  expect(result).toMatchObject({ digests: 5, zoomRequests: 15, slackPosts: 5, claimsSent: 5 });
  expect(result.cpuMsPerDigest).toBeGreaterThan(0);
  // A digest's size, not a stub: the app's digestMessage of a busy day.
  expect(result.messageBytes).toBeGreaterThan(1000);
});

it('runs one part alone, so the floor can be split', async () => {
  const result = await digestFloor({ digests: 5, concurrency: 2, parts: ['slack'] });
  expect(result).toMatchObject({ parts: ['slack'], zoomRequests: 0, slackPosts: 5, claimsSent: 0 });
  expect(result.cpuMsPerDigest).toBeGreaterThan(0);
});

it('paced, starts its digests in groups at the given rate, so it takes the time that rate takes', async () => {
  const result = await digestFloor({ digests: 6, concurrency: 2, pace: { perSecond: 20, groupMs: 100 } });
  expect(result).toMatchObject({ digests: 6, zoomRequests: 18, slackPosts: 6, claimsSent: 6, pace: { perSecond: 20, groupMs: 100 } });
  // Three groups of two, 100 ms apart: the last starts 200 ms in.
  expect(result.wallMs).toBeGreaterThanOrEqual(200);
});
