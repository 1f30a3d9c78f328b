import { staticAccessToken, ZoomSchedulerClient, type ZoomAttemptReport } from '../../src/zoom';
import { startScriptedServer, type ScriptedServer } from './support/scripted-server';

/** The transport's onAttempt hook, which the app's metrics hang on: one report per HTTP attempt, retries included. */
describe('ZoomTransport onAttempt', () => {
  let server: ScriptedServer;
  beforeEach(async () => {
    server = await startScriptedServer();
  });
  afterEach(() => server.close());

  function api(reports: ZoomAttemptReport[]) {
    return new ZoomSchedulerClient({
      apiBaseUrl: `${server.baseUrl}/v2`,
      sleep: async () => undefined,
      onAttempt: (report) => reports.push(report),
    }).as(staticAccessToken('secret-access-token'));
  }

  it('reports a 429 that is retried, then the answer, by operation', async () => {
    server.script({ status: 429, headers: { 'retry-after': '1' } }, { status: 200, body: { display_name: 'Ada', time_zone: 'UTC' } });
    const reports: ZoomAttemptReport[] = [];
    await api(reports).getUser();
    expect(reports.map(({ operation, status, retrying }) => ({ operation, status, retrying }))).toEqual([
      { operation: 'get_user', status: 429, retrying: true },
      { operation: 'get_user', status: 200, retrying: false },
    ]);
    for (const report of reports) expect(report.durationMs).toBeGreaterThanOrEqual(0);
    // Nothing of the request itself reaches the hook.
    expect(JSON.stringify(reports)).not.toContain('secret-access-token');
  });

  it('reports an answer that is not retried further as final', async () => {
    server.script({ status: 404, body: { code: 404, message: 'nope' } });
    const reports: ZoomAttemptReport[] = [];
    await expect(api(reports).getUser()).rejects.toThrow();
    expect(reports).toMatchObject([{ status: 404, retrying: false }]);
  });
});
