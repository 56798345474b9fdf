import { useQueries, useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { ACCESSES_BY_DEPARTMENT, CONDITIONAL_FIELD_USE, OUT_OF_HOURS, UNUSUAL_PERSONAL_READS } from '../audit-documents.ts';
import { BarChart } from '../bar-chart.tsx';
import { request } from '../hub.ts';
import { useI18n, type MessageKey } from '../i18n.tsx';
import { localDay, startOfLocalDay } from '../local-day.ts';
import { useViewer } from '../session.tsx';
import { DataTable, ErrorNotice, type Column } from '../table.tsx';

/** The longest period the reports chart day by day (the accesses chart asks the hub once per day). */
export const MAX_REPORT_DAYS = 62;
const DEFAULT_REPORT_DAYS = 14;

/** A report period of whole days in the browser's time zone: `from` to `to`, both included, as `YYYY-MM-DD`. */
interface Period {
  readonly from: string;
  readonly to: string;
}

function nextDay(day: string): string {
  return localDay(startOfLocalDay(day, 1));
}

/** Every day of a period, oldest first. */
function daysOf(period: Period): string[] {
  const days: string[] = [];
  for (let day = period.from; day <= period.to; day = nextDay(day)) days.push(day);
  return days;
}

/** The period as the API takes it: `from` inclusive to `to` exclusive, as instants. */
function instants(period: Period): { from: string; to: string } {
  return { from: startOfLocalDay(period.from).toISOString(), to: startOfLocalDay(period.to, 1).toISOString() };
}

/** What is wrong with a period, as a message key, or undefined. */
function periodProblem(period: Period): MessageKey | undefined {
  if (!period.from || !period.to) return 'periodMissing';
  if (period.to < period.from) return 'periodReversed';
  if (daysOf(period).length > MAX_REPORT_DAYS) return 'periodTooLong';
  return undefined;
}

/** Counts per day of the period (rows outside it are not counted), in the order of `days`. */
function perDay<Row>(days: readonly string[], rows: readonly Row[], dayOf: (row: Row) => string, amount: (row: Row) => number = () => 1): number[] {
  const totals = new Map(days.map((day) => [day, 0]));
  for (const row of rows) {
    const day = dayOf(row);
    const total = totals.get(day);
    if (total !== undefined) totals.set(day, total + amount(row));
  }
  return days.map((day) => totals.get(day)!);
}

/**
 * The auditors' four reports over one period of days: accesses by department and purpose,
 * accesses outside office hours, unusual personal-record reads and the use of conditional
 * fields, each as a table over the whole period and a chart per day.
 */
export function AuditReports() {
  const { t } = useI18n();
  const id = useId();
  const [draft, setDraft] = useState<Period>(() => {
    const today = new Date();
    return { from: localDay(startOfLocalDay(localDay(today), 1 - DEFAULT_REPORT_DAYS)), to: localDay(today) };
  });
  const [period, setPeriod] = useState<Period>(draft);
  const [problem, setProblem] = useState<MessageKey>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const wrong = periodProblem(draft);
    setProblem(wrong);
    if (!wrong) setPeriod(draft);
  };
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('reports')}</h2>
      <form className="filters" onSubmit={submit} aria-label={t('reportPeriod')} noValidate>
        <div>
          <label htmlFor={`${id}-from`}>{t('firstDay')}</label>
          <input id={`${id}-from`} type="date" value={draft.from} onChange={(event) => setDraft({ ...draft, from: event.target.value })} aria-describedby={problem ? `${id}-problem` : undefined} />
        </div>
        <div>
          <label htmlFor={`${id}-to`}>{t('lastDay')}</label>
          <input id={`${id}-to`} type="date" value={draft.to} onChange={(event) => setDraft({ ...draft, to: event.target.value })} aria-describedby={problem ? `${id}-problem` : undefined} />
        </div>
        <button type="submit">{t('showReports')}</button>
      </form>
      {problem ? (
        <p role="alert" id={`${id}-problem`} className="error">
          {t(problem).replace('{n}', String(MAX_REPORT_DAYS))}
        </p>
      ) : null}
      <AccessesReport period={period} />
      <OutOfHoursReport period={period} />
      <UnusualReadsReport period={period} />
      <ConditionalUseReport period={period} />
    </section>
  );
}

/** One report: its heading, its chart per day and its table. */
function Report<Row>({ title, period, days = daysOf(period), values, error, rows, rowKey, columns }: { title: MessageKey; period: Period; days?: readonly string[]; values: readonly number[] | undefined; error: Error | null; rows: readonly Row[] | undefined; rowKey: (row: Row, index: number) => string; columns: readonly Column<Row>[] }) {
  const { t } = useI18n();
  const id = useId();
  const caption = `${t(title)} · ${period.from} – ${period.to}`;
  return (
    <section aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t(title)}</h3>
      <ErrorNotice error={error} />
      {values ? <BarChart label={`${t(title)} · ${t('perDay')}`} labels={days} values={values} empty={t('none')} /> : <p role="status">{t('loading')}</p>}
      {rows ? <DataTable caption={caption} rows={rows} rowKey={rowKey} empty={`${caption}: ${t('none')}`} columns={columns} /> : null}
    </section>
  );
}

const time = (at: string) => <time dateTime={at}>{new Date(at).toLocaleString()}</time>;
const dash = (value: string | null) => value ?? '—';

function AccessesReport({ period }: { period: Period }) {
  const { t } = useI18n();
  const { viewer } = useViewer();
  const whole = useQuery({ queryKey: ['report-accesses', viewer.token, period], queryFn: () => request(viewer, ACCESSES_BY_DEPARTMENT, instants(period)) });
  // The report has no time axis of its own: the chart asks it once for each day.
  const days = useQueries({
    queries: daysOf(period).map((day) => ({
      queryKey: ['report-accesses-day', viewer.token, day],
      queryFn: () => request(viewer, ACCESSES_BY_DEPARTMENT, instants({ from: day, to: day })),
    })),
  });
  const values = days.every((day) => day.data) ? days.map((day) => day.data!.auditReportAccessesByDepartmentAndPurpose.reduce((sum, row) => sum + row.accesses, 0)) : undefined;
  return (
    <Report
      title="accessesByDepartment"
      period={period}
      values={values}
      error={whole.error ?? days.find((day) => day.error)?.error ?? null}
      rows={whole.data?.auditReportAccessesByDepartmentAndPurpose}
      rowKey={(row) => `${row.department}-${row.purpose}`}
      columns={[
        { header: t('department'), cell: (row) => dash(row.department) },
        { header: t('purpose'), cell: (row) => dash(row.purpose) },
        { header: t('accesses'), cell: (row) => row.accesses },
        { header: t('denied'), cell: (row) => row.denied },
        { header: t('failed'), cell: (row) => row.failed },
        { header: t('principals'), cell: (row) => row.principals },
        { header: t('personalRecords'), cell: (row) => row.personalRecords },
      ]}
    />
  );
}

function OutOfHoursReport({ period }: { period: Period }) {
  const { t } = useI18n();
  const { viewer } = useViewer();
  const report = useQuery({ queryKey: ['report-out-of-hours', viewer.token, period], queryFn: () => request(viewer, OUT_OF_HOURS, instants(period)) });
  const rows = report.data?.auditReportOutOfHours;
  return (
    <Report
      title="outOfHours"
      period={period}
      values={rows ? perDay(daysOf(period), rows, (row) => localDay(new Date(row.occurredAt))) : undefined}
      error={report.error}
      rows={rows}
      rowKey={(row) => String(row.seq)}
      columns={[
        { header: '#', cell: (row) => row.seq },
        { header: t('time'), cell: (row) => time(row.occurredAt) },
        { header: t('officeLocalTime'), cell: (row) => row.localTime },
        { header: t('principal'), cell: (row) => dash(row.principal) },
        { header: t('department'), cell: (row) => dash(row.department) },
        { header: t('purpose'), cell: (row) => dash(row.purpose) },
        { header: t('operation'), cell: (row) => dash(row.operationName) },
        { header: t('outcome'), cell: (row) => <span className={`outcome outcome-${row.outcome}`}>{row.outcome}</span> },
        { header: t('personalRecords'), cell: (row) => row.personalRecords },
      ]}
    />
  );
}

function UnusualReadsReport({ period }: { period: Period }) {
  const { t } = useI18n();
  const { viewer } = useViewer();
  const report = useQuery({ queryKey: ['report-unusual-reads', viewer.token, period], queryFn: () => request(viewer, UNUSUAL_PERSONAL_READS, instants(period)) });
  const rows = report.data?.auditReportUnusualPersonalReads;
  // The report's days are the city's (its time zone, which may be a day ahead of the viewer's):
  // the chart has the period's days and any other day the report names, each unusual day counted once.
  const days = [...new Set([...daysOf(period), ...(rows ?? []).map((row) => row.day)])].sort();
  return (
    <Report
      title="unusualPersonalReads"
      period={period}
      days={days}
      values={rows ? perDay(days, rows, (row) => row.day) : undefined}
      error={report.error}
      rows={rows}
      rowKey={(row) => `${row.principal}-${row.day}`}
      columns={[
        { header: t('day'), cell: (row) => row.day },
        { header: t('principal'), cell: (row) => row.principal },
        { header: t('department'), cell: (row) => dash(row.department) },
        { header: t('personalRecords'), cell: (row) => row.personalRecords },
        { header: t('historyMedian'), cell: (row) => row.historyMedian },
        { header: t('historyDays'), cell: (row) => row.historyDays },
      ]}
    />
  );
}

function ConditionalUseReport({ period }: { period: Period }) {
  const { t } = useI18n();
  const { viewer } = useViewer();
  const report = useQuery({ queryKey: ['report-conditional-use', viewer.token, period], queryFn: () => request(viewer, CONDITIONAL_FIELD_USE, instants(period)) });
  const rows = report.data?.auditReportConditionalFieldUse;
  return (
    <Report
      title="conditionalFieldUse"
      period={period}
      values={rows ? perDay(daysOf(period), rows, (row) => localDay(new Date(row.occurredAt))) : undefined}
      error={report.error}
      rows={rows}
      rowKey={(row) => `${row.seq}-${row.system}`}
      columns={[
        { header: '#', cell: (row) => row.seq },
        { header: t('time'), cell: (row) => time(row.occurredAt) },
        { header: t('principal'), cell: (row) => dash(row.principal) },
        { header: t('department'), cell: (row) => dash(row.department) },
        { header: t('purpose'), cell: (row) => dash(row.purpose) },
        { header: t('system'), cell: (row) => row.system },
        { header: t('fields'), cell: (row) => row.fields.join(', ') },
        { header: t('agreements'), cell: (row) => row.agreementIds.join(', ') || '—' },
        { header: t('flagged'), cell: (row) => (row.flagged ? <span className="error">{t('yes')}: {row.problems.join('; ')}</span> : t('no')) },
      ]}
    />
  );
}
