import type { Bookings } from '../booking';
import type { HttpResult } from '../http';
import type { MockState, UserRecord } from '../state';
import type { OperationInfo } from '../validate';
import type { MockProfile } from '../types';

/** Everything an operation handler may use; built by the server after authentication and validation. */
export interface ApiContext {
  /** `spec`: as Zoom's published spec says; `live`: as live Zoom was observed to behave (zoom-live.md §B). */
  profile: MockProfile;
  state: MockState;
  bookings: Bookings;
  now(): number;
  operation: OperationInfo;
  params: Record<string, string>;
  /** Query with the spec's types (integers, booleans) already coerced. */
  query: Record<string, unknown>;
  body: unknown;
  /** The user the token acts as; undefined for Server-to-Server tokens. */
  viewerId: string | undefined;
  /** Resolves `user_id` (Zoom id, Scheduler id, email or `me`; default `me`) with Zoom's admin-scope rule. */
  targetUser(ref?: string): UserRecord;
  /** Whether the token carries an `:admin` scope of this operation (Server-to-Server tokens do). */
  isAdmin: boolean;
  /**
   * Whether a single-resource lookup may reach data owned by `ownerId`: its own, or anyone's with an admin
   * token — except under the `live` profile, where lookups by id resolve within the token's owner only.
   */
  mayReach(ownerId: string): boolean;
}

export type ApiHandler = (ctx: ApiContext) => HttpResult | Promise<HttpResult>;

export function queryString(ctx: ApiContext, name: string): string | undefined {
  const value = ctx.query[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The request body as an object (the validator already refused anything else with 400). */
export function bodyObject(ctx: ApiContext): Record<string, unknown> {
  return typeof ctx.body === 'object' && ctx.body !== null && !Array.isArray(ctx.body) ? (ctx.body as Record<string, unknown>) : {};
}
