import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's chromium, installed by `.ci/run` (`npx playwright install` cannot download on a closed network). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

const inCi = process.env.CI === 'true' || process.env.CI === '1';

/**
 * Whether the browser suites can run: the path of Debian's chromium, or `undefined` (with a
 * message) when it is missing and the suite must skip. In CI (`CI=true`) a missing browser
 * fails the run instead, as a missing real server does.
 */
export function chromiumPath(): string | undefined {
  if (existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
  if (inCi) throw new Error(`${CHROMIUM_PATH} is missing: in CI (CI=true) the browser suites must run (.ci/run installs Debian's chromium)`);
  console.warn(`[cityhub tests] ${CHROMIUM_PATH} is missing (apt-get install -y chromium): skipping the browser suites`);
  return undefined;
}

/** Headless chromium without sandbox, GPU or background traffic of its own. */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** A page that can only reach one origin, and the requests it tried elsewhere. */
export interface OfflinePage {
  readonly page: Page;
  /** Every request the page tried that was not to the allowed origin, oldest first (each was aborted). */
  readonly blocked: string[];
}

/**
 * Opens a page on which every request that is not to `origin` (the hub's loopback origin), or
 * to one of the `others` (such as the city's identity provider), is aborted, as on a closed
 * network; `blob:` and `data:` URLs never reach the network.
 */
export async function openOfflinePage(browser: Browser, origin: string, ...others: string[]): Promise<OfflinePage> {
  const context = await browser.newContext();
  const blocked: string[] = [];
  const allowed = new Set([origin, ...others].map((url) => new URL(url).origin));
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (allowed.has(new URL(url).origin)) return route.continue();
    blocked.push(url);
    return route.abort('internetdisconnected');
  });
  return { page: await context.newPage(), blocked };
}
