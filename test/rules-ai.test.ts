import { describe, expect, it } from 'vitest';
import { noLimits } from '../src/rules/ai/no-limits.js';
import { outputExec } from '../src/rules/ai/output-exec.js';
import { promptInjection } from '../src/rules/ai/prompt-injection.js';
import { analyzeFile } from '../src/scan/analyze-file.js';

const HEADER = `import OpenAI from 'openai';
import { generateText, streamText, generateObject } from 'ai';
import { exec } from 'node:child_process';
const openai = new OpenAI();
`;

function findings(extractor: typeof noLimits, body: string): string[] {
  const code = `${HEADER}app.post('/x', async (req, res) => {\n${body}\n});`;
  return (analyzeFile('src/server.js', code, [extractor]).findings ?? []).map((f) => f.rule);
}

describe('ai.prompt-injection', () => {
  it.each([
    "await openai.chat.completions.create({ model: 'm', messages: [{ role: 'system', content: req.body.rules }] });",
    "await openai.responses.create({ model: 'm', instructions: 'Act as ' + req.body.role, input: 'hi' });",
    "await generateText({ model, system: req.body.system, prompt: 'hi' });",
    "const { persona } = req.body; await streamText({ model, system: [{ type: 'text', text: persona }], messages: [] });",
  ])('fires on %s', (code) => expect(findings(promptInjection, code)).toEqual(['ai.prompt-injection']));

  it.each([
    "await openai.chat.completions.create({ model: 'm', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: req.body.q }] });",
    "await generateText({ model, system: 'Be brief.', prompt: req.body.q });",
    "await generateText({ model, system: buildSystem(req.body.plan), prompt: 'hi' });",
  ])('stays quiet on %s', (code) => expect(findings(promptInjection, code)).toEqual([]));
});

describe('ai.no-limits', () => {
  it.each([
    "await openai.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: req.body.q }] });",
    'await streamText({ model, messages: req.body.messages });',
    "await openai.responses.create({ model: 'm', input: req.body.q });",
  ])('fires on %s', (code) => expect(findings(noLimits, code)).toEqual(['ai.no-limits']));

  it.each([
    "await openai.chat.completions.create({ model: 'm', max_completion_tokens: 200, messages: [{ role: 'user', content: req.body.q }] });",
    'await streamText({ model, maxOutputTokens: 500, messages: req.body.messages });',
    "await openai.chat.completions.create({ ...defaults, messages: [{ role: 'user', content: req.body.q }] });",
    "await generateText({ model, prompt: 'Summarise the changelog.' });",
  ])('stays quiet on %s', (code) => expect(findings(noLimits, code)).toEqual([]));
});

describe('ai.output-exec', () => {
  const call = "const c = await openai.chat.completions.create({ model: 'm', max_tokens: 9, messages: [] });";
  it.each([
    `${call} eval(c.choices[0].message.content);`,
    `${call} await db.query(c.choices[0].message.content);`,
    `${call} exec(JSON.parse(c.choices[0].message.tool_calls[0].function.arguments).cmd);`,
    "const { text } = await generateText({ model, prompt: 'x', maxTokens: 9 }); el.innerHTML = text;",
  ])('fires on %s', (code) => expect(findings(outputExec, code)).toEqual(['ai.output-exec']));

  it.each([
    `${call} await db.query('INSERT INTO t (body) VALUES ($1)', [c.choices[0].message.content]);`,
    `${call} el.innerHTML = DOMPurify.sanitize(c.choices[0].message.content);`,
    `${call} exec(ALLOWED[Plan.parse(JSON.parse(c.choices[0].message.content)).action]);`,
    "const { object } = await generateObject({ model, schema, prompt: 'x' }); eval(object.code);",
    'eval(req.body.code);',
  ])('stays quiet on %s', (code) => expect(findings(outputExec, code)).toEqual([]));
});
