import { JobRunner } from '../../src/jobs/job-runner';
import { describeEachProvider } from '../store/databases';
import { capturingLogger } from '../support/log-capture';

describeEachProvider('job runner log context', (db) => {
  test("every line a job's handler logs carries the job id as its request id", async () => {
    const store = db().openStore();
    const kind = `log.${Math.random().toString(36).slice(2, 8)}`;
    await store.enqueueJob({ kind, dedupeKey: `${kind}:1`, payload: {} });
    const { logger, lines } = capturingLogger('debug');
    const deep = logger.child({ component: 'deep' });
    const runner = new JobRunner({ store, logger, handlers: { [kind]: async () => deep.info('handling') } });
    await runner.idle();
    const handled = lines.find((line) => line.msg === 'handling');
    const job = await store.getJobByDedupeKey(`${kind}:1`);
    expect(job?.status).toBe('done');
    expect(handled).toMatchObject({ component: 'deep', reqId: job!.id });
  });
});
