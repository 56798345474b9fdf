import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPARTMENTS } from '../../connectors/sample-city/index.ts';
import communityWorkersSpec from '../../connectors/sample-city/simulators/systems/community-workers.ts';
import { PERSONAS } from '../../governance/index.ts';
import { chromiumPath, launchChromium } from '../support/browser.ts';
import { signInToConsole } from '../support/console.ts';
import { startDepartmentSystem, type DepartmentSystem } from '../support/department-system.ts';
import { startRegistryTestHub, type RegistryTestHub } from '../support/registry-hub.ts';

const executablePath = chromiumPath();
const workers = DEPARTMENTS.find((d) => d.manifest.id === 'community-workers')!;
const REQUEST = `mutation Request($input: AgreementRequestInput!) { requestAgreement(input: $input) { id } }`;

describe.skipIf(!executablePath)('the console for departments, in a real browser against a registry hub', { timeout: 120_000 }, () => {
  let system: DepartmentSystem;
  let hub: RegistryTestHub;
  let browser: Browser;

  beforeAll(async () => {
    system = await startDepartmentSystem(workers, communityWorkersSpec);
    hub = await startRegistryTestHub({ env: { CITYHUB_COMMUNITY_WORKERS_URL: system.endpoint, CITYHUB_COMMUNITY_WORKERS_KEY: 'test-key' } });
    browser = await launchChromium(executablePath!);
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
    await system?.close();
  });

  it('submits a manifest, reads its check report, activates it, then activates a second version and rolls it back', async () => {
    const { page, blocked, pageErrors, screenshot } = await signInToConsole(browser, hub.url, 'connectorAdmin');
    await page.getByRole('heading', { name: 'Departments · Civil Affairs Bureau', level: 1 }).waitFor();
    await page.getByLabel('Manifest (YAML or JSON)').fill(JSON.stringify(workers.manifest, null, 2));
    await page.getByRole('button', { name: 'Submit', exact: true }).click();
    const submitted = page.getByRole('status').filter({ hasText: 'community-workers v1: checked' });
    await submitted.waitFor({ timeout: 30_000 });
    expect(await submitted.innerText()).toContain('✓ passed');
    expect(await submitted.innerText()).toContain('manifest, environment, probe, composition, governance');

    const versions = page.getByRole('table', { name: 'Versions · community-workers' });
    await page.getByRole('button', { name: 'Activate v1' }).click();
    await versions.getByRole('cell', { name: 'active', exact: true }).waitFor({ timeout: 30_000 });
    const connectors = page.getByRole('table', { name: 'Connectors', exact: true });
    // The hub serves it at once: /readyz reports its probe.
    await connectors.getByRole('cell', { name: 'ready', exact: true }).waitFor({ timeout: 30_000 });
    expect((await hub.as(PERSONAS.caseWorker, '{ communityWorkers(first: 1) { workerId } }')).data.communityWorkers).toHaveLength(1);
    await screenshot('departments-connector-activated');

    const described = { ...workers.manifest, catalogue: { ...workers.manifest.catalogue, CommunityWorker: { ...workers.manifest.catalogue.CommunityWorker!, description: 'Community workers, v2' } } };
    await page.getByLabel('Manifest (YAML or JSON)').fill(JSON.stringify(described));
    await page.getByRole('button', { name: 'Submit', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'community-workers v2: checked' }).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Activate v2' }).click();
    const row = (version: number) => versions.locator('tbody tr').nth(version - 1);
    await expect.poll(() => row(2).innerText(), { timeout: 30_000 }).toContain('active');
    await page.getByRole('button', { name: 'Roll back' }).click();
    await expect.poll(() => row(1).innerText(), { timeout: 30_000 }).toContain('active');
    expect(await row(2).innerText()).not.toContain('active');
    expect(blocked).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('shows a bad manifest\'s error from the hub', async () => {
    const { page } = await signInToConsole(browser, hub.url, 'connectorAdmin');
    await page.getByLabel('Manifest (YAML or JSON)').fill('{ "id": "community-workers", ');
    await page.getByRole('button', { name: 'Submit', exact: true }).click();
    await page.getByRole('alert').waitFor({ timeout: 30_000 });
    expect(await page.getByRole('alert').innerText()).toMatch(/manifest/i);
  });

  it('approves one agreement request with a note, rejects another only with a reason, lists what expires soon and revokes', async () => {
    const until = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
    const input = (reason: string, days: number) => ({ providerDepartment: 'Civil Affairs Bureau', typeName: 'CommunityWorker', fields: ['phone'], purpose: 'city-operations', validUntil: until(days), reason });
    for (const [reason, days] of [['Call workers during emergencies', 20], ['Survey of all workers', 200]] as const) {
      const requested = await hub.as(PERSONAS.districtOfficer, REQUEST, { input: input(reason, days) });
      expect(requested.errors).toBeUndefined();
    }
    const { page, screenshot } = await signInToConsole(browser, hub.url, 'caseWorker');
    await page.getByRole('link', { name: 'Departments' }).click();
    const requests = page.getByRole('table', { name: 'Agreement requests', exact: true });
    await requests.waitFor();
    expect(await requests.locator('tbody tr').count()).toBe(2);
    await screenshot('departments-agreement-requests');

    const emergency = requests.locator('tbody tr', { hasText: 'Call workers during emergencies' });
    await emergency.getByLabel('Note or reason').fill('Approved for flood season');
    await emergency.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => requests.locator('tbody tr').count()).toBe(1);

    const survey = requests.locator('tbody tr', { hasText: 'Survey of all workers' });
    await survey.getByRole('button', { name: 'Reject' }).click();
    await survey.getByRole('alert').getByText('Give a reason to reject or revoke.').waitFor();
    await survey.getByLabel('Note or reason').fill('Not needed for city operations');
    await survey.getByRole('button', { name: 'Reject' }).click();
    await page.getByText('Agreement requests: Nothing found.').waitFor();

    const expiring = page.getByRole('table', { name: 'Expiring within 30 days' });
    expect(await expiring.innerText()).toContain('Call workers during emergencies');
    expect(await expiring.innerText()).not.toContain('Survey of all workers');
    const approved = (await hub.as(PERSONAS.caseWorker, '{ agreements { reason status decisionNote revocationReason } }')).data.agreements;
    expect(approved).toEqual(
      expect.arrayContaining([
        { reason: 'Call workers during emergencies', status: 'APPROVED', decisionNote: 'Approved for flood season', revocationReason: null },
        { reason: 'Survey of all workers', status: 'REJECTED', decisionNote: 'Not needed for city operations', revocationReason: null },
      ]),
    );

    const revocable = page.getByRole('table', { name: 'Revoke · Status: APPROVED' }).locator('tbody tr', { hasText: 'Call workers during emergencies' });
    await revocable.getByLabel('Note or reason').fill('Flood season over');
    await revocable.getByRole('button', { name: 'Revoke' }).click();
    await page.getByText('Expiring within 30 days: Nothing found.').waitFor();
    const revoked = (await hub.as(PERSONAS.caseWorker, '{ agreements { reason status revocationReason } }')).data.agreements;
    expect(revoked).toContainEqual({ reason: 'Call workers during emergencies', status: 'REVOKED', revocationReason: 'Flood season over' });
  });
});
