/** What a question names, pulled out before its intent is judged. */
export interface Entities {
  ticket?: string;
  method?: string;
  path?: string;
  role?: string;
  milestone?: string;
  stage?: string;
  table?: string;
  column?: string;
  file?: string;
  symbol?: string;
  severity?: string;
  /** Free text after a colon or "that"/"saying": the body of a note, a decision or a new ticket's title. */
  text?: string;
}

const ROLES: Record<string, string> = {
  backend: 'backend',
  'back end': 'backend',
  'back-end': 'backend',
  be: 'backend',
  api: 'backend',
  server: 'backend',
  frontend: 'frontend',
  'front end': 'frontend',
  'front-end': 'frontend',
  fe: 'frontend',
  ui: 'frontend',
  client: 'frontend',
  qa: 'qa',
  tester: 'qa',
  testers: 'qa',
  testing: 'qa',
  db: 'db',
  database: 'db',
  dba: 'db',
  devops: 'devops',
  design: 'design',
};

const STAGES: [RegExp, string][] = [
  [/\bbacklog\b/, 'backlog'],
  [/\bin[ -]?progress\b|\bbeing worked on\b|\bunderway\b|\bwip\b/, 'in_progress'],
  [/\bvalidation\b|\bawaiting (?:verification|review)\b|\bto verify\b|\bneeds? verif/, 'validation'],
  [/\blive\b|\bshipped\b|\bverified\b/, 'live'],
  [/\bclosed\b/, 'closed'],
];

/**
 * Entities by pattern. Patterns are anchored on literal keywords and bounded character classes, so a long
 * or hostile question costs linear time.
 */
export function extractEntities(original: string, text: string): Entities {
  const found: Entities = {};
  const ticket =
    /\b(?:ho[- ]?|ticket\s+#?)(\d{1,9})\b/i.exec(original) ?? /(?:^|\s)#(\d{1,9})\b/.exec(original);
  if (ticket) found.ticket = `HO-${ticket[1]}`;
  const route = /\b(get|post|put|patch|delete|head|options)\s+(\/[^\s?'"`,;)]*)/i.exec(original);
  if (route) {
    found.method = (route[1] as string).toUpperCase();
    found.path = trimPath(route[2] as string);
  } else {
    const path = /(?:^|\s|`|')(\/[A-Za-z0-9_{}:.\-/]+)/.exec(original);
    if (path) found.path = trimPath(path[1] as string);
  }
  const file = /\b([\w.\-/]+\.(?:tsx?|jsx?|mjs|cjs|py|sql|prisma|vue|svelte))\b/.exec(original);
  if (file) found.file = file[1] as string;
  const milestone =
    /\bmilestone\s+["'`]?([\w.-]+)/i.exec(original) ??
    /\b(?:for|on|in)\s+(?:the\s+)?["'`]?([\w.-]+)["'`]?\s+milestone\b/i.exec(original);
  if (milestone) found.milestone = milestone[1] as string;
  for (const [phrase, role] of Object.entries(ROLES))
    if (new RegExp(`(?:^|[^\\w-])${phrase.replace(/[-]/g, '\\-')}(?:$|[^\\w-])`).test(text)) {
      found.role = role;
      break;
    }
  for (const [pattern, stage] of STAGES)
    if (pattern.test(text)) {
      found.stage = stage;
      break;
    }
  const dotted = /\b([a-z_][\w]*)\.([a-z_][\w]*)\b/i.exec(
    original.replace(/\b[\w.\-/]+\.(?:tsx?|jsx?|py|sql)\b/g, ''),
  );
  const table = named(
    original,
    /\b["'`]?([a-z_][\w]*)["'`]?\s+(?:table|collection)\b/gi,
    /\b(?:table|collection)\s+["'`]?([a-z_][\w.]*)/gi,
  );
  const column = named(
    original,
    /\bcolumn\s+["'`]?([a-z_][\w]*)/gi,
    /\b["'`]?([a-z_][\w]*)["'`]?\s+column\b/gi,
  );
  if (table) found.table = table;
  if (column) found.column = column;
  if (dotted && !found.table && !route) {
    found.table = dotted[1] as string;
    found.column = dotted[2] as string;
  }
  const ofTable = /\bcolumn\s+\w+\s+(?:of|in|on)\s+(?:the\s+)?["'`]?([a-z_]\w*)/i.exec(original);
  if (ofTable && !found.table) found.table = ofTable[1] as string;
  const columnOf = /\bcolumn\s+(?:of|in|on)\s+(?:the\s+)?["'`]?([a-z_]\w*)/i.exec(original);
  if (columnOf && !found.table) found.table = columnOf[1] as string;
  const symbol =
    /`([A-Za-z_$][\w$]*)`/.exec(original) ??
    /\b(?:function|class|method|symbol|component|hook|const|variable)\s+["'`]?([A-Za-z_$][\w$]*)/i.exec(
      original,
    ) ??
    /\b([a-z]+[A-Z][\w$]*)\b/.exec(original);
  if (symbol) found.symbol = symbol[1] as string;
  const severity = /\b(errors?|warnings?|infos?)\b/i.exec(text);
  if (severity) found.severity = (severity[1] as string).toLowerCase().replace(/s$/, '');
  const said = /(?::|\bsaying\b|\bthat says\b|\bwith note\b)\s*["'“]?(.+?)["'”]?\s*$/i.exec(original);
  if (said) found.text = (said[1] as string).trim();
  return found;
}

function trimPath(path: string): string {
  return path.replace(/[.?!,]+$/, '') || '/';
}

/** Words that sit next to "table"/"column" without being its name ("describe table users", "the table"). */
const NOT_A_NAME =
  /^(?:the|a|an|which|what|this|that|each|every|any|some|describe|show|list|get|of|in|on|from|into|to|for|does|do|have|has|with|database|db|new|same|whole|my|our|your)$/i;

/** The first candidate name any of the patterns captures that is not a filler word. */
function named(text: string, ...patterns: RegExp[]): string | undefined {
  for (const pattern of patterns)
    for (const match of text.matchAll(pattern)) {
      const name = match[1] as string;
      if (!NOT_A_NAME.test(name)) return name;
    }
  return undefined;
}
