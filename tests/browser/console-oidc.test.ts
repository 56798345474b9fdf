import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchChromium, openOfflinePage } from '../support/browser.ts';
import { startEdgeHub, type EdgeHub } from '../support/edge-hub.ts';
import { CITYHUB_SCOPE, startOidcProvider, type TestOidcProvider } from '../support/oidc-provider.ts';

const executablePath = chromiumPath();
const ELDERLY = 'query Elderly { elderlyResidents(where: { streetCode: "310106013" }, first: 2) { personId name } }';

describe.skipIf(!executablePath)('the console signs in with the city\'s OpenID Connect provider, in a real browser', { timeout: 120_000 }, () => {
  let idp: TestOidcProvider;
  let hub: EdgeHub;
  let browser: Browser;

  beforeAll(async () => {
    idp = await startOidcProvider({
      ana: { name: 'Ana Auditor', department: 'Audit Bureau', roles: ['auditor'], jurisdictions: ['3101'], purposes: ['audit'] },
      // A staff account the provider knows, without the hub's claims.
      bob: { name: 'Bob Nobody' },
    });
    hub = await startEdgeHub({
      only: ['admin-divisions', 'elderly-registry'],
      audit: true,
      identity: { mode: 'production', jwksUrl: idp.jwksUrl, issuer: idp.issuer, audience: idp.clientId },
      console: { oidc: { issuer: idp.issuer, clientId: idp.clientId, scopes: ['openid', CITYHUB_SCOPE] } },
    });
    idp.serve(hub.url);
    browser = await launchChromium(executablePath!);
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
    await idp?.close();
  });

  // A page that reaches only the hub and the provider, as on the city's closed network.
  async function openConsole(): Promise<{ page: Page; blocked: string[] }> {
    const { page, blocked } = await openOfflinePage(browser, hub.url, idp.issuer);
    await page.addInitScript(() => localStorage.setItem('cityhub.console.language', 'en'));
    await page.goto(`${hub.url}/console/`);
    return { page, blocked };
  }

  // Through the provider's own login and consent pages.
  async function logInAtProvider(page: Page, login: string): Promise<void> {
    await page.getByRole('button', { name: 'Sign in with the identity provider' }).click();
    await page.waitForURL((url) => url.origin === idp.issuer);
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((url) => url.origin === new URL(hub.url).origin);
  }

  it('logs in through the provider\'s login page, lands back in the console and reads the audit log as that principal', async () => {
    const read = await fetch(`${hub.url}/console/config`).then((response) => response.json());
    expect(read).toEqual({ development: false, oidc: { issuer: idp.issuer, clientId: idp.clientId, scopes: ['openid', CITYHUB_SCOPE] } });
    const { page, blocked } = await openConsole();
    // No persona picker: the hub verifies the provider's tokens, and mints none.
    expect(await page.getByLabel('Persona').count()).toBe(0);
    await logInAtProvider(page, 'ana');
    await page.getByLabel('Purpose').selectOption('audit');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/console/');
    expect(await page.locator('header .who').innerText()).toMatch(/Signed in as Ana Auditor · Audit Bureau · Purpose: audit/);
    await page.getByRole('heading', { name: 'Audit', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('status').filter({ hasText: 'Entries checked' }).getByText('The chain is intact').waitFor();
    await hub.stores.audit!.flush();
    // The hub recorded the read as the provider's user, with the purpose declared.
    const { entries } = await hub.stores.audit!.search({ principal: 'ana' });
    expect(entries.length).toBeGreaterThan(0);
    expect(entries[0]).toMatchObject({ principal: 'ana', department: 'Audit Bureau', purpose: 'audit', outcome: 'ok' });
    expect(blocked.filter((url) => !url.startsWith('https://fonts.googleapis.com/'))).toEqual([]);
  });

  it('shows the provider\'s refusal (access_denied) when the user cancels at the provider', async () => {
    const { page } = await openConsole();
    await page.getByRole('button', { name: 'Sign in with the identity provider' }).click();
    await page.waitForURL((url) => url.origin === idp.issuer);
    await page.getByRole('link', { name: '[ Cancel ]' }).click();
    const alert = page.getByRole('alert');
    await alert.getByText('The sign-in failed').waitFor();
    expect(await alert.innerText()).toContain('the identity provider refused the sign-in (access_denied: End-User aborted interaction)');
    expect(new URL(page.url()).search).toBe('');
    await page.getByRole('button', { name: 'Back to sign-in' }).click();
    await page.getByRole('button', { name: 'Sign in with the identity provider' }).waitFor();
  });

  it('refuses a redirect whose state is not the one this tab sent', async () => {
    const { page } = await openConsole();
    await page.getByRole('button', { name: 'Sign in with the identity provider' }).click();
    await page.waitForURL((url) => url.origin === idp.issuer);
    // A forged redirect back to the console, with a code of the attacker's and another state.
    await page.goto(`${hub.url}/console/callback?code=forged-code&state=forged-state&iss=${encodeURIComponent(idp.issuer)}`);
    const alert = page.getByRole('alert');
    await alert.getByText('The sign-in failed').waitFor();
    expect(await alert.innerText()).toContain('the sign-in was refused: its state does not match the one this tab sent');
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
  });

  it('refuses a provider\'s token without the hub\'s claims with the hub\'s 401 message', async () => {
    const { page } = await openConsole();
    await logInAtProvider(page, 'bob');
    await page.getByRole('button', { name: 'Continue' }).click();
    const alert = page.getByRole('alert');
    await alert.getByText('The sign-in failed').waitFor();
    expect(await alert.innerText()).toContain('invalid token: claim "roles" must be an array of strings, received nothing');
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
  });

  it('asks to sign in again once the hub refuses the expired token', async () => {
    idp.idTokenTtlSeconds = 3;
    try {
      const { page } = await openConsole();
      await logInAtProvider(page, 'ana');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('heading', { name: 'Audit', level: 1 }).waitFor();
      // Past the token's expiry and the hub's clock tolerance (5 s).
      await new Promise((resolve) => setTimeout(resolve, 9_000));
      await page.getByRole('button', { name: 'Verify' }).click();
      const alert = page.getByRole('alert');
      await alert.getByText('The hub no longer accepts your sign-in; sign in again.').waitFor();
      expect(await alert.innerText()).toContain('invalid token: the token has expired');
      await page.getByRole('button', { name: 'Sign in with the identity provider' }).waitFor();
      expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    } finally {
      idp.idTokenTtlSeconds = 3600;
    }
  });

  it('refuses with 401 a token the provider did not sign, such as a development one', async () => {
    // The console's token is the hub's to verify like any client's: the caseworker persona's development token is refused.
    const refused = await hub.post('caseWorker', { query: ELDERLY });
    expect(refused.status).toBe(401);
    expect(refused.body.errors[0].message).toMatch(/invalid token: the token was signed by another key/);
  });
});
