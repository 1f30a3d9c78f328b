import { startLocalStack, type LocalStack } from '../../../../dev/local-stack';
import { zoomAs } from '../e2e-helpers';

// 11:00 in New York on Wed 10 Jun 2026; @alice's Slack zone is New York, so her last 7 days are Wed 3 … Tue 9 Jun.
const NOW = Date.parse('2026-06-10T15:00:00Z');

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({ now: () => NOW });
  await stack.connectZoom('U0ALICE');
});
afterAll(() => stack.stop());
afterEach(() => {
  expect(stack.slack.violations).toEqual([]);
  expect(stack.zoom.violations).toEqual([]);
});

describe('/zoom-schedule analytics: the period at a glance', () => {
  it('shows the daily sparkline of bookings made, the busiest day and the no-show rate Zoom records', async () => {
    const ended = (await zoomAs(stack).listEvents({ from: '2026-06-08T00:00:00-04:00', to: '2026-06-09T00:00:00-04:00' })).items[0]!;
    await zoomAs(stack).markNoShow(ended.event_id, 'jordan.lee@example.com', true);

    const { reply } = await stack.command('U0ALICE', 'analytics 7');
    const text = JSON.stringify(reply.body.blocks);
    // Seeded bookings were made 5, 3 and 1 day(s) before now: Fri 5, Sun 7 and Tue 9 Jun.
    expect(text).toContain('*Booked per day* `▁▁█▁█▁█` Wed 3 Jun – Tue 9 Jun');
    expect(text).toContain('Busiest day: Fri 5 Jun (1)');
    expect(text).toContain('*No-shows*: 1 of 1 attendee (100%)');
    // The busiest schedule is still named, as before.
    expect(text).toContain('Most booked schedules');
  });
});
