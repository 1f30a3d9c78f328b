import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/**
 * Headless Chromium for browser tests: Debian's `chromium` package (installed by .ci/run), never a browser
 * downloaded by npm. Missing, the browser suites fail in CI (CI is set) and are skipped with a note elsewhere,
 * as the PostgreSQL suites are.
 */

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumAvailable = existsSync(CHROMIUM_PATH);

/** Quiet and offline: no first-run UI, no update or sync traffic, nothing that talks to Google. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function describeWithChromium(name: string, suite: () => void): void {
  if (chromiumAvailable) {
    describe(name, suite);
  } else if (process.env.CI) {
    describe(name, () => {
      test('Chromium is installed (required in CI)', () => {
        throw new Error(`no Chromium at ${CHROMIUM_PATH}: install it with apt-get install chromium (.ci/run does)`);
      });
    });
  } else {
    console.warn(`Browser tests SKIPPED: no Chromium at ${CHROMIUM_PATH}. Install it with apt-get install chromium. (${name})`);
    describe.skip(name, suite);
  }
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A browser with a fresh profile (removed on close), its pages 375 px wide as on a phone. */
export async function launchChromium(): Promise<Browser> {
  const profile = mkdtempSync(path.join(tmpdir(), 'zoom-scheduler-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: FLAGS,
    viewport: { width: 375, height: 740 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
