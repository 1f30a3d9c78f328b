import type { FakeChannel, FakeUser } from '../../dev/fake-slack';
import type { Directory } from '../../dev/transcript';

/** Names for ids, and a reader's label for each place a message can appear. */
export interface Places {
  directory: Directory;
  placeOf(channelId: string): string;
  isDirect(channelId: string): boolean;
}

export function places(users: readonly FakeUser[], channels: readonly FakeChannel[], dmChannelId: (userId: string) => string): Places {
  const userNames = Object.fromEntries(users.map((u) => [u.id, u.name]));
  const channelNames = Object.fromEntries(channels.map((c) => [c.id, c.name]));
  const dms = new Map(users.map((u) => [dmChannelId(u.id), u.name]));
  return {
    directory: { users: userNames, channels: channelNames },
    placeOf: (channelId) => {
      const dmWith = dms.get(channelId);
      if (dmWith) return `DM from the app to @${dmWith}`;
      const name = channelNames[channelId];
      return name ? `#${name}` : channelId;
    },
    isDirect: (channelId) => dms.has(channelId),
  };
}
