import { toBookingSummary } from '../../src/core/bookings';
import type { ZoomEventSummary } from '../../src/zoom';

const event = (fields: Partial<ZoomEventSummary>): ZoomEventSummary => ({
  event_id: 'ev1',
  summary: 'Intro call',
  start_date_time: '2026-03-10T16:00:00+08:00',
  end_date_time: '2026-03-10T16:30:00+08:00',
  status: 'confirmed',
  ...fields,
});

describe('toBookingSummary', () => {
  it('maps times with their offsets, the booker as invitee and the join URL', () => {
    expect(
      toBookingSummary(
        event({
          attendees: [
            { email: 'guest@example.com', first_name: 'Guest', last_name: 'One', booker: false },
            { email: 'jo@example.com', first_name: 'Jo', last_name: 'Lee', booker: true },
          ],
          external_location: { kind: 'zoom', meeting_join_url: 'https://zoom.us/j/1' },
        }),
      ),
    ).toEqual({
      eventId: 'ev1',
      title: 'Intro call',
      start: new Date('2026-03-10T08:00:00Z'),
      end: new Date('2026-03-10T08:30:00Z'),
      invitee: { name: 'Jo Lee', email: 'jo@example.com' },
      where: 'https://zoom.us/j/1',
    });
  });

  it('leaves out cancelled events and events whose times carry no offset', () => {
    expect(toBookingSummary(event({ status: 'cancelled' }))).toBeNull();
    expect(toBookingSummary(event({ start_date_time: '2026-03-10T16:00:00' }))).toBeNull();
  });

  it('names an untitled event and uses the location text when there is no Zoom meeting', () => {
    expect(toBookingSummary(event({ summary: '  ', location: 'Room 4B' }))).toMatchObject({ title: 'Untitled event', where: 'Room 4B' });
  });
});
