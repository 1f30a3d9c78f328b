export { DEFAULT_WORKSPACE_POSTS_PER_MINUTE, startFakeSlack, type FakeSlack, type FakeSlackOptions, type PostRateOptions } from './server';
export { makeTriggerId, TRIGGER_TTL_MS } from './trigger';
export type * from './types';
