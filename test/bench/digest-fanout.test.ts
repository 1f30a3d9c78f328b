/**
 * The digest fan-out bench in smoke size. Not a timing test: what must hold at any speed is that every
 * subscriber gets exactly one digest and that the run is measured against its rate-limit minimum.
 */
import { digestFanOut } from '../../bench/digest-fanout';

jest.setTimeout(120_000);

it('delivers every due digest exactly once and measures the run against the enforced limits', async () => {
  const result = await digestFanOut(40);
  expect(result).toMatchObject({ subscribers: 40, delivered: 40, duplicates: 0 });
  expect(result.zoomCalls).toBeGreaterThanOrEqual(40);
  expect(result.minimumMs).toBeGreaterThan(0);
  expect(result.timeToLastMs).toBeGreaterThan(0);
  expect(Number.isFinite(result.cpuMsPerDigest)).toBe(true);
});
