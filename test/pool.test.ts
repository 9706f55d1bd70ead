import { describe, expect, it } from 'vitest';
import { scan } from '../src/index.js';
import { tempRepo } from './helpers/temp-repo.js';

/** Enough varied source to cross the threshold where the scan hands parsing to worker threads. */
function bigRepo(): string {
  const files: Record<string, string> = {
    'package.json': JSON.stringify({ dependencies: { express: '4', axios: '1' } }),
    'src/app.ts': "import express from 'express';\nconst app = express();\n",
  };
  const filler = '// padding to make the file realistic in size\n'.repeat(400);
  for (let i = 0; i < 120; i++) {
    files['src/app.ts'] += `import r${i} from './routes/r${i}';\napp.use('/r${i}', r${i});\n`;
    files[`src/routes/r${i}.ts`] =
      `import { Router } from 'express';\nconst router = Router();\nrouter.get('/item/:id', (req, res) => res.json({ id: req.params.id }));\nrouter.post('/item', (req, res) => { const { name${i} } = req.body; res.status(201).json({ ok: true }); });\nexport default router;\n${filler}`;
    files[`src/client/c${i}.ts`] =
      `export async function load${i}(id: string) {\n  return fetch(\`/r${i}/item/\${id}\`, { method: 'GET' });\n}\n${filler}`;
  }
  return tempRepo(files);
}

describe('the worker pool', () => {
  it('gives the same facts on worker threads as on the main thread', async () => {
    const root = bigRepo();
    const threaded = await scan({ paths: [root], cacheDir: false, workers: 2 });
    const inline = await scan({ paths: [root], cacheDir: false, workers: 1 });
    expect(threaded.stats.bytes).toBeGreaterThan(2_000_000);
    expect(threaded.endpoints).toHaveLength(240);
    expect(threaded.calls).toHaveLength(120);
    expect(threaded.endpoints).toEqual(inline.endpoints);
    expect(threaded.calls).toEqual(inline.calls);
  });
});
