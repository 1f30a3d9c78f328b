import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sharedValidator } from '../../../src/zoom/mock/validate';
import { startZoomMock, type ZoomMock, type ZoomMockOptions } from '../../../src/zoom/mock';

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: any;
}

/** One mock per test file section; closed by the caller. */
export async function startMock(opts: ZoomMockOptions = {}): Promise<ZoomMock> {
  return startZoomMock(opts);
}

export function basicAuth(mock: ZoomMock): string {
  return 'Basic ' + Buffer.from(`${mock.clientId}:${mock.clientSecret}`).toString('base64');
}

/** Calls the mock's REST API with a bearer token; `path` is below `/v2`. */
export async function api(mock: ZoomMock, token: string, method: string, path: string, body?: unknown): Promise<ApiResponse> {
  const response = await fetch(mock.apiBaseUrl + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? undefined : JSON.parse(text) };
}

export async function tokenRequest(mock: ZoomMock, form: Record<string, string>, auth = basicAuth(mock)): Promise<ApiResponse> {
  const response = await fetch(`${mock.oauthBaseUrl}/oauth/token`, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

/** A minimal valid insert_schedule body (the connector's scenario 4). */
export function minimalSchedule(summary = 'Test Schedule'): Record<string, unknown> {
  return {
    summary,
    duration: 30,
    capacity: 1,
    availability_rules: [{ email: 'test@example.com', time_zone: 'UTC' }],
    availability_override: false,
  };
}

/** Asserts the mock's own answer matches the corrected spec's response schema (no extra fields either). */
export function expectConformingResponse(operationId: string, response: ApiResponse): void {
  expect(sharedValidator().responseProblems(operationId, response.status, response.body)).toEqual([]);
}

export interface ReceivedWebhook {
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
  body: any;
}

/** A real HTTP endpoint on loopback that records what the mock posts to it. */
export async function startWebhookReceiver(): Promise<{ url: string; received: ReceivedWebhook[]; close(): Promise<void> }> {
  const received: ReceivedWebhook[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      received.push({ headers: req.headers, rawBody, body: JSON.parse(rawBody) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/zoom/webhooks`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
