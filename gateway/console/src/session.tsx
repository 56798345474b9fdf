import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { execute, getJson, HubError, readClaims, type Viewer } from './hub.ts';
import { useI18n } from './i18n.tsx';
import { useLoginMessages } from './login-messages.ts';
import { completeLogin, isCallback, startLogin, type OidcSettings } from './oidc-login.ts';

/** One persona of the development picker, as `/console/dev-tokens` lists it. */
interface DevPersona {
  readonly name: string;
  readonly displayName: string;
  readonly department: string;
  readonly roles: readonly string[];
  readonly purposes: readonly string[];
}

const DEV_TOKENS_URL = '/console/dev-tokens';
const CONFIG_URL = '/console/config';
const STORAGE_KEY = 'cityhub.console.viewer';
const CONSOLE_HOME = '/console/';

/** How to sign in, as `/console/config` lists it. */
interface ConsoleConfig {
  readonly development: boolean;
  readonly oidc: OidcSettings | null;
}

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

/**
 * Shows the sign-in until there is a viewer (kept for this tab only), then its children. A
 * request the hub answers 401 (the token expired, or is no longer accepted) ends the
 * session: the sign-in comes back saying so, with the hub's message.
 */
export function SessionGate({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [viewer, setViewer] = useState<Viewer | undefined>(() => {
    const stored = sessionStorage.getItem(STORAGE_KEY);
    return stored ? (JSON.parse(stored) as Viewer) : undefined;
  });
  const [ended, setEnded] = useState<string>();
  const signIn = (next: Viewer) => {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    setEnded(undefined);
    setViewer(next);
  };
  const signOut = () => {
    sessionStorage.removeItem(STORAGE_KEY);
    setViewer(undefined);
  };
  useEffect(() => {
    if (!viewer) return undefined;
    const expire = (error: unknown) => {
      if (!(error instanceof HubError) || error.status !== 401) return;
      // Another viewer must not see this one's answers from the cache.
      queryClient.clear();
      sessionStorage.removeItem(STORAGE_KEY);
      setEnded(error.message);
      setViewer(undefined);
    };
    const queries = queryClient.getQueryCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error') expire(event.action.error);
    });
    const mutations = queryClient.getMutationCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error') expire(event.action.error);
    });
    return () => {
      queries();
      mutations();
    };
  }, [viewer, queryClient]);
  if (!viewer) return <SignIn onSignIn={signIn} ended={ended} />;
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

function SignIn({ onSignIn, ended }: { onSignIn(viewer: Viewer): void; ended?: string }) {
  const { t } = useI18n();
  const m = useLoginMessages();
  const config = useQuery({
    queryKey: ['console-config'],
    queryFn: async () => {
      const { status, body } = await getJson<ConsoleConfig & { error?: string }>(CONFIG_URL);
      if (status !== 200) throw new HubError(body.error ?? `${CONFIG_URL} answered HTTP ${status}`, status);
      return body;
    },
  });
  const personas = useQuery({
    queryKey: ['dev-personas'],
    enabled: config.data?.development === true,
    queryFn: async () => {
      const { status, body } = await getJson<{ personas?: DevPersona[]; error?: string }>(DEV_TOKENS_URL);
      if (status !== 200) throw new HubError(body.error ?? `${DEV_TOKENS_URL} answered HTTP ${status}`, status);
      return body.personas ?? [];
    },
  });
  const oidc = config.data?.oidc ?? null;
  let body: ReactNode;
  if (config.isPending || (config.data?.development && personas.isPending)) body = <p role="status">{t('loading')}</p>;
  else if (oidc && isCallback()) body = <OidcCallback settings={oidc} onSignIn={onSignIn} />;
  else if (personas.data) body = <PersonaPicker personas={personas.data} onSignIn={onSignIn} />;
  else
    body = (
      <>
        {oidc ? <OidcSignIn settings={oidc} /> : null}
        {oidc ? <p>{m('orPaste')}</p> : null}
        <PastedToken onSignIn={onSignIn} />
      </>
    );
  return (
    <main className="sign-in">
      <h1>{t('appTitle')}</h1>
      {ended ? (
        <div role="alert">
          <p>{m('sessionExpired')}</p>
          <p>{ended}</p>
        </div>
      ) : null}
      {body}
      {config.error ? <p role="alert">{String(config.error.message)}</p> : null}
      {personas.error ? <p role="alert">{String(personas.error.message)}</p> : null}
    </main>
  );
}

function OidcSignIn({ settings }: { settings: OidcSettings }) {
  const m = useLoginMessages();
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);
  const go = async () => {
    setError(undefined);
    setPending(true);
    try {
      await startLogin(settings);
    } catch (caught) {
      setError((caught as Error).message);
      setPending(false);
    }
  };
  return (
    <div className="stack">
      <p>{m('oidcHint')}</p>
      <button type="button" onClick={go} disabled={pending}>
        {m('oidcSignIn')}
      </button>
      {error ? <p role="alert">{error}</p> : null}
    </div>
  );
}

// The provider's redirect is completed once per page load, even when React runs an effect twice.
let completion: Promise<string> | undefined;

/** Asks the hub whether it accepts a token, so its 401 message is shown before the console opens. */
async function accepted(viewer: Viewer): Promise<void> {
  await execute(viewer, 'query CityHubSignIn { __typename }', {}, 'CityHubSignIn');
}

function OidcCallback({ settings, onSignIn }: { settings: OidcSettings; onSignIn(viewer: Viewer): void }) {
  const m = useLoginMessages();
  const [token, setToken] = useState<string>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    completion ??= completeLogin(settings, new URL(window.location.href));
    completion.then(
      (idToken) => {
        // The code and state leave the address bar: a reload must not replay them.
        window.history.replaceState(null, '', CONSOLE_HOME);
        setToken(idToken);
      },
      (caught: Error) => {
        window.history.replaceState(null, '', CONSOLE_HOME);
        setError(caught.message);
      },
    );
  }, [settings]);
  const back = () => {
    completion = undefined;
    window.location.assign(CONSOLE_HOME);
  };
  if (error) {
    return (
      <div className="stack">
        <div role="alert">
          <p>{m('oidcFailed')}</p>
          <p>{error}</p>
        </div>
        <button type="button" onClick={back}>
          {m('oidcRetry')}
        </button>
      </div>
    );
  }
  if (!token) return <p role="status">{m('oidcCompleting')}</p>;
  return <ChoosePurpose token={token} onSignIn={onSignIn} onRefused={setError} />;
}

function ChoosePurpose({ token, onSignIn, onRefused }: { token: string; onSignIn(viewer: Viewer): void; onRefused(message: string): void }) {
  const { t } = useI18n();
  const m = useLoginMessages();
  const id = useId();
  const purposes = viewerOf(token, '').purposes;
  const [purpose, setPurpose] = useState(purposes[0] ?? '');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const viewer = viewerOf(token, purpose);
    try {
      await accepted(viewer);
    } catch (caught) {
      onRefused((caught as Error).message);
      return;
    }
    onSignIn(viewer);
  };
  return (
    <form onSubmit={submit} className="stack">
      <p>{m('choosePurpose')}</p>
      <label htmlFor={`${id}-purpose`}>{t('purpose')}</label>
      <select id={`${id}-purpose`} value={purpose} onChange={(event) => setPurpose(event.target.value)}>
        {purposes.map((p) => (
          <option key={p}>{p}</option>
        ))}
      </select>
      <button type="submit">{m('continue')}</button>
    </form>
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
