/**
 * Availability manager (the ballerinax/zoom.scheduler example, in TypeScript): show the user, analytics for a
 * date range, list availabilities, create "Extended Office Hours" (Mon–Thu 08–18, Fri 08–16, America/New_York)
 * unless three already exist, list schedules.
 *
 *   npm run example:availability-manager         # against the built-in mock
 */
import { errorMessage, runExample } from '../shared/connect';

const EXTENDED_OFFICE_HOURS = 'Extended Office Hours';
const MAX_COPIES = 3;
const LONG_DAY = [{ start: '08:00', end: '18:00' }];

void runExample(async ({ api, userId }) => {
  const user = await api.getUser(userId);
  console.log(`Availability Manager for ${user.display_name ?? 'User'} (${user.time_zone ?? 'UTC'})\n`);

  const year = new Date().getUTCFullYear();
  try {
    const analytics = await api.getAnalytics({ from: `${year}-01-01T00:00:00Z`, to: `${year}-12-31T23:59:59Z` });
    const stats = analytics.last_n_days;
    console.log(`Analytics ${year}:`);
    console.log(`  created:   ${stats?.scheduled_events_created ?? 0}`);
    console.log(`  completed: ${stats?.scheduled_events_completed ?? 0}`);
    console.log(`  canceled:  ${stats?.scheduled_events_canceled ?? 0}\n`);
  } catch (error) {
    console.log(`Could not read analytics: ${errorMessage(error)}\n`);
  }

  const availabilities = [];
  for await (const availability of api.iterateAvailability({ page_size: 10 })) availabilities.push(availability);
  console.log(`Availability schedules (${availabilities.length}):`);
  for (const availability of availabilities) {
    console.log(`- ${availability.name ?? '(unnamed)'} (${availability.time_zone ?? '?'}), ID: ${availability.availability_id}`);
    console.log(`  Owner: ${availability.owner ?? 'Unknown'}`);
  }

  // Re-running the example must not pile up copies.
  const copies = availabilities.filter((a) => a.name === EXTENDED_OFFICE_HOURS).length;
  if (copies >= MAX_COPIES) {
    console.log(`\nSkipping creation - already have ${copies} "${EXTENDED_OFFICE_HOURS}" schedules.`);
  } else {
    const created = await api.createAvailability({
      name: EXTENDED_OFFICE_HOURS,
      time_zone: 'America/New_York',
      segments_recurrence: { mon: LONG_DAY, tue: LONG_DAY, wed: LONG_DAY, thu: LONG_DAY, fri: [{ start: '08:00', end: '16:00' }] },
    });
    console.log(`\nCreated: ${created.name ?? EXTENDED_OFFICE_HOURS} (${created.availability_id})`);
  }

  try {
    const { items } = await api.listSchedules({ page_size: 5, show_deleted: false });
    console.log(items.length === 0 ? '\nNo schedules found' : `\nSchedules (${items.length}):`);
    for (const schedule of items) {
      console.log(`- ${schedule.summary ?? '(untitled)'} (${schedule.duration ?? '?'} min, ${schedule.capacity ?? 1} attendees)`);
    }
  } catch (error) {
    console.log(`\nCould not list schedules: ${errorMessage(error)}`);
  }
});
