import { useQuery } from '@tanstack/react-query';
import { createContext, useContext, useId, useState, type FormEvent, type ReactNode } from 'react';
import { getJson, HubError, readClaims, type Viewer } from './hub.ts';
import { useI18n } from './i18n.tsx';

/** One persona of the development picker, as `/console/dev-tokens` lists it. */
interface DevPersona {
  readonly name: string;
  readonly displayName: string;
  readonly department: string;
  readonly roles: readonly string[];
  readonly purposes: readonly string[];
}

const DEV_TOKENS_URL = '/console/dev-tokens';
const STORAGE_KEY = 'cityhub.console.viewer';

interface Session {
  readonly viewer: Viewer;
  signOut(): void;
}

const SessionContext = createContext<Session | undefined>(undefined);

export function useViewer(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useViewer must be used inside a signed-in <SessionGate>');
  return session;
}

/** Shows the sign-in until there is a viewer (kept for this tab only), then its children. */
export function SessionGate({ children }: { children: ReactNode }) {
  const [viewer, setViewer] = useState<Viewer | undefined>(() => {
    const stored = sessionStorage.getItem(STORAGE_KEY);
    return stored ? (JSON.parse(stored) as Viewer) : undefined;
  });
  const signIn = (next: Viewer) => {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    setViewer(next);
  };
  if (!viewer) return <SignIn onSignIn={signIn} />;
  const signOut = () => {
    sessionStorage.removeItem(STORAGE_KEY);
    setViewer(undefined);
  };
  return <SessionContext.Provider value={{ viewer, signOut }}>{children}</SessionContext.Provider>;
}

/** A viewer from a token: who it is for and what it may declare, read from its claims. */
export function viewerOf(token: string, purpose: string, persona?: string): Viewer {
  const claims = readClaims(token);
  const strings = (value: unknown) => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);
  return {
    token,
    purpose,
    ...(persona ? { persona } : {}),
    name: typeof claims.name === 'string' ? claims.name : String(claims.sub ?? ''),
    department: typeof claims.department === 'string' ? claims.department : '',
    roles: strings(claims.roles),
    jurisdictions: strings(claims.jurisdictions),
    purposes: strings(claims.purposes),
  };
}

function SignIn({ onSignIn }: { onSignIn(viewer: Viewer): void }) {
  const { t } = useI18n();
  const personas = useQuery({
    queryKey: ['dev-personas'],
    queryFn: async () => {
      const { status, body } = await getJson<{ personas?: DevPersona[]; error?: string }>(DEV_TOKENS_URL);
      // 404: the hub verifies the identity provider's tokens; nothing is minted here.
      return status === 200 ? body.personas ?? [] : undefined;
    },
  });
  return (
    <main className="sign-in">
      <h1>{t('appTitle')}</h1>
      {personas.isPending ? <p role="status">{t('loading')}</p> : personas.data ? <PersonaPicker personas={personas.data} onSignIn={onSignIn} /> : <PastedToken onSignIn={onSignIn} />}
      {personas.error ? <p role="alert">{String(personas.error.message)}</p> : null}
    </main>
  );
}

function PersonaPicker({ personas, onSignIn }: { personas: readonly DevPersona[]; onSignIn(viewer: Viewer): void }) {
  const { t } = useI18n();
  const id = useId();
  const [name, setName] = useState(personas[0]?.name ?? '');
  const persona = personas.find((p) => p.name === name);
  const [purpose, setPurpose] = useState(persona?.purposes[0] ?? '');
  const [error, setError] = useState<string>();
  const choose = (next: string) => {
    setName(next);
    setPurpose(personas.find((p) => p.name === next)?.purposes[0] ?? '');
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      const { status, body } = await getJson<{ token?: string; error?: string }>(DEV_TOKENS_URL, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ persona: name }),
      });
      if (status !== 200 || !body.token) throw new HubError(body.error ?? `HTTP ${status}`, status);
      onSignIn(viewerOf(body.token, purpose, name));
    } catch (caught) {
      setError((caught as Error).message);
    }
  };
  return (
    <form onSubmit={submit} className="stack">
      <p>{t('devPicker')}</p>
      <label htmlFor={`${id}-persona`}>{t('persona')}</label>
      <select id={`${id}-persona`} value={name} onChange={(event) => choose(event.target.value)}>
        {personas.map((p) => (
          <option key={p.name} value={p.name}>
            {p.displayName} — {p.department}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-purpose`}>{t('purpose')}</label>
      <select id={`${id}-purpose`} value={purpose} onChange={(event) => setPurpose(event.target.value)}>
        {(persona?.purposes ?? []).map((p) => (
          <option key={p}>{p}</option>
        ))}
      </select>
      <button type="submit">{t('signIn')}</button>
      {error ? <p role="alert">{error}</p> : null}
    </form>
  );
}

function PastedToken({ onSignIn }: { onSignIn(viewer: Viewer): void }) {
  const { t } = useI18n();
  const id = useId();
  const [token, setToken] = useState('');
  const [purpose, setPurpose] = useState('');
  const [error, setError] = useState<string>();
  let purposes: readonly string[] = [];
  try {
    purposes = token ? viewerOf(token.trim(), '').purposes : [];
  } catch {
    purposes = [];
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    try {
      onSignIn(viewerOf(token.trim(), purpose || purposes[0] || ''));
    } catch (caught) {
      setError((caught as Error).message);
    }
  };
  return (
    <form onSubmit={submit} className="stack">
      <p>{t('pasteHint')}</p>
      <label htmlFor={`${id}-token`}>{t('pasteToken')}</label>
      <textarea id={`${id}-token`} rows={4} value={token} onChange={(event) => setToken(event.target.value)} required />
      <label htmlFor={`${id}-purpose`}>{t('purpose')}</label>
      <select id={`${id}-purpose`} value={purpose} onChange={(event) => setPurpose(event.target.value)}>
        {purposes.map((p) => (
          <option key={p}>{p}</option>
        ))}
      </select>
      <button type="submit">{t('signIn')}</button>
      {error ? <p role="alert">{error}</p> : null}
    </form>
  );
}
