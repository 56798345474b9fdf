import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPARTMENTS } from '../../connectors/sample-city/index.ts';
import communityWorkersSpec from '../../connectors/sample-city/simulators/systems/community-workers.ts';
import { PERSONAS } from '../../governance/index.ts';
import { chromiumPath, launchChromium } from '../support/browser.ts';
import { seriousViolations } from '../support/axe.ts';
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
    await page.getByText('Agreement requests: Nothing found.', { exact: true }).waitFor();

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
  it('lets a department request conditional fields of another department\'s type and follow the request until it is approved', async () => {
    const { page, blocked, pageErrors, screenshot } = await signInToConsole(browser, hub.url, 'districtOfficer');
    await page.getByRole('link', { name: 'Departments' }).click();
    const form = page.getByRole('region', { name: 'Request fields of another department' });
    const type = form.getByLabel('Type and the department that holds it');
    await form.getByRole('button', { name: 'Send the request' }).click();
    await form.getByRole('alert').getByText('Choose a type.').waitFor();
    await type.selectOption({ label: 'CommunityWorker · Civil Affairs Bureau' });
    const fields = form.getByRole('group', { name: 'Conditional fields to request' });
    expect(await fields.getByRole('checkbox').evaluateAll((boxes) => boxes.map((box) => box.parentElement!.textContent!.trim()))).toEqual(['phone']);
    await form.getByRole('button', { name: 'Send the request' }).click();
    await form.getByRole('alert').getByText('Choose at least one field.').waitFor();
    await fields.getByRole('checkbox', { name: 'phone' }).check();
    await form.getByRole('button', { name: 'Send the request' }).click();
    await form.getByRole('alert').getByText('Say why the fields are needed.').waitFor();
    await form.getByLabel('Why the fields are needed').fill('Reach workers during the typhoon');
    // The hub's refusal is shown as it gives it: an expiry that has passed.
    const yesterday = new Date(Date.now() - 86_400_000);
    const day = (at: Date) => `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;
    await form.getByLabel('Valid until').fill(day(yesterday));
    await form.getByRole('button', { name: 'Send the request' }).click();
    await form.getByRole('alert').getByText(/validUntil/).waitFor();
    await form.getByLabel('Valid until').fill(day(new Date(Date.now() + 60 * 86_400_000)));
    await form.getByRole('button', { name: 'Send the request' }).click();
    await form.getByRole('status').getByText('Request sent: CommunityWorker (phone) · Civil Affairs Bureau · PENDING').waitFor();

    const ours = page.getByRole('table', { name: 'Our agreement requests' });
    const typhoon = ours.locator('tbody tr', { hasText: 'Reach workers during the typhoon' });
    await typhoon.waitFor();
    expect(await typhoon.innerText()).toContain('PENDING');
    expect(await typhoon.innerText()).toContain('city-operations');
    // The department's earlier requests, with the provider's decision or revocation reason.
    expect(await ours.locator('tbody tr', { hasText: 'Survey of all workers' }).innerText()).toMatch(/REJECTED\s+Not needed for city operations/);
    expect(await ours.locator('tbody tr', { hasText: 'Call workers during emergencies' }).innerText()).toMatch(/REVOKED\s+Flood season over/);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot('departments-agreement-request');

    const stored = (await hub.as(PERSONAS.caseWorker, '{ agreements(status: PENDING) { id reason requesterDepartment fields purpose } }')).data.agreements;
    const pending = stored.find((a: { reason: string }) => a.reason === 'Reach workers during the typhoon');
    expect(pending).toMatchObject({ requesterDepartment: 'District Operations Center 310106', fields: ['phone'], purpose: 'city-operations' });
    expect((await hub.as(PERSONAS.caseWorker, 'mutation($id: ID!) { approveAgreement(id: $id, note: "For the typhoon") { status } }', { id: pending.id })).data.approveAgreement.status).toBe('APPROVED');
    const again = await signInToConsole(browser, hub.url, 'districtOfficer');
    await again.page.getByRole('link', { name: 'Departments' }).click();
    await expect.poll(() => again.page.getByRole('table', { name: 'Our agreement requests' }).locator('tbody tr', { hasText: 'Reach workers during the typhoon' }).innerText()).toMatch(/APPROVED\s+For the typhoon/);

    // A department is not offered its own types: the Civil Affairs Bureau holds the only conditional fields here.
    const own = await signInToConsole(browser, hub.url, 'caseWorker');
    await own.page.getByRole('link', { name: 'Departments' }).click();
    await own.page.getByRole('region', { name: 'Request fields of another department' }).getByText('No other department has conditional fields in this hub.').waitFor();
    expect(blocked).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('shows the breaking changes of a candidate version apart from its check report, with what breaks', async () => {
    const { page, screenshot } = await signInToConsole(browser, hub.url, 'connectorAdmin');
    const { onDuty: _onDuty, ...fields } = workers.manifest.catalogue.CommunityWorker!.fields;
    const worker = workers.manifest.catalogue.CommunityWorker!;
    const withoutOnDuty = { ...workers.manifest, catalogue: { ...workers.manifest.catalogue, CommunityWorker: { ...worker, fields, filters: worker.filters!.filter((filter) => filter !== 'onDuty') } } };
    await page.getByLabel('Manifest (YAML or JSON)').fill(JSON.stringify(withoutOnDuty));
    await page.getByRole('button', { name: 'Submit', exact: true }).click();
    const submitted = page.getByRole('status').filter({ hasText: 'community-workers v3: checked' });
    await submitted.waitFor({ timeout: 30_000 });
    const changes = submitted.getByRole('table', { name: 'Breaking changes of community-workers v3 against the schema served now' });
    const removed = changes.locator('tbody tr', { hasText: 'CommunityWorker.onDuty' });
    expect(await removed.locator('td').allInnerTexts()).toEqual(['warning', 'FIELD_REMOVED', 'CommunityWorker.onDuty', 'CommunityWorker.onDuty was removed.', '—']);
    // The check report lists the other checks' findings only.
    const report = submitted.getByRole('table', { name: 'Check report · community-workers v3' }).or(submitted.getByText('Check report · community-workers v3: Nothing found.'));
    expect(await report.innerText()).not.toContain('FIELD_REMOVED');
    expect(await submitted.innerText()).toContain('breaking-changes');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot('departments-breaking-changes');
  });
});
