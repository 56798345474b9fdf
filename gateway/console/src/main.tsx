import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { I18nProvider } from './i18n.tsx';
import { SessionGate } from './session.tsx';
import './styles.css';

// Policies decide per request: a failed request is shown, not retried behind the viewer's back.
const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <SessionGate>
          <App />
        </SessionGate>
      </I18nProvider>
    </QueryClientProvider>
  </StrictMode>,
);
