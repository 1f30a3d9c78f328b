export { startFakeSlack, type FakeSlack, type FakeSlackOptions } from './server';
export { makeTriggerId, TRIGGER_TTL_MS } from './trigger';
export type * from './types';
