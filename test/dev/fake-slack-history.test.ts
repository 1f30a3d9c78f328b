import type { WebAPIPlatformError } from '@slack/web-api';
import { findMarkedMessage, postMessage } from '../../src/slack/web/post';
import { noticeMessage } from '../../src/slack/blocks/messages/notice';
import { useChannelsWorkspace } from '../support/fake-slack-channels';

const workspace = useChannelsWorkspace();
const { client } = workspace;
const marker = (claimId: string) => ({ eventType: 'zoom_scheduler_digest', payload: { claim_id: claimId } });

describe('conversations.history and message metadata, as Slack answers them', () => {
  it('returns metadata only with include_all_metadata, newest first, from `oldest` on', async () => {
    await postMessage(client(), 'C0JOINED', noticeMessage('before'), { marker: marker('old') });
    workspace.now += 5_000;
    // The fake's ts is the whole second plus a counter.
    const since = Math.floor(workspace.now / 1000) * 1000;
    const first = await postMessage(client(), 'C0JOINED', noticeMessage('one'), { marker: marker('a') });
    workspace.now += 1_000;
    const second = await postMessage(client(), 'C0JOINED', noticeMessage('two'));

    const plain = await client().conversations.history({ channel: 'C0JOINED', oldest: String(since / 1000), inclusive: true });
    expect(plain.messages?.map((m) => m.ts)).toEqual([second.ts, first.ts]);
    expect(plain.messages?.some((m) => 'metadata' in m)).toBe(false);

    const withMetadata = await client().conversations.history({
      channel: 'C0JOINED',
      oldest: String(since / 1000),
      inclusive: true,
      include_all_metadata: true,
    });
    expect(withMetadata.messages?.[1]).toMatchObject({
      ts: first.ts,
      metadata: { event_type: 'zoom_scheduler_digest', event_payload: { claim_id: 'a' } },
    });
  });

  it('findMarkedMessage finds a marked post in a channel and in a DM (given the user id), and nothing else', async () => {
    const since = workspace.now;
    const inChannel = await postMessage(client(), 'C0JOINED', noticeMessage('digest'), { marker: marker('claim-1') });
    const inDm = await postMessage(client(), 'U0ALEX', noticeMessage('digest'), { marker: marker('claim-2') });

    expect(await findMarkedMessage(client(), 'C0JOINED', marker('claim-1'), 'claim_id', since)).toEqual(inChannel);
    expect(await findMarkedMessage(client(), 'U0ALEX', marker('claim-2'), 'claim_id', since)).toEqual({
      channel: inDm.channel,
      ts: inDm.ts,
    });
    expect(await findMarkedMessage(client(), 'U0ALEX', marker('claim-1'), 'claim_id', since)).toBeNull();
    expect(await findMarkedMessage(client(), 'C0JOINED', marker('claim-1'), 'claim_id', workspace.now + 10 * 60_000)).toBeNull();
  });

  it('pages through more than one page of history', async () => {
    const since = workspace.now;
    await postMessage(client(), 'C0JOINED', noticeMessage('marked'), { marker: marker('deep') });
    for (let i = 0; i < 20; i += 1) await postMessage(client(), 'C0JOINED', noticeMessage(`later ${i}`));
    expect(await findMarkedMessage(client(), 'C0JOINED', marker('deep'), 'claim_id', since)).not.toBeNull();
  });

  it('refuses history of a public channel the bot posted to without joining (chat:write.public): not_in_channel', async () => {
    await postMessage(client(), 'C0PUBLIC', noticeMessage('posted without joining'));
    const error = await client()
      .conversations.history({ channel: 'C0PUBLIC' })
      .then(
        () => 'ok',
        (e: WebAPIPlatformError) => e.data.error,
      );
    expect(error).toBe('not_in_channel');
  });
});
