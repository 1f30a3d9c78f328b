/**
 * The bench's smoke mode, in process: one tiny round of every comparison, so the bench cannot rot. Timings are
 * not judged here (a test is no place for them); what must hold at any speed is: every row is measured, an
 * expired token is refreshed exactly once for a whole batch, and no side calls auth.test beyond its start.
 */
import { renderTable, runBench, SMOKE } from '../../bench/main';
import { startSide } from '../../bench/sides';

jest.setTimeout(120_000);

it('measures every row of the table in one small round', async () => {
  const { rows } = await runBench({ ...SMOKE, startSide });
  expect(rows.map((r) => r.what)).toEqual([
    'help ack p50, 1 connection',
    'help ack p50, 10 connections',
    'help ack p99, 1 connection',
    'help ack p99, 10 connections',
    'help server CPU per request, 1 conn',
    'help server CPU per request, 10 conn',
    `link throughput, ${SMOKE.linkBatch} concurrent`,
    `link command → post p99, ${SMOKE.linkBatch} concurrent`,
    `${SMOKE.expiredBatch} concurrent links, expired token`,
    'RSS at idle',
    'peak RSS after link load',
    'refreshes per expired batch',
    'auth.test calls per side (start only)',
  ]);
  for (const row of rows) expect(Number.isFinite(row.ratio) && row.ratio > 0).toBe(true);
  expect(rows.find((r) => r.what === 'refreshes per expired batch')).toMatchObject({ ratio: 1, met: true });
  expect(rows.find((r) => r.what === 'auth.test calls per side (start only)')).toMatchObject({ ratio: 1, met: true });
  expect(renderTable(rows).split('\n')).toHaveLength(rows.length + 2);
});
