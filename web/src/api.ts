// The REST API under /api/v1 with the signed-in token, and the live event stream (Server-Sent Events read
// from a fetch body, so the token travels in a header rather than in a URL).

const TOKEN_KEY = 'baton.token';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
  }
}

/** A `#token=…` link (printed by `baton serve`) signs in once and leaves the address bar clean. */
export function takeTokenFromLink(): void {
  const match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (!match) return;
  sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1] ?? ''));
  history.replaceState(null, '', window.location.pathname);
}

export const currentToken = (): string | null => sessionStorage.getItem(TOKEN_KEY);
export const signIn = (token: string): void => sessionStorage.setItem(TOKEN_KEY, token.trim());
export const signOut = (): void => sessionStorage.removeItem(TOKEN_KEY);

export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const response = await fetch(`/api/v1${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${currentToken() ?? ''}`,
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const payload = (await response.json().catch(() => ({}))) as {
    error?: { code: string; message: string };
  };
  if (!response.ok)
    throw new ApiError(
      payload.error?.message ?? `${response.status} ${response.statusText}`,
      response.status,
      payload.error?.code ?? 'error',
    );
  return payload as T;
}

/**
 * Calls `onEvent` for every event of the project while subscribed; reconnects after a dropped connection
 * (1 s, then up to 15 s apart). Returns the unsubscribe function.
 */
export function subscribe(onEvent: (event: { action: string }) => void, onState?: (live: boolean) => void) {
  const abort = new AbortController();
  let delay = 1000;
  const run = async () => {
    while (!abort.signal.aborted) {
      try {
        const response = await fetch('/api/v1/stream', {
          headers: { authorization: `Bearer ${currentToken() ?? ''}`, accept: 'text/event-stream' },
          signal: abort.signal,
        });
        if (!response.ok || !response.body) throw new Error(`stream: ${response.status}`);
        onState?.(true);
        delay = 1000;
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end = buffer.indexOf('\n\n');
          while (end >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = block
              .split('\n')
              .filter((line) => line.startsWith('data:'))
              .map((line) => line.slice(5).trim())
              .join('\n');
            if (/^event:\s*baton$/m.test(block) && data) onEvent(JSON.parse(data) as { action: string });
            end = buffer.indexOf('\n\n');
          }
        }
      } catch {
        if (abort.signal.aborted) return;
      }
      onState?.(false);
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 15_000);
    }
  };
  void run();
  return () => abort.abort();
}
