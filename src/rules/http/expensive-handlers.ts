import { type Node, dottedName, unwrap } from '../../extract/ast.js';
import type { Extractor } from '../../extract/extractor.js';
import type { FileFacts } from '../../extract/facts.js';
import type { ParsedFile } from '../../extract/parsed-file.js';
import { isTestFile } from '../../scan/test-files.js';
import { type HandlerAnchor, handlerOf, lineOf } from '../handlers/handler-notes.js';
import { addNote } from './notes.js';

/**
 * Handlers whose every call costs real money or disk: they call a language model, or take file uploads.
 * Left as notes; the repo pass joins them to their routes (see no-rate-limit.ts).
 */
export type ExpenseKind = 'ai' | 'upload';

/** Vercel AI SDK calls that run a model. */
const AI_SDK_CALLS = new Set([
  'generateText',
  'streamText',
  'generateObject',
  'streamObject',
  'embed',
  'embedMany',
  'generateImage',
  'experimental_generateImage',
  'streamUI',
  'generateSpeech',
  'experimental_generateSpeech',
  'transcribe',
  'experimental_transcribe',
]);
/** OpenAI-shaped SDK methods (OpenAI, Groq, Together, DeepSeek, OpenRouter via the openai package): unmistakable. */
const OPENAI_SHAPED =
  /(?:^|\.)(?:chat\.completions\.(?:create|parse|stream)|completions\.create|responses\.(?:create|stream)|images\.(?:generate|edit|createVariation)|embeddings\.create|audio\.(?:transcriptions|translations|speech)\.create)$/;
/** Google Gemini (`model.generateContent`, `ai.models.generateContent`). */
const GEMINI = /(?:^|\.)generateContent(?:Stream)?$/;
/** Model SDKs whose method names are generic: counted only in files that import them. */
const SDK_METHODS: [RegExp, RegExp][] = [
  [/^@anthropic-ai\/sdk$/, /(?:^|\.)messages\.(?:create|stream)$/],
  [/^@langchain\/|^langchain(?:\/|$)/, /\.(?:invoke|stream|batch|call)$/],
  [/^replicate$/, /\.run$/],
  [/^ollama(?:\/|$)/, /(?:^|\.)(?:chat|generate)$/],
  [/^@mistralai\/mistralai$/, /\.chat\.(?:complete|stream)$/],
  [/^cohere-ai$/, /\.(?:chat|generate|chatStream)$/],
  [/^@huggingface\/inference$/, /\.(?:textGeneration|chatCompletion|textToImage)$/],
];
/** Upload parsers used inside a handler (multer on a route is read from the route's middleware). */
const UPLOAD_MODULES = new Set(['busboy', 'formidable', 'multiparty', '@fastify/multipart']);
/** Fastify multipart on the request: `await request.file()`. */
const FASTIFY_UPLOAD = /^(?:req|request)\.(?:file|files|parts|saveRequestFiles)$/;
const NEST_UPLOAD = /^(?:FileInterceptor|FilesInterceptor|FileFieldsInterceptor|AnyFilesInterceptor)$/;

export const expensiveHandlers: Extractor = {
  name: 'http-expensive-handlers',
  detect: () => true,
  prefilter: (text) =>
    /openai|anthropic|['"]ai['"]|generateContent|langchain|replicate|ollama|mistral|cohere|huggingface|completions\.create|busboy|formidable|multiparty|multipart|\.files?\(\)|\.parts\(\)|saveRequestFiles|FileInterceptor|FilesInterceptor|AnyFilesInterceptor|FileFieldsInterceptor/.test(
      text,
    ),
  extract(file, facts) {
    if (isTestFile(file.path)) return;
    const imports = Object.values(file.facts.imports);
    const importsFrom = (pattern: RegExp) => imports.some((binding) => pattern.test(binding.from));
    const sdkMethods = SDK_METHODS.filter(([module]) => importsFrom(module)).map(([, method]) => method);
    const aiSdk = new Set(
      Object.entries(file.facts.imports)
        .filter(([, b]) => (b.from === 'ai' || b.from === 'ai/rsc') && AI_SDK_CALLS.has(b.name))
        .map(([local]) => local),
    );
    const uploads = new Set(
      Object.entries(file.facts.imports)
        .filter(([, b]) => UPLOAD_MODULES.has(b.from))
        .map(([local]) => local),
    );
    for (const node of [...file.calls, ...file.news]) {
      const name = dottedName(unwrap(node.callee));
      if (!name) continue;
      const root = name.split('.')[0] as string;
      const ai =
        aiSdk.has(name) ||
        OPENAI_SHAPED.test(name) ||
        GEMINI.test(name) ||
        sdkMethods.some((method) => method.test(name));
      const upload = uploads.has(root) || FASTIFY_UPLOAD.test(name);
      if (!ai && !upload) continue;
      const handler = handlerOf(file, node);
      if (handler) note(file, facts, node, handler.anchor, ai ? 'ai' : 'upload', name);
    }
    nestUploads(file, facts);
  },
};

function note(
  file: ParsedFile,
  facts: FileFacts,
  at: Node,
  anchor: HandlerAnchor,
  kind: ExpenseKind,
  what: string,
): void {
  addNote(file, facts, 'expensive', at, {
    message: what,
    subject: what,
    key: `${kind}:${what}`,
    data: { kind, what },
    handler: anchor,
  });
}

/** `@UseInterceptors(FileInterceptor('file'))` on a NestJS route method. */
function nestUploads(file: ParsedFile, facts: FileFacts): void {
  for (const call of file.calls) {
    const name = dottedName(unwrap(call.callee));
    if (!name || !NEST_UPLOAD.test(name)) continue;
    let member: Node | undefined = file.parent(call);
    for (let i = 0; member && member.type !== 'MethodDefinition' && i < 4; i++) member = file.parent(member);
    if (member?.type !== 'MethodDefinition') continue;
    const key = member.key as Node;
    const anchor: HandlerAnchor = {
      from: lineOf(file, key),
      to: lineOf(file, { ...member, start: member.end - 1 }),
      names: [],
    };
    note(file, facts, key, anchor, 'upload', name);
  }
}
