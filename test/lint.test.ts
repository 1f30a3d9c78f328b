import { execFileSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

// ESLint loads eslint.config.mjs with a dynamic import, which jest's module sandbox cannot run, so the
// linting happens in a plain node process: ESLint's Node API, `lintText` with the repository's config.
const LINT_SCRIPT = `
const { ESLint } = require('eslint');
const [filePath, code] = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
new ESLint({ cwd: process.cwd() })
  .lintText(code, { filePath })
  .then(([result]) => process.stdout.write(JSON.stringify(result.messages)));
`;

/** ESLint's messages for `code` linted as the file at `filePath` (relative to the root). */
function lint(filePath: string, code: string): Array<{ ruleId: string | null; message: string }> {
  const output = execFileSync(process.execPath, ['-e', LINT_SCRIPT], {
    cwd: ROOT,
    input: JSON.stringify([path.join(ROOT, filePath), code]),
    encoding: 'utf8',
  });
  return JSON.parse(output) as Array<{ ruleId: string | null; message: string }>;
}

/** The no-restricted-imports messages for `code` linted as the file at `filePath`. */
async function importErrors(filePath: string, code: string): Promise<string[]> {
  return lint(filePath, code)
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

describe('the architecture rules in eslint.config.mjs', () => {
  jest.setTimeout(60_000);

  it.each([
    ['src/core/schedules.ts', "import type { WebClient } from '@slack/web-api';\n", /Slack-free/],
    ['src/core/schedules.ts', "import { homeView } from '../slack/blocks';\n", /must not import src\/slack/],
    ['src/zoom/client.ts', "import type { Store } from '../store';\n", /nothing outside src\/zoom/],
    ['src/zoom/mock/handlers/events.ts', "import { localDate } from '../../../time';\n", /nothing outside src\/zoom/],
    ['src/slack/flows/new-schedule.ts', "import { DateTime } from 'luxon';\n", /src\/time\.ts/],
    ['src/core/digest-content.ts', "import { PrismaClient } from '../generated/prisma-sqlite/client';\n", /Only src\/store/],
    ['src/app.ts', "import { startLocalStack } from '../dev/local-stack';\n", /dev\//],
    ['src/store/digests.ts', "import { ScheduleService } from '../core/schedules';\n", /down the floors/],
    ['src/slack/delivery/home.ts', "import { startApp } from '../../app';\n", /down the floors/],
    [
      'src/slack/listeners/commands/zoom-schedule/notify.ts',
      "import type { Store } from '../../../../store';\n",
      /never reaches the store/,
    ],
  ])('%s: %s is refused', async (file, code, message) => {
    const errors = await importErrors(file, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
  });

  it('refuses a chat.postMessage outside src/slack/web/post.ts', () => {
    const code = "export const f = (client: any) => client.chat.postMessage({ channel: 'C1', text: 'x' });\n";
    expect(lint('src/slack/delivery/home.ts', code).filter((m) => m.ruleId === 'no-restricted-syntax')).toHaveLength(1);
    expect(lint('src/slack/web/post.ts', code).filter((m) => m.ruleId === 'no-restricted-syntax')).toHaveLength(0);
  });

  it.each([
    ['src/time.ts', "import { DateTime } from 'luxon';\n"],
    ['src/store/db.ts', "import { PrismaClient } from '../generated/prisma-sqlite/client';\n"],
    ['src/slack/delivery/home.ts', "import { upcomingBookings } from '../../core/bookings';\n"],
    ['src/zoom/mock/handlers/events.ts', "import { ZoomApiError } from '../../errors';\n"],
    ['scripts/demo.ts', "import { startLocalStack } from '../dev/local-stack';\n"],
  ])('%s: %s is allowed', async (file, code) => {
    expect(await importErrors(file, code)).toEqual([]);
  });
});
