import { useQuery } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import { answerShape, cellOf, nestedRows, schemaFromSdl, withheldPatterns, type AnswerColumn, type AnswerRoot, type Cell } from '../answer.ts';
import { execute, getJson, HubError, schemaSdl, type GraphQLAnswer, type Viewer } from '../hub.ts';
import { useI18n } from '../i18n.tsx';
import { useViewer } from '../session.tsx';
import { DataTable, ErrorNotice } from '../table.tsx';
import { BarChart } from '../bar-chart.tsx';

/** One scenario document as `GET /operations` lists it. */
interface Scenario {
  readonly id: string;
  readonly operations: readonly string[];
  readonly document: string;
  readonly example: { readonly variables: Record<string, unknown>; readonly persona?: string; readonly purpose?: string };
}

/** The operations centre: each scenario document of the hub as a page that runs its operations as the viewer. */
export function OperationsPage() {
  const { t } = useI18n();
  const { viewer } = useViewer();
  const scenarios = useQuery({
    queryKey: ['scenarios'],
    queryFn: async () => {
      const { status, body } = await getJson<{ operations: Scenario[] }>('/operations');
      if (status !== 200) throw new HubError(`/operations answered HTTP ${status}`, status);
      return body.operations;
    },
  });
  const schema = useQuery({ queryKey: ['schema', viewer.token, viewer.purpose], queryFn: async () => schemaFromSdl(await schemaSdl(viewer)) });
  const [selected, setSelected] = useState<string>();
  const scenario = scenarios.data?.find((s) => s.id === selected) ?? scenarios.data?.[0];
  return (
    <>
      <h1>{t('navOperations')}</h1>
      <ErrorNotice error={scenarios.error ?? schema.error} />
      <div className="split">
        <nav aria-label={t('scenarios')} className="side">
          <h2>{t('scenarios')}</h2>
          <ul>
            {(scenarios.data ?? []).map((s) => (
              <li key={s.id}>
                <button type="button" aria-pressed={s === scenario} onClick={() => setSelected(s.id)}>
                  {s.id}
                </button>
              </li>
            ))}
          </ul>
        </nav>
        {scenario && schema.data ? <ScenarioRun key={scenario.id} scenario={scenario} schema={schema.data} /> : <p role="status">{t('loading')}</p>}
      </div>
    </>
  );
}

function ScenarioRun({ scenario, schema }: { scenario: Scenario; schema: ReturnType<typeof schemaFromSdl> }) {
  const { t } = useI18n();
  const { viewer } = useViewer();
  const id = useId();
  const [operationName, setOperationName] = useState(scenario.operations[0]!);
  const [variablesText, setVariablesText] = useState(JSON.stringify(scenario.example.variables, null, 2));
  const [run, setRun] = useState<{ operationName: string; variables: Record<string, unknown> }>();
  const [inputError, setInputError] = useState<string>();
  const answer = useQuery({
    queryKey: ['scenario', viewer.token, viewer.purpose, scenario.id, run],
    enabled: run !== undefined,
    queryFn: () => execute<Record<string, unknown>, Record<string, unknown>>(viewer, scenario.document, run!.variables, run!.operationName),
  });
  const shape = useMemo(() => {
    try {
      return run ? answerShape(schema, scenario.document, run.operationName) : undefined;
    } catch (error) {
      return error as Error;
    }
  }, [schema, scenario.document, run]);
  const start = () => {
    try {
      const variables = JSON.parse(variablesText) as unknown;
      if (variables === null || typeof variables !== 'object' || Array.isArray(variables)) throw new TypeError('the variables must be one JSON object');
      setInputError(undefined);
      setRun({ operationName, variables: variables as Record<string, unknown> });
    } catch (error) {
      setInputError(`${t('variables')}: ${(error as Error).message}`);
    }
  };
  return (
    <section aria-labelledby={`${id}-title`} className="grow">
      <h2 id={`${id}-title`}>{scenario.id}</h2>
      <p>
        {t('runAs')} <code>{viewer.purpose}</code>
        {scenario.example.purpose && scenario.example.purpose !== viewer.purpose ? ` (${scenario.example.persona} · ${scenario.example.purpose})` : ''}
      </p>
      <div className="filters">
        <div>
          <label htmlFor={`${id}-operation`}>{t('operation')}</label>
          <select id={`${id}-operation`} value={operationName} onChange={(event) => setOperationName(event.target.value)}>
            {scenario.operations.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </div>
        <div className="wide">
          <label htmlFor={`${id}-variables`}>{t('variables')}</label>
          <textarea id={`${id}-variables`} rows={2} value={variablesText} onChange={(event) => setVariablesText(event.target.value)} />
        </div>
        <button type="button" onClick={start}>
          {t('run')}
        </button>
      </div>
      {inputError ? <p role="alert" className="error">{inputError}</p> : null}
      <ErrorNotice error={answer.error ?? (shape instanceof Error ? shape : null)} />
      {answer.isFetching ? <p role="status">{t('loading')}</p> : null}
      {answer.data && shape && !(shape instanceof Error) ? <Answer answer={answer.data} roots={shape} /> : null}
    </section>
  );
}

function Answer({ answer, roots }: { answer: GraphQLAnswer<Record<string, unknown>>; roots: readonly AnswerRoot[] }) {
  const { t } = useI18n();
  const withheld = withheldPatterns(answer.errors);
  return (
    <div aria-label={t('answer')}>
      {answer.errors && answer.errors.length > 0 ? (
        <details className="notices">
          <summary>
            {t('notices')} ({answer.errors.length})
          </summary>
          <ul>
            {answer.errors.map((error, index) => (
              <li key={index}>
                <code>{error.path?.join('.') ?? ''}</code> {error.message}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {roots.map((root) => {
        const rows = root.list ? nestedRows(answer.data, { path: [root.key], pattern: root.key, personal: false, typeName: root.typeName }) : [answer.data];
        return (
          <section key={root.key}>
            <h3>{root.key}</h3>
            {/* The city's vital signs are compared district by district: a list of districts gets a chart. */}
            {root.list && root.typeName === 'District' ? <RootChart rows={rows} columns={root.columns} title={root.key} /> : null}
            <AnswerTable caption={root.key} rows={rows} columns={root.columns} withheld={withheld} />
          </section>
        );
      })}
    </div>
  );
}

function CellView({ cell }: { cell: Cell }) {
  const { t } = useI18n();
  switch (cell.kind) {
    case 'value':
      return <>{cell.value}</>;
    case 'masked':
      return (
        <span className="masked">
          {cell.value} <span className="badge">{t('masked')}</span>
        </span>
      );
    case 'withheld':
      return (
        <span className="withheld badge" title={cell.reason}>
          {t('withheld')}
        </span>
      );
    case 'empty':
      return <span aria-label="null">—</span>;
  }
}

function AnswerTable({ caption, rows, columns, withheld }: { caption: string; rows: readonly unknown[]; columns: readonly AnswerColumn[]; withheld: ReadonlyMap<string, string> }) {
  const { t } = useI18n();
  return (
    <DataTable
      caption={caption}
      rows={rows}
      rowKey={(_row, index) => String(index)}
      empty={t('none')}
      columns={columns.map((column) => ({
        header: column.path.join('.'),
        cell: (row: unknown) => (column.nested ? <NestedCell row={row} column={column} withheld={withheld} /> : <CellView cell={cellOf(row, column, withheld)} />),
      }))}
    />
  );
}

function NestedCell({ row, column, withheld }: { row: unknown; column: AnswerColumn; withheld: ReadonlyMap<string, string> }) {
  const cell = cellOf(row, column, withheld);
  if (cell.kind === 'withheld') return <CellView cell={cell} />;
  const rows = nestedRows(row, column);
  if (rows.length === 0) return <span>0</span>;
  return (
    <details>
      <summary>{rows.length}</summary>
      <AnswerTable caption={column.path.join('.')} rows={rows} columns={column.nested!} withheld={withheld} />
    </details>
  );
}

/** A bar chart of one numeric column per district, the measure chosen by the viewer. */
function RootChart({ rows, columns, title }: { rows: readonly unknown[]; columns: readonly AnswerColumn[]; title: string }) {
  const { t } = useI18n();
  const id = useId();
  const numeric = columns.filter((column) => !column.nested && rows.some((row) => typeof cellValue(row, column) === 'number'));
  const label = columns.find((column) => column.path.join('.') === 'name') ?? columns.find((column) => !column.nested && rows.every((row) => typeof cellValue(row, column) === 'string'));
  const [measure, setMeasure] = useState(numeric[0]?.pattern);
  const chosen = numeric.find((column) => column.pattern === measure) ?? numeric[0];
  if (rows.length < 2 || !chosen || !label) return null;
  return (
    <figure className="chart">
      <label htmlFor={`${id}-measure`}>{title}: </label>
      <select id={`${id}-measure`} value={chosen.pattern} onChange={(event) => setMeasure(event.target.value)}>
        {numeric.map((column) => (
          <option key={column.pattern} value={column.pattern}>
            {column.path.join('.')}
          </option>
        ))}
      </select>
      <BarChart
        label={`${title} · ${chosen.path.join('.')}`}
        labels={rows.map((row) => String(cellValue(row, label) ?? ''))}
        values={rows.map((row) => {
          const value = cellValue(row, chosen);
          return typeof value === 'number' ? value : null;
        })}
        empty={t('withheld')}
      />
    </figure>
  );
}

function cellValue(row: unknown, column: AnswerColumn): unknown {
  let value: unknown = row;
  for (const step of column.path) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[step] : undefined;
  return value;
}
