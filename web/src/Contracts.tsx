import { useState } from 'react';
import { api } from './api';
import { useLoad } from './route';
import type { Source } from './types';

interface ContractMap {
  endpoints: {
    id: string;
    repo: string;
    method: string;
    path: string;
    auth: string;
    source: Source;
    callers: { method: string; path: string; client: string; source: Source }[];
  }[];
  tables: {
    name: string;
    schema: string;
    rls?: boolean;
    columns: { name: string; type: string; nullable: boolean }[];
    usedBy: { op: string; client: string; source: Source }[];
  }[];
}

const at = (s: Source) => `${s.repo}: ${s.file}:${s.line}`;

/** Endpoints per backend with their callers (and the unused ones); tables with columns, RLS and users. */
export function Contracts({ version }: { version: number }) {
  const map = useLoad(() => api<ContractMap>('/dashboard/contracts'), [version]);
  const [search, setSearch] = useState('');
  if (map.error) return <p role="alert">{map.error}</p>;
  if (!map.data) return <p className="loading">Loading the contract map…</p>;
  const needle = search.trim().toLowerCase();
  const endpoints = map.data.endpoints.filter(
    (e) => !needle || `${e.method} ${e.path} ${e.source.file}`.toLowerCase().includes(needle),
  );
  const tables = map.data.tables.filter(
    (t) => !needle || t.name.toLowerCase().includes(needle) || t.columns.some((c) => c.name.includes(needle)),
  );
  const repos = [...new Set(endpoints.map((e) => e.repo))];
  return (
    <section aria-labelledby="contracts-title">
      <h1 id="contracts-title">Contract map</h1>
      <label className="search">
        Search <input type="search" value={search} onChange={(event) => setSearch(event.target.value)} />
      </label>
      {repos.map((repo) => (
        <section key={repo}>
          <h2>Endpoints of {repo}</h2>
          <table>
            <thead>
              <tr>
                <th>Endpoint</th>
                <th>Auth</th>
                <th>Callers</th>
              </tr>
            </thead>
            <tbody>
              {endpoints
                .filter((e) => e.repo === repo)
                .map((e) => (
                  <tr key={e.id} className={e.callers.length === 0 ? 'unused' : undefined}>
                    <td>
                      <code>
                        {e.method} {e.path}
                      </code>
                      <div className="where">{at(e.source)}</div>
                    </td>
                    <td>{e.auth}</td>
                    <td>
                      {e.callers.length === 0 ? (
                        <span className="badge warning">unused</span>
                      ) : (
                        <ul>
                          {e.callers.map((c) => (
                            <li key={at(c.source)}>
                              {c.client} · {at(c.source)}
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </section>
      ))}
      <h2>Tables</h2>
      {tables.map((t) => (
        <details key={`${t.schema}.${t.name}`} className="table-card">
          <summary>
            <code>{t.schema === 'public' ? t.name : `${t.schema}.${t.name}`}</code> · {t.columns.length}{' '}
            columns
            {t.rls === undefined ? null : t.rls ? ' · RLS on' : ' · RLS off'} · {t.usedBy.length} queries
          </summary>
          <ul className="columns-list">
            {t.columns.map((c) => (
              <li key={c.name}>
                <code>{c.name}</code> {c.type}
                {c.nullable ? '' : ' not null'}
              </li>
            ))}
          </ul>
          <ul>
            {t.usedBy.map((u) => (
              <li key={`${at(u.source)}-${u.op}`}>
                {u.op} · {u.client} · {at(u.source)}
              </li>
            ))}
          </ul>
        </details>
      ))}
    </section>
  );
}
