/**
 * Meeting scheduler (the ballerinax/zoom.scheduler example, in TypeScript): show the Scheduler user, create a
 * bookable schedule with weekday 09–17 and weekend 09–12 hours, list schedules with their duration, list events.
 *
 *   npm run example:meeting-scheduler            # against the built-in mock
 *   ZOOM_CLIENT_ID=… ZOOM_CLIENT_SECRET=… ZOOM_ACCOUNT_ID=… ZOOM_USER_ID=… npm run example:meeting-scheduler
 */
import type { ZoomScheduleInput, ZoomWeeklyHours } from '../../src/zoom';
import { errorMessage, runExample } from '../shared/connect';

const WEEKDAY_HOURS = [{ start: '09:00', end: '17:00' }];
const WEEKEND_HOURS = [{ start: '09:00', end: '12:00' }];

const WEEKLY_HOURS: ZoomWeeklyHours = {
  sun: WEEKEND_HOURS,
  mon: WEEKDAY_HOURS,
  tue: WEEKDAY_HOURS,
  wed: WEEKDAY_HOURS,
  thu: WEEKDAY_HOURS,
  fri: WEEKDAY_HOURS,
  sat: WEEKEND_HOURS,
};

function isoDate(offsetDays: number): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

void runExample(async ({ api, userId }) => {
  const user = await api.getUser(userId);
  const timeZone = user.time_zone ?? 'UTC';
  console.log(`Meeting Scheduler for ${user.display_name ?? 'User'}`);
  console.log(`Time zone: ${timeZone}\n`);

  // The host's own availability template, when there is one, names the host (its owner email) in the rule.
  const [template] = (await api.listAvailability({ page_size: 1 })).items;
  const schedule: ZoomScheduleInput = {
    summary: 'daily meeting',
    description: '15 Minute Meeting',
    duration: 30,
    capacity: 1,
    add_on_type: 'zoomMeeting',
    availability_override: false,
    availability_rules: [
      {
        use_custom: true,
        time_zone: timeZone,
        segments_recurrence: WEEKLY_HOURS,
        ...(template?.owner ? { email: template.owner } : {}),
      },
    ],
    booking_limit: 0,
    buffer: { before: 0, after: 0 },
    cushion: 0,
    color: '#fff200',
    custom_fields: [
      {
        name: 'Where will you join from?',
        format: 'text',
        position: 0,
        enabled: true,
        required: false,
        include_other: false,
        answer_choices: ['At home'],
      },
    ],
    interval_type: 'fixed',
    start_date: isoDate(0),
    end_date: isoDate(8),
    segments_recurrence: WEEKLY_HOURS,
    time_zone: timeZone,
    location: 'AAA office',
    secret: false,
    // A fresh slug per run: Zoom refuses a slug the user already uses.
    slug: `conference-${Date.now().toString(36)}`,
    start_time_increment: 30,
    schedule_type: 'one',
    active: true,
  };
  const created = await api.createSchedule(schedule);
  console.log(`Created: ${created.summary ?? '(untitled)'} (${created.schedule_id})`);
  console.log(`Booking page: ${created.scheduling_url ?? 'n/a'}\n`);

  try {
    const { items } = await api.listSchedules({ page_size: 10, show_deleted: false });
    if (items.length === 0) {
      console.log('No meeting schedules found.');
    } else {
      console.log(`Meeting schedules (${items.length}):`);
      for (const item of items) console.log(`- ${item.summary ?? '(untitled)'} (${item.duration ?? '?'} min)`);
    }
  } catch (error) {
    console.log(`Could not list schedules: ${errorMessage(error)}`);
  }

  try {
    const { items, nextPageToken } = await api.listEvents({ page_size: 2 });
    console.log(`\nEvents on this page: ${items.length}${nextPageToken ? ' (more available)' : ''}`);
    if (items.length === 0) console.log('No scheduled events found yet.');
    for (const event of items) console.log(`- Event ${event.event_id} (${event.status ?? 'unknown'})`);
  } catch (error) {
    console.log(`Could not list events: ${errorMessage(error)}`);
  }
});
