/**
 * The committed types must be exactly what the generator produces from the corrected spec. openapi-typescript
 * pulls in ESM-only dependencies that jest's module runtime cannot load, so the check runs the generator the
 * way `npm run zoom:types:check` does: compiled, in a child node process.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
// Inside this checkout (dist/ is ignored), not node_modules/.cache: node_modules may be a link shared with
// other checkouts, and the compiled generator finds the openapi/ folder to compare by walking up from itself.
const OUT_DIR = join(ROOT, 'dist', 'zoom-types-check');

describe('generated Zoom types', () => {
  it('the committed src/zoom/openapi/*.ts match what the corrected spec generates', () => {
    execFileSync(
      process.execPath,
      [
        join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
        ...['--outDir', OUT_DIR, '--rootDir', ROOT, '--module', 'commonjs', '--target', 'es2022'],
        ...['--esModuleInterop', '--resolveJsonModule', '--skipLibCheck', '--strict', '--types', 'node'],
        join(ROOT, 'scripts', 'generate-zoom-types.ts'),
      ],
      { cwd: ROOT },
    );
    const output = execFileSync(process.execPath, [join(OUT_DIR, 'scripts', 'generate-zoom-types.js'), '--check'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(output.trim()).toBe('Zoom types are up to date.');
  }, 60_000);

  it('reflects the spec fixes (no bogus required fields on insert_schedule, integers as number)', () => {
    const schema = readFileSync(join(ROOT, 'src', 'zoom', 'openapi', 'schema.ts'), 'utf8');
    const insertSchedule = schema.slice(schema.indexOf('    insert_schedule: {'), schema.indexOf('    get_schedule: {'));
    expect(insertSchedule).toContain('availability_override: boolean;');
    expect(insertSchedule).toContain('capacity: number;');
    expect(insertSchedule).not.toMatch(/\n\s+(end|start|type): /);
    expect(schema).toMatch(/popular_schedules\?: \{\s+\[key: string\]: number;\s+\}\[\];/);
  });
});
