import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { schemaFromSdl } from '../answer.ts';
import { conditionalTypes, type ConditionalType } from '../conditional-fields.ts';
import { AGREEMENTS, REQUEST_AGREEMENT, type Agreement } from '../department-documents.ts';
import { request, schemaSdl } from '../hub.ts';
import { useI18n, type MessageKey } from '../i18n.tsx';
import { localDay, startOfLocalDay } from '../local-day.ts';
import { useViewer } from '../session.tsx';
import { DataTable, ErrorNotice } from '../table.tsx';

/** How long a requested agreement holds unless the requester says otherwise. */
const DEFAULT_VALID_DAYS = 90;

/**
 * A department asks another for conditional fields of one of its types, for one of its
 * purposes, until a day and with a reason (`requestAgreement`), and follows its requests'
 * state. The types and fields offered are those the hub's schema marks conditional and
 * owned by another department; the providing department decides (see the agreements table).
 */
export function AgreementRequest() {
  const { t } = useI18n();
  const { viewer } = useViewer();
  const id = useId();
  const queryClient = useQueryClient();
  const catalogue = useQuery({
    queryKey: ['conditional-types', viewer.token, viewer.purpose],
    queryFn: async () => conditionalTypes(schemaFromSdl(await schemaSdl(viewer)), viewer.department),
  });
  const [typeName, setTypeName] = useState('');
  const [fields, setFields] = useState<readonly string[]>([]);
  const [purpose, setPurpose] = useState(viewer.purpose);
  const [validUntil, setValidUntil] = useState(() => localDay(new Date(Date.now() + DEFAULT_VALID_DAYS * 86_400_000)));
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<MessageKey>();
  const chosen: ConditionalType | undefined = catalogue.data?.find((type) => type.typeName === typeName);
  const send = useMutation({
    mutationFn: (input: { providerDepartment: string; typeName: string; fields: string[]; purpose: string; validUntil: string; reason: string }) => request(viewer, REQUEST_AGREEMENT, { input }),
    onSuccess: () => {
      setFields([]);
      setReason('');
      return queryClient.invalidateQueries({ queryKey: ['agreements'] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const wrong: MessageKey | undefined = !chosen ? 'chooseTypeFirst' : fields.length === 0 ? 'chooseFields' : !reason.trim() ? 'giveReason' : undefined;
    setProblem(wrong);
    if (wrong || !chosen) return;
    // Valid until the end of the chosen day, in the viewer's time zone.
    const until = startOfLocalDay(validUntil, 1).toISOString();
    send.mutate({ providerDepartment: chosen.department, typeName: chosen.typeName, fields: [...fields], purpose, validUntil: until, reason: reason.trim() });
  };
  const sent = send.data?.requestAgreement;
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('requestFields')}</h2>
      <ErrorNotice error={catalogue.error} />
      {catalogue.data && catalogue.data.length === 0 ? <p>{t('noConditionalTypes')}</p> : null}
      {catalogue.data && catalogue.data.length > 0 ? (
        <form className="stack request" onSubmit={submit} noValidate>
          <div>
            <label htmlFor={`${id}-type`}>{t('providerType')}</label>
            <select
              id={`${id}-type`}
              value={typeName}
              onChange={(event) => {
                setTypeName(event.target.value);
                setFields([]);
              }}
            >
              <option value="">{t('chooseType')}</option>
              {catalogue.data.map((type) => (
                <option key={type.typeName} value={type.typeName}>
                  {type.typeName} · {type.department}
                </option>
              ))}
            </select>
          </div>
          {chosen ? (
            <fieldset>
              <legend>{t('conditionalFields')}</legend>
              {chosen.fields.map((field) => (
                <label key={field} className="check">
                  <input
                    type="checkbox"
                    checked={fields.includes(field)}
                    onChange={(event) => setFields(event.target.checked ? [...fields, field] : fields.filter((f) => f !== field))}
                  />{' '}
                  {field}
                </label>
              ))}
            </fieldset>
          ) : null}
          <div>
            <label htmlFor={`${id}-purpose`}>{t('purpose')}</label>
            <select id={`${id}-purpose`} value={purpose} onChange={(event) => setPurpose(event.target.value)}>
              {viewer.purposes.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor={`${id}-until`}>{t('validUntil')}</label>
            <input id={`${id}-until`} type="date" value={validUntil} onChange={(event) => setValidUntil(event.target.value)} required />
          </div>
          <div>
            <label htmlFor={`${id}-reason`}>{t('requestReason')}</label>
            <textarea id={`${id}-reason`} rows={2} value={reason} onChange={(event) => setReason(event.target.value)} required />
          </div>
          <div>
            <button type="submit" disabled={send.isPending}>
              {t('sendRequest')}
            </button>
          </div>
        </form>
      ) : null}
      {problem ? (
        <p role="alert" className="error">
          {t(problem)}
        </p>
      ) : null}
      <ErrorNotice error={send.error} />
      {sent ? (
        <p role="status">
          {t('requestSent')}: {sent.typeName} ({sent.fields.join(', ')}) · {sent.providerDepartment} · {sent.status}
        </p>
      ) : null}
      <OurRequests />
    </section>
  );
}

/** The agreements the viewer's department asked for, every state, newest first. */
function OurRequests() {
  const { t } = useI18n();
  const { viewer } = useViewer();
  const agreements = useQuery({ queryKey: ['agreements', viewer.token], queryFn: () => request(viewer, AGREEMENTS) });
  const ours = (agreements.data?.agreements ?? []).filter((a) => a.requesterDepartment === viewer.department).sort((a, b) => b.requestedAt.localeCompare(a.requestedAt));
  return (
    <>
      <ErrorNotice error={agreements.error} />
      <DataTable
        caption={t('ourRequests')}
        rows={ours}
        rowKey={(agreement: Agreement) => agreement.id}
        empty={`${t('ourRequests')}: ${t('none')}`}
        columns={[
          { header: t('provider'), cell: (a) => a.providerDepartment },
          { header: t('type'), cell: (a) => a.typeName },
          { header: t('fields'), cell: (a) => a.fields.join(', ') },
          { header: t('purpose'), cell: (a) => a.purpose },
          { header: t('requestedAt'), cell: (a) => <time dateTime={a.requestedAt}>{new Date(a.requestedAt).toLocaleString()}</time> },
          { header: t('expires'), cell: (a) => <time dateTime={a.validUntil}>{new Date(a.validUntil).toLocaleDateString()}</time> },
          { header: t('reason'), cell: (a) => a.reason },
          { header: t('status'), cell: (a) => <span className={`status status-${a.status.toLowerCase()}`}>{a.status}</span> },
          { header: t('decisionNote'), cell: (a) => a.revocationReason ?? a.decisionNote ?? '—' },
        ]}
      />
    </>
  );
}
