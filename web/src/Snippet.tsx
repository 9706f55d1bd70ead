import { api } from './api';
import { useLoad } from './route';
import type { Source } from './types';

interface Lines {
  lines: { number: number; text: string }[];
}

/** The lines around a source location the scan reported, the location's own line marked. */
export function Snippet({ source }: { source: Source }) {
  const query = new URLSearchParams({ repo: source.repo, file: source.file, line: String(source.line) });
  const snippet = useLoad(() => api<Lines>(`/snippet?${query}`), [query.toString()]);
  return (
    <figure className="snippet">
      <figcaption>
        {source.repo}: {source.file}:{source.line}
      </figcaption>
      {snippet.error ? <p className="hint">{snippet.error}</p> : null}
      <pre>
        {(snippet.data?.lines ?? []).map((l) => (
          <code key={l.number} className={l.number === source.line ? 'here' : undefined}>
            <span className="ln">{l.number}</span> {l.text}
            {'\n'}
          </code>
        ))}
      </pre>
    </figure>
  );
}
