/** Runs both examples as users do (compiled, plain node) against the built-in mock and checks what they print. */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const OUT_DIR = join(ROOT, 'node_modules', '.cache', 'zoom-examples');

function runCompiled(example: string): string {
  const env = { ...process.env, IS_LIVE_SERVER: 'false' };
  return execFileSync(process.execPath, [join(OUT_DIR, 'examples', example, 'main.js')], { cwd: ROOT, env, encoding: 'utf8' });
}

describe('examples against the built-in mock', () => {
  beforeAll(() => {
    execFileSync(
      process.execPath,
      [
        join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
        ...['--outDir', OUT_DIR, '--rootDir', ROOT, '--module', 'commonjs', '--target', 'es2022'],
        ...['--esModuleInterop', '--resolveJsonModule', '--skipLibCheck', '--strict', '--types', 'node'],
        join(ROOT, 'examples', 'meeting-scheduler', 'main.ts'),
        join(ROOT, 'examples', 'availability-manager', 'main.ts'),
      ],
      { cwd: ROOT },
    );
  }, 60_000);

  it('meeting-scheduler shows the user, creates the schedule and lists schedules and events', () => {
    const lines = runCompiled('meeting-scheduler').split('\n');
    expect(lines).toContain('Meeting Scheduler for Alex Rivera');
    expect(lines).toContain('Time zone: America/New_York');
    expect(lines.find((l) => l.startsWith('Created: daily meeting ('))).toMatch(/^Created: daily meeting \([a-z0-9]{26}\)$/);
    expect(lines).toContain('Meeting schedules (3):');
    expect(lines).toContain('- daily meeting (30 min)');
    expect(lines).toContain('Events on this page: 2 (more available)');
  });

  it('availability-manager shows analytics, lists availability and creates Extended Office Hours', () => {
    const lines = runCompiled('availability-manager').split('\n');
    expect(lines).toContain('Availability Manager for Alex Rivera (America/New_York)');
    expect(lines.some((l) => /^ {2}created: {3}\d+$/.test(l))).toBe(true);
    expect(lines).toContain('Availability schedules (1):');
    expect(lines.find((l) => l.startsWith('Created: Extended Office Hours ('))).toMatch(/\([a-z0-9]{26}\)$/);
    expect(lines).toContain('- Office Hours (60 min, 5 attendees)');
  });
});
