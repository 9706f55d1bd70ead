/**
 * Vercel AI SDK UI hooks — https://ai-sdk.dev/docs/reference/ai-sdk-ui/use-chat
 * `useChat()` POSTs to `/api/chat` and `useCompletion()` to `/api/completion` unless `api:` says otherwise;
 * AI SDK 5 moves the URL to `new DefaultChatTransport({ api })`.
 */
import { type Node, dottedName, objectProperty, unwrap } from './ast.js';
import { type Extractor, dependsOn } from './extractor.js';
import { objectLiteral, sendsCredentials } from './request-options.js';

const HOOKS: Record<string, string> = {
  useChat: '/api/chat',
  useCompletion: '/api/completion',
  useObject: '',
  experimental_useObject: '',
  useAssistant: '/api/assistant',
};

export const aiSdk: Extractor = {
  name: 'ai-sdk',
  detect: (repo) => dependsOn(repo, 'ai', '@ai-sdk/react', '@ai-sdk/vue', '@ai-sdk/svelte'),
  prefilter: (text) => /\buse(?:Chat|Completion|Object|Assistant)\s*\(|ChatTransport\s*\(/.test(text),
  extract(file, facts) {
    const push = (node: Node, options: Node | undefined, fallback: string) => {
      const api = objectProperty(options, 'api');
      // Only a literal default or an explicit `api:` is a known URL; `useObject` has no default.
      if (!api && !fallback) return;
      const auth = sendsCredentials(file, options);
      facts.calls.push({
        client: 'ai-sdk',
        method: 'POST',
        url: api ? file.valueOf(api) : { k: 'str', v: fallback },
        bodyFields: [],
        bodyOpen: true,
        ...(auth ? { auth } : {}),
        ...file.position(node),
      });
    };
    for (const call of file.calls) {
      const name = dottedName(call.callee);
      const fallback = name ? HOOKS[name] : undefined;
      if (fallback === undefined) continue;
      const options = objectLiteral(file, call.arguments[0]);
      // With a transport, the transport names the URL (read below).
      if (objectProperty(options, 'transport')) continue;
      push(call, options, fallback);
    }
    for (const created of file.news) {
      const name = dottedName(created.callee);
      if (!name?.endsWith('ChatTransport')) continue;
      push(created, objectLiteral(file, unwrap(created.arguments[0])), '/api/chat');
    }
  },
};
