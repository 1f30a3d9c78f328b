import { assertWithinSlackLimits } from '../../../src/slack/blocks/limits';
import {
  notInChannelMessage,
  notInChannelSentence,
  scheduleCreatedMessage,
  scheduleNotCreatedMessage,
} from '../../../src/slack/blocks/messages/schedule-results';
import type { NewScheduleInput } from '../../../src/slack/blocks';
import { emptyWeek } from '../../../src/slack/blocks/forms/intervals';
import { HOSTILE_TITLE, schedule } from './fixtures';
import { allText, buttons } from './helpers';

const hostileInput: NewScheduleInput = {
  title: HOSTILE_TITLE,
  durationMinutes: 1440,
  availability: {
    kind: 'custom',
    weekly: {
      ...emptyWeek(),
      mon: Array.from({ length: 12 }, (_, i) => ({
        start: `${String(i * 2).padStart(2, '0')}:00`,
        end: `${String(i * 2).padStart(2, '0')}:30`,
      })),
    },
  },
  meetingType: 'offline',
  location: HOSTILE_TITLE.repeat(4),
  description: HOSTILE_TITLE.repeat(10),
};

describe('schedule result views', () => {
  it.each([
    ['not in channel', notInChannelMessage({ channelId: 'G1', botUserId: 'UBOT' })],
    ['not in channel, bot unknown', notInChannelMessage({ channelId: 'G1' })],
    ['created', scheduleCreatedMessage({ schedule: schedule(1, HOSTILE_TITLE), note: HOSTILE_TITLE })],
    [
      'not created (hostile)',
      scheduleNotCreatedMessage({ sentence: HOSTILE_TITLE, entered: hostileInput, availabilityLabel: HOSTILE_TITLE }),
    ],
  ])('%s stays within Slack limits and escapes user markup', (_name, message) => {
    expect(assertWithinSlackLimits('message', message)).toEqual([]);
    expect(message.text.trim()).not.toBe('');
    expect(JSON.stringify(message)).not.toContain('<!channel>');
    expect(JSON.stringify(message)).not.toContain('<b>');
  });

  it('names the channel and mentions the bot in the invite answer', () => {
    const message = notInChannelMessage({ channelId: 'G1', botUserId: 'UBOT' });
    expect(allText(message)).toBe(":lock: I'm not in <#G1>, so I can't post there. Invite me with /invite <@UBOT> and try again.");
    expect(allText(notInChannelMessage({ channelId: 'G1' }))).toContain('/invite @zoom-scheduler');
  });

  it('writes the plain-text sentence for modal fields, with or without the channel name', () => {
    expect(notInChannelSentence('secret')).toBe("I'm not in #secret — invite me with /invite @zoom-scheduler, or pick another channel.");
    expect(notInChannelSentence()).toContain('that private channel');
  });

  it('offers the new schedule with Post link and Copy URL and the reason it was not posted', () => {
    const message = scheduleCreatedMessage({ schedule: schedule(7, 'Intro call'), note: "I'm not in #x" });
    expect(buttons(message).map((b) => [b.action_id, b.value])).toEqual([
      ['post_link', schedule(7).id],
      ['copy_url', schedule(7).id],
    ]);
    expect(allText(message)).toContain(schedule(7).url);
    expect(allText(message)).toContain("I'm not in #x");
  });

  it('repeats everything the user entered when creation failed', () => {
    const entered: NewScheduleInput = {
      title: 'Intro call',
      durationMinutes: 45,
      availability: { kind: 'custom', weekly: { ...emptyWeek(), tue: [{ start: '09:00', end: '12:00' }] } },
      meetingType: 'offline',
      location: 'Room 4',
      description: 'Bring coffee',
    };
    const text = allText(scheduleNotCreatedMessage({ sentence: "Zoom isn't answering right now.", entered }));
    for (const part of [
      "Zoom isn't answering right now.",
      'Title: Intro call',
      'Duration: 45 min',
      'Tue 09:00-12:00',
      'Meeting type: In person',
      'Location: Room 4',
      'Description: Bring coffee',
    ]) {
      expect(text).toContain(part);
    }
  });
});
