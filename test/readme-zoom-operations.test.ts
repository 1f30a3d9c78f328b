import { readFileSync } from 'node:fs';
import path from 'node:path';
import { correctedSpec, publishedSpec } from '../src/zoom/spec-fixes';

/** The README states how much of Zoom's Scheduler API the client covers; the counts come from the specs. */
function operationCount(spec: Record<string, unknown>): number {
  const paths = spec['paths'] as Record<string, Record<string, { operationId?: string }>>;
  return Object.values(paths).flatMap((item) => Object.values(item).filter((op) => typeof op?.operationId === 'string')).length;
}

describe('README: the Zoom operation count', () => {
  it('says how many operations the client covers, and how many were added since the published spec', () => {
    const readme = readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8').replace(/\s+/g, ' ');
    const all = operationCount(correctedSpec());
    const published = operationCount(publishedSpec());
    expect(readme).toContain(`all ${all} operations, the ${published} of Zoom's February 2026 spec and the ${all - published} added since`);
  });
});
