import { lazy, Suspense, useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useI18n, type Language, type MessageKey } from './i18n.tsx';
import { useViewer } from './session.tsx';
// Each page is its own chunk: an auditor never loads the chart library or GraphQL parser of the operations centre.
const AuditPage = lazy(() => import('./pages/audit.tsx').then((module) => ({ default: module.AuditPage })));
const OperationsPage = lazy(() => import('./pages/operations.tsx').then((module) => ({ default: module.OperationsPage })));
const DepartmentsPage = lazy(() => import('./pages/departments.tsx').then((module) => ({ default: module.DepartmentsPage })));
import type { Viewer } from './hub.ts';

interface PageDefinition {
  readonly id: string;
  readonly label: MessageKey;
  /** Whether the viewer's roles make the page useful; the hub still decides every answer. */
  readonly for: (viewer: Viewer) => boolean;
  readonly render: () => React.ReactNode;
}

const PAGES: readonly PageDefinition[] = [
  { id: 'audit', label: 'navAudit', for: (viewer) => viewer.roles.includes('auditor'), render: () => <AuditPage /> },
  { id: 'operations', label: 'navOperations', for: (viewer) => !viewer.roles.includes('auditor') && viewer.purposes.some((p) => p !== 'connector-administration'), render: () => <OperationsPage /> },
  {
    id: 'departments',
    label: 'navDepartments',
    for: (viewer) => viewer.roles.includes('connector-admin') || viewer.roles.includes('platform-admin') || (viewer.jurisdictions.length > 0 && !viewer.roles.includes('auditor')),
    render: () => <DepartmentsPage />,
  },
];

function pageFromHash(): string {
  return window.location.hash.replace(/^#\/?/, '').split('/')[0] ?? '';
}

export function App() {
  const { t, language, setLanguage } = useI18n();
  const { viewer, signOut } = useViewer();
  const queryClient = useQueryClient();
  const pages = PAGES.filter((page) => page.for(viewer));
  const [current, setCurrent] = useState(pageFromHash);
  useEffect(() => {
    const onHash = () => setCurrent(pageFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const page = pages.find((p) => p.id === current) ?? pages[0];
  const leave = () => {
    // Another viewer must not see this one's answers from the cache.
    queryClient.clear();
    signOut();
  };
  const skipToMain = (event: React.MouseEvent) => {
    // The hash is the page's route: move the focus instead of following the link.
    event.preventDefault();
    document.getElementById('main')?.focus();
  };
  return (
    <>
      <a className="skip-link" href="#main" onClick={skipToMain}>
        {t('skipToMain')}
      </a>
      <header className="top">
        <strong>{t('appTitle')}</strong>
        <nav aria-label={t('appTitle')}>
          {pages.map((p) => (
            <a key={p.id} href={`#/${p.id}`} aria-current={p === page ? 'page' : undefined}>
              {t(p.label)}
            </a>
          ))}
        </nav>
        <span className="who">
          {t('signedInAs')} <b>{viewer.name}</b> · {viewer.department} · {t('purpose')}: <code>{viewer.purpose}</code>
        </span>
        <label>
          {t('language')}{' '}
          <select value={language} onChange={(event) => setLanguage(event.target.value as Language)}>
            <option value="zh">中文</option>
            <option value="en">English</option>
          </select>
        </label>
        <button type="button" onClick={leave}>
          {t('signOut')}
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<p role="status">{t('loading')}</p>}>{page ? page.render() : <p>{t('notSignedInPages')}</p>}</Suspense>
      </main>
    </>
  );
}
