import { describe, expect, it } from 'vitest';
import { walkRepo } from '../src/scan/walk.js';
import { tempRepo } from './helpers/temp-repo.js';

const tree = {
  'src/app.ts': 'export const a = 1;\n',
  'src/util/index.ts': 'export const b = 2;\n',
  'node_modules/express/index.js': 'module.exports = {};\n',
  'packages/web/node_modules/react/index.js': '\n',
  'dist/app.js': '\n',
  'build/out.js': '\n',
  'out/x.js': '\n',
  '.next/server.js': '\n',
  '.nuxt/a.js': '\n',
  '.svelte-kit/a.js': '\n',
  '.output/a.js': '\n',
  'coverage/lcov.js': '\n',
  'public/vendor.min.js': '\n',
  'src/app.js.map': '{}',
  'tsconfig.tsbuildinfo': '{}',
  'package-lock.json': '{}',
  'yarn.lock': '\n',
  'pnpm-lock.yaml': '\n',
  'generated/skip-me.ts': '\n',
  'src/nested/.gitignore': 'secret.ts\n',
  'src/nested/secret.ts': '\n',
  'src/nested/kept.ts': '\n',
  '.gitignore': 'generated/\n',
};

describe.each([
  ['a git work tree', true],
  ['a plain folder', false],
])('walking %s', (_label, git) => {
  const root = tempRepo(tree, { git });
  const { files, lister } = walkRepo(root);
  const paths = files.map((f) => f.path).sort();

  it('lists with the right tool', () => {
    expect(lister).toBe(git ? 'git' : 'glob');
  });

  it('keeps source and drops dependencies, build output, generated files and lockfiles', () => {
    expect(paths).toEqual(
      ['.gitignore', 'src/app.ts', 'src/nested/.gitignore', 'src/nested/kept.ts', 'src/util/index.ts'].sort(),
    );
  });

  it('records size and stat identity for the cache', () => {
    const app = files.find((f) => f.path === 'src/app.ts');
    expect(app?.size).toBe('export const a = 1;\n'.length);
    expect(app?.ino).toBeGreaterThan(0);
  });
});
