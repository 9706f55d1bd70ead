import { useEffect, useState } from 'react';
import { api, currentToken, signOut, subscribe } from './api';
import { Board } from './Board';
import { Contracts } from './Contracts';
import { Health } from './Health';
import { Issues } from './Issues';
import { Login } from './Login';
import { NamesContext } from './names';
import { useLoad, useRoute } from './route';
import { TicketPage } from './TicketPage';
import type { Me } from './types';

const VIEWS = [
  ['board', 'Board'],
  ['contracts', 'Contract map'],
  ['issues', 'Mismatches & findings'],
  ['health', 'Health'],
] as const;

export function App() {
  const [token, setToken] = useState(currentToken());
  if (!token) return <Login onSignedIn={() => setToken(currentToken())} />;
  return (
    <Shell
      onSignOut={() => {
        signOut();
        setToken(null);
      }}
    />
  );
}

function Shell({ onSignOut }: { onSignOut: () => void }) {
  const route = useRoute();
  const me = useLoad(() => api<Me>('/me'), []);
  const principals = useLoad(
    () => api<{ id: string; label: string }[]>('/dashboard/principals').catch(() => []),
    [],
  );
  const names = new Map((principals.data ?? []).map((p) => [p.id, p.label]));
  // Every event of the project bumps the version; the open view loads again.
  const [version, setVersion] = useState(0);
  const [live, setLive] = useState(false);
  useEffect(() => subscribe(() => setVersion((v) => v + 1), setLive), []);
  if (me.error) return <Login error={me.error} onSignedIn={() => window.location.reload()} />;
  if (!me.data) return <p className="loading">Loading…</p>;
  const [view = 'board', arg] = route;
  return (
    <NamesContext.Provider value={names}>
      <header className="top">
        <strong className="brand">Baton</strong>
        <span className="project">{me.data.project}</span>
        <nav aria-label="Views">
          {VIEWS.map(([id, label]) => (
            <a key={id} href={`#/${id}`} aria-current={view === id ? 'page' : undefined}>
              {label}
            </a>
          ))}
        </nav>
        <span className={live ? 'live on' : 'live'} title={live ? 'Live updates on' : 'Reconnecting'}>
          {live ? '● live' : '○ offline'}
        </span>
        <span className="who" data-testid="who">
          {me.data.label} ({me.data.human ? 'human' : 'agent'}, {me.data.role})
        </span>
        <button type="button" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <main>
        {view === 'ticket' && arg ? (
          <TicketPage ticketKey={arg} me={me.data} version={version} />
        ) : view === 'contracts' ? (
          <Contracts version={version} />
        ) : view === 'issues' ? (
          <Issues version={version} />
        ) : view === 'health' ? (
          <Health version={version} />
        ) : (
          <Board me={me.data} version={version} />
        )}
      </main>
    </NamesContext.Provider>
  );
}
