import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { AUDIT_ENTRIES, AUDIT_VERIFY, type AuditEntriesResult, type AuditEntry, type AuditEntryFilter, type AuditOutcome } from '../audit-documents.ts';
import { downloadAuditExport, type AuditExportFormat } from '../audit-export.ts';
import { request, type Viewer } from '../hub.ts';
import { useI18n } from '../i18n.tsx';
import { useViewer } from '../session.tsx';
import { DataTable, ErrorNotice } from '../table.tsx';
import { AuditReports } from './audit-reports.tsx';

const PAGE_SIZE = 20;
/** The API's largest page (MAX_AUDIT_PAGE_SIZE): who accessed a resident reads this many. */
const EXPORT_PAGE_SIZE = 500;
const OUTCOMES: readonly AuditOutcome[] = ['ok', 'partial', 'error', 'denied'];

/** The auditor's page: search, who accessed a resident, the chain's verification, export and the four reports. */
export function AuditPage() {
  const { t } = useI18n();
  return (
    <>
      <h1>{t('navAudit')}</h1>
      <WhoAccessed />
      <Search />
      <Verify />
      <Export />
      <AuditReports />
    </>
  );
}

// The datetime-local value as an instant (the browser's time zone), or undefined when empty.
function instant(value: string): string | undefined {
  return value ? new Date(value).toISOString() : undefined;
}

function Search() {
  const { t } = useI18n();
  const { viewer } = useViewer();
  const id = useId();
  const [draft, setDraft] = useState({ principal: '', department: '', purpose: '', system: '', outcome: '', from: '', to: '' });
  const [filter, setFilter] = useState<AuditEntryFilter>({});
  // The cursors of the pages before the current one, so the viewer can page back.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1] ?? null;
  const entries = useQuery({
    queryKey: ['audit-entries', viewer.token, filter, after],
    queryFn: () => request(viewer, AUDIT_ENTRIES, { filter, first: PAGE_SIZE, after }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: AuditEntryFilter = {};
    for (const key of ['principal', 'department', 'purpose', 'system'] as const) if (draft[key].trim()) next[key] = draft[key].trim();
    if (draft.outcome) next.outcome = draft.outcome as AuditOutcome;
    const from = instant(draft.from);
    const to = instant(draft.to);
    if (from) next.from = from;
    if (to) next.to = to;
    setFilter(next);
    setCursors([null]);
  };
  const text = (key: 'principal' | 'department' | 'purpose' | 'system', label: string) => (
    <div>
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input id={`${id}-${key}`} value={draft[key]} onChange={(event) => setDraft({ ...draft, [key]: event.target.value })} />
    </div>
  );
  const page = entries.data?.auditEntries;
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('auditSearch')}</h2>
      <form onSubmit={submit} className="filters">
        {text('principal', t('principal'))}
        {text('department', t('department'))}
        {text('purpose', t('purpose'))}
        {text('system', t('system'))}
        <div>
          <label htmlFor={`${id}-outcome`}>{t('outcome')}</label>
          <select id={`${id}-outcome`} value={draft.outcome} onChange={(event) => setDraft({ ...draft, outcome: event.target.value })}>
            <option value="">{t('any')}</option>
            {OUTCOMES.map((outcome) => (
              <option key={outcome}>{outcome}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-from`}>{t('from')}</label>
          <input id={`${id}-from`} type="datetime-local" value={draft.from} onChange={(event) => setDraft({ ...draft, from: event.target.value })} />
        </div>
        <div>
          <label htmlFor={`${id}-to`}>{t('to')}</label>
          <input id={`${id}-to`} type="datetime-local" value={draft.to} onChange={(event) => setDraft({ ...draft, to: event.target.value })} />
        </div>
        <button type="submit">{t('search')}</button>
      </form>
      <ErrorNotice error={entries.error} />
      {entries.isPending ? <p role="status">{t('loading')}</p> : null}
      {page ? <EntriesTable caption={`${t('auditSearch')} · ${t('page').replace('{n}', String(cursors.length))}`} entries={page.nodes} /> : null}
      <div className="pager">
        <button type="button" disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>
          {t('previousPage')}
        </button>
        <button type="button" disabled={!page?.pageInfo.hasNextPage} onClick={() => page?.pageInfo.endCursor && setCursors([...cursors, page.pageInfo.endCursor])}>
          {t('nextPage')}
        </button>
      </div>
    </section>
  );
}

function EntriesTable({ caption, entries }: { caption: string; entries: readonly AuditEntry[] }) {
  const { t } = useI18n();
  return (
    <DataTable
      caption={caption}
      rows={entries}
      rowKey={(entry) => String(entry.seq)}
      empty={t('none')}
      columns={[
        { header: '#', cell: (entry) => entry.seq },
        { header: t('time'), cell: (entry) => <time dateTime={entry.occurredAt}>{new Date(entry.occurredAt).toLocaleString()}</time> },
        { header: t('principal'), cell: (entry) => entry.principal ?? '—' },
        { header: t('department'), cell: (entry) => entry.department ?? '—' },
        { header: t('purpose'), cell: (entry) => entry.purpose ?? '—' },
        { header: t('operation'), cell: (entry) => entry.operationName ?? '—' },
        { header: t('outcome'), cell: (entry) => <span className={`outcome outcome-${entry.outcome}`}>{entry.outcome}{entry.errorCode ? ` (${entry.errorCode})` : ''}</span> },
        { header: t('system'), cell: (entry) => entry.sources.map((source) => source.system).join(', ') || '—' },
      ]}
    />
  );
}

function WhoAccessed() {
  const { t } = useI18n();
  const { viewer } = useViewer();
  const id = useId();
  const [draft, setDraft] = useState('');
  const [key, setKey] = useState<string>();
  const accesses = useQuery({
    queryKey: ['who-accessed', viewer.token, key],
    enabled: key !== undefined,
    queryFn: () => request(viewer, AUDIT_ENTRIES, { filter: { personalKey: key! }, first: EXPORT_PAGE_SIZE }),
  });
  // One row per system of each entry that returned the resident's record.
  const rows = (accesses.data?.auditEntries.nodes ?? []).flatMap((entry) =>
    entry.sources.filter((source) => source.personalKeys.includes(key!)).map((source) => ({ entry, source })),
  );
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('whoAccessed')}</h2>
      <form
        className="filters"
        onSubmit={(event) => {
          event.preventDefault();
          if (draft.trim()) setKey(draft.trim());
        }}
      >
        <div>
          <label htmlFor={`${id}-key`}>{t('personalKey')}</label>
          <input id={`${id}-key`} value={draft} onChange={(event) => setDraft(event.target.value)} required />
        </div>
        <button type="submit">{t('search')}</button>
      </form>
      <ErrorNotice error={accesses.error} />
      {accesses.isFetching ? <p role="status">{t('loading')}</p> : null}
      {accesses.data ? (
        <DataTable
          caption={`${t('accessesOf')} ${key}`}
          rows={rows}
          rowKey={({ entry, source }) => `${entry.seq}-${source.system}`}
          empty={t('none')}
          columns={[
            { header: t('time'), cell: ({ entry }) => <time dateTime={entry.occurredAt}>{new Date(entry.occurredAt).toLocaleString()}</time> },
            { header: t('principal'), cell: ({ entry }) => entry.principal ?? '—' },
            { header: t('department'), cell: ({ entry }) => entry.department ?? '—' },
            { header: t('purpose'), cell: ({ entry }) => entry.purpose ?? '—' },
            { header: t('system'), cell: ({ source }) => source.system },
            { header: t('fields'), cell: ({ source }) => source.fieldsRead.join(', ') },
            { header: t('agreements'), cell: ({ source }) => source.agreementIds.join(', ') || '—' },
            { header: '#', cell: ({ entry }) => entry.seq },
          ]}
        />
      ) : null}
    </section>
  );
}

function Verify() {
  const { t } = useI18n();
  const { viewer } = useViewer();
  const id = useId();
  const verify = useMutation({ mutationFn: () => request(viewer, AUDIT_VERIFY) });
  const report = verify.data?.auditVerify;
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('verifyChain')}</h2>
      <button type="button" onClick={() => verify.mutate()} disabled={verify.isPending}>
        {t('verify')}
      </button>
      <ErrorNotice error={verify.error} />
      <div role="status" aria-live="polite">
        {report ? (
          <dl className={report.ok ? 'verdict ok' : 'verdict broken'}>
            <dt>{report.ok ? t('chainIntact') : t('chainBroken')}</dt>
            <dd>
              {t('entriesChecked')}: {report.entriesChecked}
            </dd>
            {report.last ? (
              <dd>
                {t('lastEntry')}: #{report.last.seq} <code>{report.last.hash}</code>
              </dd>
            ) : null}
            {!report.ok ? (
              <dd>
                {t('firstBroken')}: #{report.firstBrokenSeq} · {t('reason')}: {report.reason} · {report.message}
              </dd>
            ) : null}
          </dl>
        ) : null}
      </div>
    </section>
  );
}

function Export() {
  const { t, language } = useI18n();
  const { viewer } = useViewer();
  const id = useId();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [format, setFormat] = useState<AuditExportFormat>('evidence');
  const [file, setFile] = useState<{ url: string; name: string; size: number }>();
  // The hub writes the file (`cityhub audit export`); the evidence export holds the whole log, a period is for JSON Lines and CSV.
  const exporting = useMutation({
    mutationFn: async () => {
      const period = format === 'evidence' ? {} : { from: instant(from), to: instant(to) };
      const downloaded = await downloadAuditExport(viewer, format, period);
      if (file) URL.revokeObjectURL(file.url);
      const url = URL.createObjectURL(downloaded.blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = downloaded.name;
      link.click();
      return { url, name: downloaded.name, size: downloaded.blob.size };
    },
    onSuccess: setFile,
  });
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('exportPeriod')}</h2>
      <form
        className="filters"
        onSubmit={(event) => {
          event.preventDefault();
          exporting.mutate();
        }}
      >
        <div>
          <label htmlFor={`${id}-format`}>{t('format')}</label>
          <select id={`${id}-format`} value={format} onChange={(event) => setFormat(event.target.value as AuditExportFormat)}>
            <option value="evidence">{language === 'zh' ? '证据（JSON Lines，含检查点与证明）' : 'Evidence (JSON Lines, checkpoints and proofs)'}</option>
            <option value="jsonl">JSON Lines</option>
            <option value="csv">CSV</option>
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-from`}>{t('from')}</label>
          <input id={`${id}-from`} type="datetime-local" value={from} onChange={(event) => setFrom(event.target.value)} disabled={format === 'evidence'} />
        </div>
        <div>
          <label htmlFor={`${id}-to`}>{t('to')}</label>
          <input id={`${id}-to`} type="datetime-local" value={to} onChange={(event) => setTo(event.target.value)} disabled={format === 'evidence'} />
        </div>
        <button type="submit" disabled={exporting.isPending}>
          {t('exportButton')}
        </button>
      </form>
      <ErrorNotice error={exporting.error} />
      {file ? (
        <p role="status">
          <a href={file.url} download={file.name}>
            {file.name}
          </a>{' '}
          ({file.size} B)
        </p>
      ) : null}
    </section>
  );
}
