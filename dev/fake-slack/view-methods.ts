import { createHash } from 'node:crypto';
import { TRIGGER_TTL_MS, triggerIssuedAt } from './trigger';
import type { ApiResult, FakeView } from './types';
import type { FakeWorkspace } from './workspace';

type Args = Record<string, unknown>;

function asView(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function hashOf(view: Record<string, unknown>, version: number): string {
  return `${version}.${createHash('sha256').update(JSON.stringify(view)).digest('hex').slice(0, 12)}`;
}

/** What Slack answers: the view as stored, with its ids and an empty state. */
function viewResponse(ws: FakeWorkspace, stored: FakeView): ApiResult {
  return {
    ok: true,
    view: { ...stored.view, id: stored.id, hash: stored.hash, team_id: ws.options.teamId, state: { values: {} } },
  };
}

/** trigger_ids are single-use and live 3 seconds. */
function useTrigger(ws: FakeWorkspace, triggerId: unknown): ApiResult | undefined {
  const issuedAt = typeof triggerId === 'string' ? triggerIssuedAt(triggerId) : undefined;
  if (typeof triggerId !== 'string' || issuedAt === undefined) return { ok: false, error: 'invalid_trigger_id' };
  if (ws.usedTriggers.has(triggerId)) return { ok: false, error: 'exchanged_trigger_id' };
  if (ws.options.now() - issuedAt > TRIGGER_TTL_MS) return { ok: false, error: 'expired_trigger_id' };
  ws.usedTriggers.add(triggerId);
  return undefined;
}

function openOrPush(ws: FakeWorkspace, args: Args, method: 'views.open' | 'views.push'): ApiResult {
  const view = asView(args.view);
  if (!view) return { ok: false, error: 'invalid_arguments' };
  const invalid = ws.checkLimits(method, 'modal', view) ?? useTrigger(ws, args.trigger_id);
  if (invalid) return invalid;
  const stored: FakeView = { id: ws.newId('V'), hash: hashOf(view, 1), type: 'modal', view, history: [{ method, view }] };
  ws.views.push(stored);
  return viewResponse(ws, stored);
}

export function open(ws: FakeWorkspace, args: Args): ApiResult {
  return openOrPush(ws, args, 'views.open');
}

export function push(ws: FakeWorkspace, args: Args): ApiResult {
  return openOrPush(ws, args, 'views.push');
}

export function update(ws: FakeWorkspace, args: Args): ApiResult {
  const view = asView(args.view);
  if (!view) return { ok: false, error: 'invalid_arguments' };
  const stored = ws.views.find(
    (v) =>
      (args.view_id !== undefined && v.id === args.view_id) || (args.external_id !== undefined && v.view.external_id === args.external_id),
  );
  if (!stored) return { ok: false, error: 'not_found' };
  if (typeof args.hash === 'string' && args.hash !== stored.hash) return { ok: false, error: 'hash_conflict' };
  const invalid = ws.checkLimits('views.update', stored.type, view);
  if (invalid) return invalid;
  stored.view = view;
  stored.history.push({ method: 'views.update', view });
  stored.hash = hashOf(view, stored.history.length);
  return viewResponse(ws, stored);
}

export function publish(ws: FakeWorkspace, args: Args): ApiResult {
  const view = asView(args.view);
  if (!view) return { ok: false, error: 'invalid_arguments' };
  if (typeof args.user_id !== 'string' || !ws.users.has(args.user_id)) return { ok: false, error: 'user_not_found' };
  const invalid = ws.checkLimits('views.publish', 'home', view);
  if (invalid) return invalid;
  let stored = ws.views.find((v) => v.type === 'home' && v.userId === args.user_id);
  if (stored && typeof args.hash === 'string' && args.hash !== stored.hash) return { ok: false, error: 'hash_conflict' };
  if (!stored) {
    stored = { id: ws.newId('V'), hash: '', type: 'home', userId: args.user_id, view, history: [] };
    ws.views.push(stored);
  }
  stored.view = view;
  stored.history.push({ method: 'views.publish', view });
  stored.hash = hashOf(view, stored.history.length);
  return viewResponse(ws, stored);
}
