import { type Entities, extractEntities } from './entities.js';
import { repairTypos } from './fuzzy.js';

export interface Route {
  tool: string;
  arguments: Record<string, unknown>;
}

interface Intent {
  tool: string;
  /** Phrases that point at this tool, each with a weight; matched against the repaired, lower-case text. */
  cues: [RegExp, number][];
  /** Entities that make this tool likelier (or that it cannot do without: a negative weight when absent). */
  wants?: Partial<Record<keyof Entities, number>>;
  needs?: (keyof Entities)[];
  /** `text` is the repaired question (for cues); `said` the question as typed, for names taken from it. */
  build: (e: Entities, text: string, said: string) => Record<string, unknown>;
}

const INTENTS: Intent[] = [
  {
    tool: 'claim_step',
    cues: [
      [
        /\b(claim|grab|take|pick up|pick|start (?:working )?on|work on|i'?ll (?:take|do|handle))\b|\bassign\b[^.?!]{0,20}\bto me\b/,
        3,
      ],
    ],
    needs: ['ticket'],
    build: (e) => ({ ticket: e.ticket }),
  },
  {
    tool: 'release_step',
    cues: [
      [
        /\b(release|unclaim|let go of|drop|abandon|stop working on|hand back)\b|\bgive\b[^.?!]{0,20}\bback\b/,
        4,
      ],
    ],
    needs: ['ticket'],
    build: (e) => ({ ticket: e.ticket }),
  },
  {
    tool: 'finish_step',
    cues: [
      [
        /\b(finish|finished|done with|complete|completed|mark (?:my )?(?:step|part) (?:as )?done|i'?m done|wrap up|hand off|handoff)\b/,
        4,
      ],
    ],
    needs: ['ticket'],
    build: (e) => ({
      ticket: e.ticket,
      ...(e.text ? { note: { changed: e.text, verify: '', left: '' } } : {}),
    }),
  },
  {
    tool: 'verify_ticket',
    cues: [
      [
        /\b(verify|verified|approve|approved|sign off|signoff|mark (?:it |\S+ )?(?:as )?live|make (?:it |\S+ )?live|accept)\b/,
        5,
      ],
    ],
    needs: ['ticket'],
    build: (e) => ({ ticket: e.ticket }),
  },
  {
    tool: 'send_back',
    cues: [[/\b(send (?:it |\S+ )?back|sent back|reject|bounce|return (?:it )?to)\b/, 5]],
    needs: ['ticket'],
    build: (e) => ({ ticket: e.ticket, ...(e.text ? { note: e.text } : {}) }),
  },
  {
    tool: 'close_ticket',
    cues: [[/\b(close|closed as|wont fix|won'?t fix|duplicate of|mark (?:it |\S+ )?(?:as )?duplicate)\b/, 4]],
    needs: ['ticket'],
    build: (e, text) => ({
      ticket: e.ticket,
      resolution: /duplicate/.test(text)
        ? 'duplicate'
        : /won'?t fix|wont fix/.test(text)
          ? 'wont_fix'
          : 'done',
    }),
  },
  {
    tool: 'log_decision',
    cues: [[/\b(decision|decided|we decide|log (?:a |the )?decision|record (?:a |the )?decision)\b/, 5]],
    needs: ['ticket'],
    build: (e) => ({ ticket: e.ticket, ...(e.text ? { decision: e.text } : {}) }),
  },
  {
    tool: 'add_note',
    cues: [[/\b(comment|note|add a note|leave a note|write on)\b/, 4]],
    needs: ['ticket'],
    build: (e) => ({ ticket: e.ticket, ...(e.text ? { body: e.text } : {}) }),
  },
  {
    tool: 'create_ticket',
    cues: [[/\b(create|open|file|new|raise|add|make)\b[^.?!]{0,20}\b(ticket|task|issue|handoff)\b/, 6]],
    build: (e) => ({ ...(e.text ? { title: e.text } : {}) }),
  },
  {
    tool: 'list_events',
    cues: [[/\b(history|happened|events?|activity|log of|audit|who (?:touched|changed|did))\b/, 4]],
    build: (e) => ({ ...(e.ticket ? { ticket: e.ticket } : {}) }),
  },
  {
    tool: 'get_ticket',
    cues: [
      [
        /\b(show|get|details?|status of|what(?:'s| is) (?:going on with|up with)?|describe|tell me about|look at|open|where (?:are we|is) )/,
        2,
      ],
      [/\b(ticket|ho-)\b/, 1],
    ],
    needs: ['ticket'],
    build: (e) => ({ ticket: e.ticket }),
  },
  {
    tool: 'list_tickets',
    cues: [
      [/\b(tickets?|tasks?|work|board|todo|to do|queue|backlog)\b/, 2],
      [/\b(blocked|stuck|waiting)\b/, 3],
      [
        /\bready\b|\bavailable\b|\bcan\b[^?.]{0,15}\b(?:pick|take|start)\b|\bwhat should i\b|\bnext\b|\bpick up\b/,
        3,
      ],
      [
        /\b(mine|my (?:tickets|tasks|work|steps)|i(?:'m| am) (?:working on|holding)|am i (?:working on|holding)|assigned to me|do i (?:have|hold))\b/,
        4,
      ],
      [/\bmilestone\b/, 2],
    ],
    wants: { stage: 3, role: 1, ticket: -4 },
    build: (e, text) => {
      const args: Record<string, unknown> = {};
      if (/\b(blocked|stuck|waiting)\b/.test(text)) args.blocked = true;
      if (
        /\b(mine|my (?:tickets|tasks|work|steps)|i(?:'m| am) (?:working on|holding)|am i (?:working on|holding)|assigned to me|do i (?:have|hold))\b/.test(
          text,
        )
      )
        args.mine = true;
      if (
        /\bready\b|\bavailable\b|\bcan\b[^?.]{0,15}\b(?:pick|take|start)\b|\bwhat should i\b|\bnext\b|\bpick up\b/.test(
          text,
        )
      ) {
        args.ready = true;
        if (e.role) args.role = e.role;
      }
      if (e.milestone) args.milestone = e.milestone;
      if (e.stage && !args.ready && !args.blocked) args.stage = e.stage;
      return args;
    },
  },
  {
    tool: 'get_endpoint',
    cues: [
      [
        /\b(accept|accepts|take|takes|expect|expects|body|payload|params?|parameters|return|returns|respond|response|require|requires|auth|signature|shape|describe|contract)\b/,
        2,
      ],
      [/\bendpoint\b|\broute\b/, 1],
    ],
    wants: { method: 3, path: 1 },
    needs: ['path'],
    build: (e) => ({ method: e.method ?? 'GET', path: e.path }),
  },
  {
    tool: 'list_endpoints',
    cues: [
      [
        /\b(endpoints|routes|api surface|apis|what (?:does )?(?:the )?(?:api|backend) (?:provide|offer|expose|have))\b/,
        4,
      ],
      [/\b(list|all|which|what)\b/, 1],
    ],
    build: (e, _text, said) => {
      const about = /\b(?:for|about|under|on|of)\s+(?:the\s+)?([a-z][\w-]*)\b/.exec(said);
      const fragment =
        e.path ??
        (about && !/^(backend|api|project|app|server|frontend)$/.test(about[1] as string)
          ? about[1]
          : undefined);
      return { ...(e.method ? { method: e.method } : {}), ...(fragment ? { path: fragment } : {}) };
    },
  },
  {
    tool: 'find_usages',
    cues: [
      [
        /\b(who|what|which (?:code|files?|queries|calls))\b[^?]{0,30}\b(calls?|uses?|reads?|writes?|queries|touch(?:es)?|depends? on|references?|hits?)\s+\S/,
        5,
      ],
      [
        /\b(usages?|callers?|consumers?|used by|called by|called from|where is \S+ used)\b|\bwhere\b[^?]{0,40}\bused\b/,
        5,
      ],
    ],
    wants: { table: 2, column: 1, path: 1, method: 1 },
    build: (e) =>
      e.method && e.path
        ? { endpoint: `${e.method} ${e.path}` }
        : { ...(e.table ? { table: e.table } : {}), ...(e.column ? { column: e.column } : {}) },
  },
  {
    tool: 'get_schema',
    cues: [
      [/\b(schema|columns?|fields of|tables?|database|db structure|data model)\b/, 3],
      [/\b(what|which|show|describe|list)\b/, 1],
    ],
    wants: { table: 2 },
    build: (e) => ({ ...(e.table ? { table: e.table } : {}) }),
  },
  {
    tool: 'list_mismatches',
    cues: [
      [
        /\b(mismatch(?:es)?|broken|drift|disagree|out of sync|inconsisten\w*|wrong|bugs?|problems?|issues found|errors?|warnings?|conflicts?)\b/,
        3,
      ],
      [/\b(frontend|backend|calls?|schema)\b/, 1],
    ],
    wants: { file: 1 },
    build: (e) => ({
      ...(e.severity ? { severity: e.severity } : {}),
      ...(e.file ? { file: e.file } : {}),
    }),
  },
  {
    tool: 'deploy_check',
    cues: [
      [
        /\b(deploy|deployable|ship|release it|go live|production|prod|safe to|ok to merge|ready to merge|gate|pre-?deploy)\b/,
        5,
      ],
    ],
    build: () => ({}),
  },
  {
    tool: 'project_health',
    cues: [
      [
        /\b(health|healthy|overview|summary|state of (?:the )?(?:project|app|code)|how (?:are we|is the project|bad)|score|status of (?:the )?(?:project|app))\b/,
        5,
      ],
    ],
    build: () => ({}),
  },
  {
    tool: 'find_symbol',
    cues: [
      [
        /\b(where is|where's|wheres|find|locate|defined|definition|declared|declaration|implemented|lives?)\b/,
        3,
      ],
    ],
    wants: { symbol: 3 },
    needs: ['symbol'],
    build: (e) => ({ name: e.symbol }),
  },
  {
    tool: 'run_scan',
    cues: [
      [
        /\b(rescan|re-scan|scan (?:again|now|it|the (?:project|repos?|code))|refresh (?:the )?(?:scan|facts|data)|run (?:a )?scan|update the scan)\b/,
        6,
      ],
    ],
    build: () => ({}),
  },
];

const VOCABULARY = new Set(
  INTENTS.flatMap((intent) =>
    intent.cues.flatMap(([pattern]) => pattern.source.replace(/\\[a-zA-Z]/g, ' ').match(/[a-z]{4,}/g) ?? []),
  ).concat([
    'ticket',
    'tickets',
    'endpoint',
    'endpoints',
    'blocked',
    'ready',
    'frontend',
    'backend',
    'milestone',
    'schema',
    'column',
    'columns',
    'table',
    'tables',
    'mismatch',
    'mismatches',
    'deploy',
    'verified',
    'claim',
    'release',
    'decision',
    'history',
    'health',
    'which',
    'what',
    'where',
    'accept',
    'accepts',
    'calls',
    'uses',
    'progress',
    'validation',
    'backlog',
    'closed',
    'working',
    'scan',
    // Ordinary words a typo repair must leave alone.
    'awaiting',
    'verification',
    'about',
    'with',
    'have',
    'does',
    'there',
    'their',
    'this',
    'that',
    'they',
    'them',
    'from',
    'into',
    'some',
    'many',
    'much',
    'more',
    'most',
    'will',
    'would',
    'should',
    'could',
    'going',
    'looks',
    'good',
    'give',
    'back',
    'need',
    'needs',
    'want',
    'left',
    'right',
    'anything',
    'everything',
    'nothing',
    'data',
    'team',
    'when',
    'then',
    'than',
    'also',
    'just',
    'only',
    'still',
    'again',
    'today',
    'please',
    'thanks',
    'think',
    'any',
    'tickets',
    'available',
    'front',
    'back',
    'end',
    'pick',
    'code',
    'queries',
    'query',
    'reads',
    'writes',
    'file',
    'files',
    'used',
    'call',
    'show',
    'list',
    'tell',
    'know',
    'look',
    'like',
    'make',
    'made',
    'live',
    'rescan',
    'defined',
    'function',
    'route',
    'routes',
  ]),
);

/** Below this, no intent was really asked for: the answer is an overview, not a guess. */
const MIN_SCORE = 2;

/**
 * Routes a plain-English question to one tool and its arguments: typos repaired, entities pulled out, then
 * every intent scored by its cues and the entities it wants; an intent missing an entity it needs cannot
 * win. Deterministic and local — no model is called.
 */
export function route(question: string): Route {
  const lowered = question.toLowerCase().replace(/[’‘]/g, "'").slice(0, 2000);
  const words = lowered.split(/(\s+)/);
  const repaired = repairTypos(words, VOCABULARY).join('');
  const entities = extractEntities(question.slice(0, 2000), repaired);
  let best: { intent: Intent; score: number } | undefined;
  for (const intent of INTENTS) {
    if (intent.needs?.some((name) => entities[name] === undefined)) continue;
    let score = 0;
    for (const [pattern, weight] of intent.cues) if (pattern.test(repaired)) score += weight;
    for (const [name, weight] of Object.entries(intent.wants ?? {}))
      if (entities[name as keyof Entities] !== undefined) score += weight;
    if (score >= MIN_SCORE && (!best || score > best.score)) best = { intent, score };
  }
  if (!best)
    return {
      tool: entities.ticket ? 'get_ticket' : 'project_health',
      arguments: entities.ticket ? { ticket: entities.ticket } : {},
    };
  return { tool: best.intent.tool, arguments: best.intent.build(entities, repaired, lowered) };
}
