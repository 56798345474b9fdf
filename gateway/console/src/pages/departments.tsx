import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import {
  ACTIVATE_CONNECTOR,
  AGREEMENTS,
  APPROVE_AGREEMENT,
  CONNECTOR_VERSIONS,
  REGISTER_CONNECTOR,
  REGISTERED_CONNECTORS,
  REJECT_AGREEMENT,
  REVOKE_AGREEMENT,
  ROLLBACK_CONNECTOR,
  type Agreement,
  type CheckReport,
  type ConnectorVersion,
} from '../department-documents.ts';
import { getJson, request } from '../hub.ts';
import { useI18n } from '../i18n.tsx';
import { useViewer } from '../session.tsx';
import { DataTable, ErrorNotice } from '../table.tsx';
import { AgreementRequest } from './agreement-request.tsx';

const EXPIRING_WITHIN_MS = 30 * 86_400_000;

/** A department's page: its connectors (connector administrators) and its data-sharing agreements (its government staff). */
export function DepartmentsPage() {
  const { t } = useI18n();
  const { viewer } = useViewer();
  const administers = viewer.roles.includes('connector-admin') || viewer.roles.includes('platform-admin');
  // Agreements are decided by the department's government principals (those with a jurisdiction).
  const decides = viewer.jurisdictions.length > 0;
  return (
    <>
      <h1>
        {t('navDepartments')} · {viewer.department}
      </h1>
      {administers ? <Connectors /> : null}
      {decides ? <AgreementRequest /> : null}
      {decides ? <Agreements /> : null}
      {!administers && !decides ? <p>{t('notSignedInPages')}</p> : null}
    </>
  );
}

/** `/readyz`: each connector's state (and its source's report) as the hub sees it now. */
interface Readiness {
  connectors?: { id: string; state: string }[];
}

function Connectors() {
  const { t } = useI18n();
  const { viewer } = useViewer();
  const id = useId();
  const connectors = useQuery({ queryKey: ['registered', viewer.token], queryFn: () => request(viewer, REGISTERED_CONNECTORS) });
  const health = useQuery({ queryKey: ['readyz'], queryFn: async () => (await getJson<Readiness>('/readyz')).body, refetchInterval: 15_000 });
  const [selected, setSelected] = useState<string>();
  const stateOf = (connectorId: string) => health.data?.connectors?.find((c) => c.id === connectorId)?.state ?? '—';
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('connectors')}</h2>
      <ErrorNotice error={connectors.error} />
      {connectors.data ? (
        <DataTable
          caption={t('connectors')}
          rows={connectors.data.registeredConnectors}
          rowKey={(version) => version.connectorId}
          empty={t('none')}
          columns={[
            { header: 'ID', cell: (version) => <button type="button" className="link" aria-pressed={selected === version.connectorId} onClick={() => setSelected(version.connectorId)}>{version.connectorId}</button> },
            { header: t('version'), cell: (version) => version.version },
            { header: t('state'), cell: (version) => version.state },
            { header: t('health'), cell: (version) => stateOf(version.connectorId) },
            { header: t('checkReport'), cell: (version) => <ReportVerdict report={version.report} /> },
          ]}
        />
      ) : null}
      {selected ? <Versions key={selected} connectorId={selected} /> : null}
      <Submit onRegistered={setSelected} />
    </section>
  );
}

function ReportVerdict({ report }: { report: CheckReport }) {
  const { t } = useI18n();
  const errors = report.findings.filter((f) => f.severity === 'error').length;
  return <span className={report.ok ? 'ok' : 'error'}>{report.ok ? `✓ ${t('reportOk')}` : `✗ ${t('reportErrors').replace('{n}', String(errors))}`}</span>;
}

/** The check that compares a candidate with the schema served now (gateway/connectors-admin/breaking-change-findings.ts). */
const BREAKING_CHANGES_CHECK = 'breaking-changes';

/** A version's check report: the verdict and its findings, with the breaking changes apart in {@link BreakingChanges}. */
function ReportView({ report, caption, connectorId, version }: { report: CheckReport; caption: string; connectorId: string; version: number }) {
  const { t } = useI18n();
  return (
    <div>
      <p>
        <ReportVerdict report={report} /> · {report.ran.join(', ')} · <time dateTime={report.checkedAt}>{new Date(report.checkedAt).toLocaleString()}</time>
      </p>
      <DataTable
        caption={caption}
        rows={report.findings.filter((finding) => finding.check !== BREAKING_CHANGES_CHECK)}
        rowKey={(_finding, index) => String(index)}
        empty={`${caption}: ${t('none')}`}
        columns={[
          { header: t('check'), cell: (finding) => finding.check },
          { header: t('severity'), cell: (finding) => <span className={finding.severity === 'error' ? 'error' : ''}>{finding.severity}</span> },
          { header: t('path'), cell: (finding) => finding.path ?? '—' },
          { header: t('message'), cell: (finding) => finding.message },
        ]}
      />
      {report.ran.includes(BREAKING_CHANGES_CHECK) ? <BreakingChanges report={report} connectorId={connectorId} version={version} /> : null}
    </div>
  );
}

/**
 * The breaking changes of a candidate version, as their own table: each change of the city
 * schema it would make (graphql-js's change type and description), what it breaks (the schema
 * coordinate) and the scenario operations that would stop validating. An error keeps the
 * version from being activated; a warning breaks no known operation.
 */
function BreakingChanges({ report, connectorId, version }: { report: CheckReport; connectorId: string; version: number }) {
  const { t } = useI18n();
  const id = useId();
  const changes = report.findings.filter((finding) => finding.check === BREAKING_CHANGES_CHECK);
  const title = t('breakingChangesOf').replace('{id}', connectorId).replace('{n}', String(version));
  return (
    <section aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>{t('breakingChanges')}</h4>
      <DataTable
        caption={title}
        rows={changes}
        rowKey={(_finding, index) => String(index)}
        empty={t('noBreakingChanges')}
        columns={[
          { header: t('severity'), cell: (finding) => <span className={finding.severity === 'error' ? 'error' : ''}>{finding.severity}</span> },
          { header: t('change'), cell: (finding) => <code>{changeKind(finding.message)}</code> },
          { header: t('whatBreaks'), cell: (finding) => (finding.path ? <code>{finding.path}</code> : '—') },
          { header: t('message'), cell: (finding) => changeDescription(finding.message) },
          { header: t('operationsBroken'), cell: (finding) => (finding.operations?.length ? <ul className="plain">{finding.operations.map((operation) => <li key={operation}><code>{operation}</code></li>)}</ul> : '—') },
        ]}
      />
    </section>
  );
}

// A breaking-change message is `TYPE: description` (FIELD_REMOVED: Farm.area was removed.), or a sentence of its own.
function changeKind(message: string): string {
  const kind = /^([A-Z_]+): /.exec(message);
  return kind ? kind[1]! : '—';
}
function changeDescription(message: string): string {
  return message.replace(/^[A-Z_]+: /, '');
}

function useRegistryChange() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: ['registered'] });
    void queryClient.invalidateQueries({ queryKey: ['versions'] });
    void queryClient.invalidateQueries({ queryKey: ['readyz'] });
  };
}

function Versions({ connectorId }: { connectorId: string }) {
  const { t } = useI18n();
  const { viewer } = useViewer();
  const changed = useRegistryChange();
  const versions = useQuery({ queryKey: ['versions', viewer.token, connectorId], queryFn: () => request(viewer, CONNECTOR_VERSIONS, { id: connectorId }) });
  const activate = useMutation({ mutationFn: (version: number) => request(viewer, ACTIVATE_CONNECTOR, { id: connectorId, version }), onSuccess: changed });
  const rollback = useMutation({ mutationFn: () => request(viewer, ROLLBACK_CONNECTOR, { id: connectorId }), onSuccess: changed });
  const list = versions.data?.registeredConnector ?? [];
  const latest = list[list.length - 1];
  return (
    <section aria-label={`${t('versions')} ${connectorId}`}>
      <h3>
        {t('versions')} · {connectorId}
      </h3>
      <ErrorNotice error={versions.error ?? activate.error ?? rollback.error} />
      <DataTable
        caption={`${t('versions')} · ${connectorId}`}
        rows={list}
        rowKey={(version) => String(version.version)}
        empty={t('none')}
        columns={[
          { header: t('version'), cell: (version) => version.version },
          { header: t('state'), cell: (version) => version.state },
          { header: t('submitted'), cell: (version) => `${version.submittedBy} · ${new Date(version.submittedAt).toLocaleString()}` },
          { header: t('checkReport'), cell: (version) => <ReportVerdict report={version.report} /> },
          {
            header: t('actions'),
            cell: (version: ConnectorVersion) =>
              version.state !== 'active' && version.report.ok ? (
                <button type="button" onClick={() => activate.mutate(version.version)} disabled={activate.isPending}>
                  {t('activate')} v{version.version}
                </button>
              ) : null,
          },
        ]}
      />
      <button type="button" onClick={() => rollback.mutate()} disabled={rollback.isPending || !list.some((v) => v.state === 'active')}>
        {t('rollBack')}
      </button>
      {latest ? <ReportView report={latest.report} caption={`${t('checkReport')} · ${connectorId} v${latest.version}`} connectorId={connectorId} version={latest.version} /> : null}
    </section>
  );
}

function Submit({ onRegistered }: { onRegistered(connectorId: string): void }) {
  const { t } = useI18n();
  const { viewer } = useViewer();
  const id = useId();
  const changed = useRegistryChange();
  const [manifest, setManifest] = useState('');
  const register = useMutation({
    mutationFn: () => request(viewer, REGISTER_CONNECTOR, { manifest }),
    onSuccess: (data) => {
      changed();
      onRegistered(data.registerConnector.connectorId);
    },
  });
  const registered = register.data?.registerConnector;
  return (
    <section aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('submitManifest')}</h3>
      <form
        className="stack"
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          register.mutate();
        }}
      >
        <label htmlFor={`${id}-manifest`}>{t('manifest')}</label>
        <textarea id={`${id}-manifest`} rows={8} value={manifest} onChange={(event) => setManifest(event.target.value)} required spellCheck={false} />
        <div>
          <button type="submit" disabled={register.isPending}>
            {t('submit')}
          </button>
        </div>
      </form>
      <ErrorNotice error={register.error} />
      {registered ? (
        <div role="status">
          <p>
            {registered.connectorId} v{registered.version}: {registered.state}
          </p>
          <ReportView report={registered.report} caption={`${t('checkReport')} · ${registered.connectorId} v${registered.version}`} connectorId={registered.connectorId} version={registered.version} />
        </div>
      ) : null}
    </section>
  );
}

function Agreements() {
  const { t } = useI18n();
  const { viewer } = useViewer();
  const id = useId();
  const agreements = useQuery({ queryKey: ['agreements', viewer.token], queryFn: () => request(viewer, AGREEMENTS) });
  const all = agreements.data?.agreements ?? [];
  const now = Date.now();
  const pending = all.filter((a) => a.status === 'PENDING' && a.providerDepartment === viewer.department);
  const expiring = all.filter((a) => a.status === 'APPROVED' && Date.parse(a.validUntil) - now < EXPIRING_WITHIN_MS);
  const active = all.filter((a) => a.status === 'APPROVED' && a.providerDepartment === viewer.department);
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('agreementRequests')}</h2>
      <ErrorNotice error={agreements.error} />
      <AgreementTable caption={t('agreementRequests')} agreements={pending} actions={['approve', 'reject']} />
      <AgreementTable caption={t('expiringSoon')} agreements={expiring} actions={[]} />
      <AgreementTable caption={`${t('revoke')} · ${t('status')}: APPROVED`} agreements={active} actions={['revoke']} />
    </section>
  );
}

type Decision = 'approve' | 'reject' | 'revoke';

function AgreementTable({ caption, agreements, actions }: { caption: string; agreements: readonly Agreement[]; actions: readonly Decision[] }) {
  const { t } = useI18n();
  return (
    <DataTable
      caption={caption}
      rows={agreements}
      rowKey={(agreement) => agreement.id}
      empty={`${caption}: ${t('none')}`}
      columns={[
        { header: t('requester'), cell: (a) => a.requesterDepartment },
        { header: t('provider'), cell: (a) => a.providerDepartment },
        { header: t('type'), cell: (a) => a.typeName },
        { header: t('fields'), cell: (a) => a.fields.join(', ') },
        { header: t('purpose'), cell: (a) => a.purpose },
        { header: t('expires'), cell: (a) => <time dateTime={a.validUntil}>{new Date(a.validUntil).toLocaleDateString()}</time> },
        { header: t('reason'), cell: (a) => a.reason },
        { header: t('status'), cell: (a) => a.status },
        ...(actions.length > 0 ? [{ header: t('actions'), cell: (a: Agreement) => <Decide agreement={a} actions={actions} /> }] : []),
      ]}
    />
  );
}

function Decide({ agreement, actions }: { agreement: Agreement; actions: readonly Decision[] }) {
  const { t } = useI18n();
  const { viewer } = useViewer();
  const id = useId();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const [error, setError] = useState<string>();
  const decide = useMutation({
    mutationFn: async (decision: Decision): Promise<unknown> => {
      if (decision === 'approve') return request(viewer, APPROVE_AGREEMENT, { id: agreement.id, ...(note.trim() ? { note: note.trim() } : {}) });
      if (!note.trim()) throw new Error(t('reasonRequired'));
      return decision === 'reject' ? request(viewer, REJECT_AGREEMENT, { id: agreement.id, reason: note.trim() }) : request(viewer, REVOKE_AGREEMENT, { id: agreement.id, reason: note.trim() });
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['agreements'] }),
    onError: (caught) => setError(caught.message),
  });
  return (
    <div className="decide">
      <label htmlFor={`${id}-note`}>{t('note')}</label>
      <input id={`${id}-note`} value={note} onChange={(event) => setNote(event.target.value)} />
      {actions.map((action) => (
        <button key={action} type="button" onClick={() => { setError(undefined); decide.mutate(action); }} disabled={decide.isPending} aria-describedby={`${id}-note`}>
          {t(action)}
        </button>
      ))}
      {error ? <p role="alert" className="error">{error}</p> : null}
    </div>
  );
}
