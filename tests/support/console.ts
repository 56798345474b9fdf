import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { openOfflinePage } from './browser.ts';

/** Where the console's browser tests save their screenshots (gitignored: test artifacts, not committed). */
export const CONSOLE_ARTIFACTS_DIR = join(import.meta.dirname, '..', 'artifacts', 'console');

/** A console page on a closed network (only the hub's origin answers), and what went wrong on it. */
export interface ConsolePage {
  readonly page: Page;
  /** Requests the page tried outside the hub (each aborted): the console must make none. */
  readonly blocked: string[];
  /** Uncaught errors of the page's scripts. */
  readonly pageErrors: string[];
  /** Saves a full-page screenshot as `<name>.png` under {@link CONSOLE_ARTIFACTS_DIR}. */
  screenshot(name: string): Promise<void>;
}

/**
 * Opens the console in English and signs in with the development persona picker as
 * `persona`, declaring `purpose` (the persona's first when not given).
 */
export async function signInToConsole(browser: Browser, url: string, persona: string, purpose?: string): Promise<ConsolePage> {
  const { page, blocked } = await openOfflinePage(browser, url);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.addInitScript(() => localStorage.setItem('cityhub.console.language', 'en'));
  const response = await page.goto(`${url}/console/`);
  if (response?.status() !== 200) throw new Error(`GET /console/ answered ${response?.status()}`);
  await page.getByLabel('Persona').selectOption(persona);
  if (purpose) await page.getByLabel('Purpose').selectOption(purpose);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return {
    page,
    blocked,
    pageErrors,
    async screenshot(name) {
      mkdirSync(CONSOLE_ARTIFACTS_DIR, { recursive: true });
      await page.screenshot({ path: join(CONSOLE_ARTIFACTS_DIR, `${name}.png`), fullPage: true });
    },
  };
}

/**
 * Moves the keyboard focus with Tab (Shift+Tab when `backwards`) until `selector`'s element has
 * it, as a keyboard-only user would, and throws naming the element focused last when it is not
 * reached within `limit` presses: the element cannot be reached by keyboard in that order.
 */
export async function tabTo(page: Page, selector: Locator, { backwards = false, limit = 60 }: { backwards?: boolean; limit?: number } = {}): Promise<void> {
  const target = await selector.elementHandle();
  if (!target) throw new Error(`tabTo: ${selector} matches no element`);
  for (let press = 0; press < limit; press++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  if (await target.evaluate((element) => element === document.activeElement)) return;
  const focused = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120) ?? 'nothing');
  throw new Error(`tabTo: ${selector} was not focused after ${limit} presses of ${backwards ? 'Shift+Tab' : 'Tab'}; focused: ${focused}`);
}
