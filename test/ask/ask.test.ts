import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AskAnswer } from '../../src/ask/ask-tool.js';
import { Store, authenticate, createToken } from '../../src/store/index.js';
import { ASK } from '../../src/tools/catalogue.js';
import { parseInput } from '../../src/tools/tool.js';
import { tempDir } from '../helpers/temp-repo.js';
import { STORE_KINDS } from '../store/stores.js';

describe('the ask tool', () => {
  let store: Store;
  const ask = async (token: string, question: string, confirm?: string) =>
    (await ASK.run(
      { store, principal: await authenticate(store, token) },
      parseInput(ASK, { question, ...(confirm ? { confirm } : {}) }),
    )) as AskAnswer;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    store = await Store.open(await (STORE_KINDS[0] as (typeof STORE_KINDS)[number]).fresh());
    for (const [name, project, role, human] of [
      ['agent', 'shop', 'backend', false],
      ['human', 'shop', 'qa', true],
      ['other', 'blog', 'backend', true],
    ] as const)
      tokens[name] = (await createToken(store, { project, role, human })).token;
  });
  afterAll(() => store.close());

  it('answers reads at once and proposes writes, which run only with their confirm value', async () => {
    const agent = tokens.agent as string;
    const create = await ask(agent, 'create a ticket: add a cancel endpoint');
    expect(create).toMatchObject({ tool: 'create_ticket', arguments: { title: 'add a cancel endpoint' } });
    expect(create.proposal?.summary).toMatch(/Ask again with confirm/);
    expect(create.result).toBeUndefined();
    const created = await ask(agent, 'create a ticket: add a cancel endpoint', create.proposal?.confirm);
    expect(created.result).toMatchObject({ key: 'HO-1' });
    const read = await ask(agent, "what's ready for the backend?");
    expect(read.tool).toBe('list_tickets');
    expect((read.result as { items: { key: string }[] }).items.map((t) => t.key)).toEqual(['HO-1']);
    const claim = await ask(agent, 'claim HO-1');
    await expect(ask(agent, 'claim HO-1', 'not-the-value')).rejects.toThrow(/another proposal/);
    // A confirm value is bound to its principal: another token cannot run the agent's proposal.
    await expect(ask(tokens.human as string, 'claim HO-1', claim.proposal?.confirm)).rejects.toThrow(
      /another proposal/,
    );
    expect((await ask(agent, 'claim HO-1', claim.proposal?.confirm)).result).toMatchObject({
      stage: 'in_progress',
    });
    const finish = await ask(agent, "I'm done with HO-1");
    expect(finish.proposal?.missing).toContain('note');
  });

  it('gives another project nothing and keeps the human gate', async () => {
    await expect(ask(tokens.other as string, 'show HO-1')).rejects.toThrow(/does not exist in project blog/);
    const verify = await ask(tokens.agent as string, 'mark HO-1 verified');
    expect(verify.arguments).toEqual({ ticket: 'HO-1', version: 2 });
    await expect(ask(tokens.agent as string, 'mark HO-1 verified', verify.proposal?.confirm)).rejects.toThrow(
      /only a human/,
    );
  });
});

describe('baton ask --route-only', () => {
  it('prints the route as JSON in any directory, without a store', () => {
    const dir = tempDir();
    const run = spawnSync(
      process.execPath,
      [
        join(import.meta.dirname, '..', '..', 'bin', 'baton.js'),
        'ask',
        "what's blocked on milestone beta?",
        '--route-only',
      ],
      { cwd: dir, encoding: 'utf8', env: { ...process.env, BATON_DB: '' } },
    );
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      tool: 'list_tickets',
      arguments: { blocked: true, milestone: 'beta' },
    });
  });
});
