import type { CallFact, ClientFact } from '../extract/facts.js';
import type { ModuleGraph } from './module-graph.js';
import { isTestFile } from './test-files.js';
import { clientPath, joinUrl } from './url-path.js';

export interface LinkedCall {
  file: string;
  call: CallFact;
  path: string;
  query: string[];
  auth?: boolean;
}

export interface LinkedCalls {
  calls: LinkedCall[];
  unresolved: number;
}

/**
 * Turns each call's symbolic URL into a path: constants from other files, the client's `baseURL`, origins
 * dropped. Calls through something that is not a known client are not calls; third-party hosts are not ours.
 */
export function linkCalls(files: readonly string[], graph: ModuleGraph): LinkedCalls {
  const calls: LinkedCall[] = [];
  let unresolved = 0;
  for (const file of files) {
    if (isTestFile(file)) continue;
    const facts = graph.peek(file);
    if (!facts) continue;
    for (const call of facts.calls) {
      let client: { file: string; fact: ClientFact } | undefined;
      if (call.via) {
        client = clientOf(graph, file, call);
        if (!client) continue;
      }
      let parts = graph.evaluate(file, call.url);
      if (client?.fact.baseURL) parts = joinUrl(graph.evaluate(client.file, client.fact.baseURL), parts);
      const shape = clientPath(parts);
      if ('external' in shape) continue;
      if ('unresolved' in shape) {
        // Counted for coverage; one diagnostic per wrapper call would bury the real problems.
        unresolved++;
        continue;
      }
      const auth = call.auth ?? (client?.fact.auth ? true : undefined);
      calls.push({
        file,
        call,
        path: shape.path,
        query: [...new Set([...shape.query, ...(call.queryFields ?? [])])],
        ...(auth === undefined ? {} : { auth }),
      });
    }
  }
  return { calls, unresolved };
}

function clientOf(
  graph: ModuleGraph,
  file: string,
  call: CallFact,
): { file: string; fact: ClientFact } | undefined {
  if (!call.via) return undefined;
  const symbol = graph.symbolOf(file, call.via);
  if (!symbol || !('local' in symbol)) return undefined;
  const fact = graph
    .facts(symbol.file)
    ?.clients.find((c) => c.id === symbol.local && c.client === call.client);
  return fact ? { file: symbol.file, fact } : undefined;
}
