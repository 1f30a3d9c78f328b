import { LICENCE_MISSING_SENTENCE } from '../../../src/slack/failures';
import { ACTION_IDS } from '../../../src/slack/command/ids';
import { assertWithinSlackLimits } from '../../../src/slack/blocks/limits';
import {
  alreadyConnectedMessage,
  connectedConfirmationMessage,
  disconnectedMessage,
  sharedAccountStatusMessage,
} from '../../../src/slack/blocks/messages/zoom-account';
import { HOSTILE_TITLE } from './fixtures';
import { allText, buttonText, buttons } from './helpers';

const AUTHORIZE_URL = 'https://zoom.us/oauth/authorize?response_type=code&state=abc';
const longUrl = `https://zoom.us/oauth/authorize?state=${'s'.repeat(400)}&code_challenge=${'c'.repeat(43)}`;
const hostile = { displayName: HOSTILE_TITLE.repeat(20), email: `${'x'.repeat(3000)}@example.com` };

describe('Zoom account messages', () => {
  it('already connected: names the account (escaped) and offers a reconnect button', () => {
    const message = alreadyConnectedMessage({
      account: { displayName: 'Alex <&> Co', email: 'alex@example.com' },
      authorizeUrl: AUTHORIZE_URL,
    });
    expect(allText(message)).toContain("You're already connected to Zoom as *Alex &lt;&amp;&gt; Co (alex@example.com)*.");
    const [reconnect] = buttons(message, ACTION_IDS.connectZoom);
    expect(reconnect?.url).toBe(AUTHORIZE_URL);
    expect(buttonText(reconnect!)).toBe('Reconnect Zoom');
    expect(message.text).toBe("You're already connected to Zoom as Alex &lt;&amp;&gt; Co (alex@example.com).");
  });

  it('shared account status: says it is shared, shows its page, offers to connect your own', () => {
    const message = sharedAccountStatusMessage({
      account: { displayName: 'Team Zoom' },
      schedulingUrl: 'https://scheduler.zoom.us/team',
      authorizeUrl: AUTHORIZE_URL,
    });
    const text = allText(message);
    expect(text).toContain("You're using your team's shared Zoom account, *Team Zoom*.");
    expect(text).toContain('Its scheduling page: https://scheduler.zoom.us/team');
    const [connect] = buttons(message, ACTION_IDS.connectZoom);
    expect(connect?.url).toBe(AUTHORIZE_URL);
    expect(buttonText(connect!)).toBe('Connect my Zoom');
  });

  it('disconnected and connected confirmations name the account', () => {
    expect(allText(disconnectedMessage({ displayName: 'Alex' }))).toContain(
      'Disconnected your Zoom account *Alex*: its tokens are revoked at Zoom and deleted here.',
    );
    expect(allText(disconnectedMessage({ displayName: 'Alex' }, { linkOnly: true }))).toContain(
      'Unlinked your Zoom user *Alex*: the app no longer acts for it.',
    );
    expect(allText(connectedConfirmationMessage({ displayName: 'Alex', email: 'a@example.com' }))).toContain(
      'Your Zoom account *Alex (a@example.com)* is connected.',
    );
  });

  it.each([
    ['already connected', alreadyConnectedMessage({ account: hostile, authorizeUrl: longUrl })],
    ['shared status', sharedAccountStatusMessage({ account: hostile, schedulingUrl: longUrl, authorizeUrl: longUrl })],
    ['disconnected', disconnectedMessage(hostile)],
    ['unlinked', disconnectedMessage(hostile, { linkOnly: true })],
    ['connected confirmation', connectedConfirmationMessage(hostile)],
    ['connected, Scheduler refused', connectedConfirmationMessage(hostile, { schedulerRefusal: LICENCE_MISSING_SENTENCE })],
  ])('%s stays within Slack limits with hostile names', (_name, message) => {
    expect(assertWithinSlackLimits('message', message)).toEqual([]);
    expect(message.text.length).toBeLessThan(1000);
  });
});
