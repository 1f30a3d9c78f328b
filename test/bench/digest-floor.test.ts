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
