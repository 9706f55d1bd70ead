import { useEffect, useState } from 'react';

/** `#/ticket/HO-3` → ['ticket', 'HO-3']: hash routes, so `/` is the only page the server serves. */
function readRoute(): string[] {
  const hash = window.location.hash.replace(/^#\/?/, '');
  return hash.split('/').filter(Boolean).map(decodeURIComponent);
}

export function useRoute(): string[] {
  const [route, setRoute] = useState(readRoute);
  useEffect(() => {
    const onChange = () => setRoute(readRoute());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

/** Data from the API, loaded again whenever `version` changes (a live event bumps it). */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): { data?: T; error?: string } {
  const [state, setState] = useState<{ data?: T; error?: string }>({});
  useEffect(() => {
    let stale = false;
    load().then(
      (data) => !stale && setState({ data }),
      (error: Error) => !stale && setState({ error: error.message }),
    );
    return () => {
      stale = true;
    };
    // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names what the load depends on.
  }, deps);
  return state;
}
