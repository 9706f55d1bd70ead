// Evidence that the anon key reaches a browser: a Supabase browser client, or the anon/publishable key read
// from an environment variable the bundler ships to the client. Read only when a finding needs grading.
import type { RepoRuleContext } from '../family.js';
import { isTestFile } from '../../scan/test-files.js';

const CLIENT_CODE = /\.(?:[cm]?[jt]sx?|vue|svelte|astro)$/;
// A call, or a read of the key from the bundler's public env: a name in a comment or a string proves nothing.
// `createClient(url, supabaseAnonKey)` counts too: the anon key is what a client is made with in the browser.
const MARKER =
  /\bcreateClient\s*(?:<[\w\s,.]{0,100}>\s*)?\([^,()]{1,200},\s*[\w.$]{0,80}(?:[Aa]non|ANON|[Pp]ublishable|PUBLISHABLE)|\bcreateBrowserClient\s*(?:<[\w\s,.]{0,100}>\s*)?\(|\b(?:process\.env|import\.meta\.env)\.(?:NEXT_PUBLIC|VITE|EXPO_PUBLIC|PUBLIC|REACT_APP|NUXT_PUBLIC|GATSBY)_SUPABASE_(?:ANON|PUBLISHABLE)_KEY\b|\bPUBLIC_SUPABASE_(?:ANON|PUBLISHABLE)_KEY\b(?=[\s\S]{0,40}\bfrom\s*['"]\$env\/(?:static|dynamic)\/public['"])/;

/** `file:line` of the first place that puts the anon key in client code, or undefined. */
export function browserClient(context: RepoRuleContext): string | undefined {
  for (const file of context.files) {
    if (!CLIENT_CODE.test(file) || isTestFile(file)) continue;
    const text = context.read(file);
    // A cheap substring test keeps the regex off files that cannot match.
    if (
      !text ||
      (!text.includes('SUPABASE_') &&
        !text.includes('createBrowserClient') &&
        !/anon|publishable/i.test(text))
    )
      continue;
    const match = MARKER.exec(text);
    if (match) return `${file}:${text.slice(0, match.index).split('\n').length}`;
  }
  return undefined;
}
