import { DateTime } from 'luxon';
import type { ApiResult } from './types';
import type { FakeWorkspace } from './workspace';

type Args = Record<string, unknown>;

export function authTest(ws: FakeWorkspace): ApiResult {
  const { teamId, teamName, botUserId, botId } = ws.options;
  return {
    ok: true,
    url: `https://${teamName.toLowerCase()}.slack.com/`,
    team: teamName,
    team_id: teamId,
    user: 'zoom-scheduler',
    user_id: botUserId,
    bot_id: botId,
    is_enterprise_install: false,
  };
}

export function authRevoke(ws: FakeWorkspace, token: string): ApiResult {
  ws.validTokens.delete(token);
  return { ok: true, revoked: true };
}

export function usersInfo(ws: FakeWorkspace, args: Args): ApiResult {
  const user = typeof args.user === 'string' ? ws.users.get(args.user) : undefined;
  if (!user) return { ok: false, error: 'user_not_found' };
  const zone = DateTime.now().setZone(user.tz);
  return {
    ok: true,
    user: {
      id: user.id,
      team_id: ws.options.teamId,
      name: user.name,
      real_name: user.name,
      tz: user.tz,
      tz_label: zone.offsetNameLong ?? user.tz,
      tz_offset: zone.offset * 60,
      is_bot: false,
      profile: { display_name: user.name, real_name: user.name, ...(user.email ? { email: user.email } : {}) },
    },
  };
}

export function conversationsOpen(ws: FakeWorkspace, args: Args): ApiResult {
  const users = typeof args.users === 'string' ? args.users.split(',') : [];
  const [userId] = users;
  if (users.length !== 1 || userId === undefined) return { ok: false, error: 'invalid_arguments' };
  if (!ws.users.has(userId)) return { ok: false, error: 'user_not_found' };
  return { ok: true, channel: { id: ws.dmChannelId(userId) } };
}

/** Like Slack, a private channel the bot is not in is invisible: channel_not_found. */
export function conversationsInfo(ws: FakeWorkspace, args: Args): ApiResult {
  const channelId = typeof args.channel === 'string' ? args.channel : '';
  const dmUser = channelId.startsWith('D') ? ws.users.get(channelId.slice(1)) : undefined;
  if (dmUser) return { ok: true, channel: { id: channelId, is_im: true, user: dmUser.id, is_member: true } };
  const channel = ws.channels.get(channelId);
  if (!channel || (channel.isPrivate && !channel.botIsMember)) return { ok: false, error: 'channel_not_found' };
  return {
    ok: true,
    channel: {
      id: channel.id,
      name: channel.name,
      is_channel: !channel.isPrivate,
      is_group: channel.isPrivate,
      is_private: channel.isPrivate,
      is_im: false,
      is_member: channel.botIsMember,
      is_archived: false,
    },
  };
}

/** The multi-workspace install: any code but `invalid` is exchanged for a fresh bot token. */
export function oauthV2Access(ws: FakeWorkspace, args: Args): ApiResult {
  if (typeof args.code !== 'string' || args.code === '' || args.code === 'invalid') {
    return { ok: false, error: 'invalid_code' };
  }
  const accessToken = `xoxb-fake-${ws.newId('').toLowerCase()}`;
  ws.validTokens.add(accessToken);
  const { teamId, teamName, botUserId } = ws.options;
  const installer = [...ws.users.keys()][0] ?? 'U0INSTALLER';
  return {
    ok: true,
    app_id: 'A0FAKEAPP',
    authed_user: { id: installer },
    scope: 'commands,chat:write,chat:write.public,im:write,users:read',
    token_type: 'bot',
    access_token: accessToken,
    bot_user_id: botUserId,
    team: { id: teamId, name: teamName },
    enterprise: null,
    is_enterprise_install: false,
  };
}
