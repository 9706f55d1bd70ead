import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RepoInfo } from '../extract/extractor.js';
import { PYTHON_MANIFEST, pythonDependencies } from './python-manifests.js';
import type { WalkedFile } from './walk.js';

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];

/** Dependencies declared anywhere in the repo, so a monorepo's packages each enable their frameworks. */
export function repoInfo(
  root: string,
  files: readonly WalkedFile[],
  diagnose: (file: string, message: string) => void,
): RepoInfo {
  const dependencies = new Set<string>();
  let hasPackageJson = false;
  let hasPythonManifest = false;
  for (const file of files) {
    if (PYTHON_MANIFEST.test(file.path) && file.size <= 1024 * 1024) {
      hasPythonManifest = true;
      try {
        const text = readFileSync(join(root, file.path), 'utf8');
        // Python names live beside npm's under a prefix: `pypi:fastapi` never shadows an npm package.
        for (const name of pythonDependencies(file.path, text)) dependencies.add(`pypi:${name}`);
      } catch (error) {
        diagnose(file.path, `Python manifest not read: ${(error as Error).message}`);
      }
      continue;
    }
    if (file.path !== 'package.json' && !file.path.endsWith('/package.json')) continue;
    if (file.size > 1024 * 1024) continue;
    hasPackageJson = true;
    try {
      const manifest = JSON.parse(readFileSync(join(root, file.path), 'utf8')) as Record<string, unknown>;
      for (const field of DEPENDENCY_FIELDS) {
        const deps = manifest[field];
        if (deps && typeof deps === 'object') for (const name of Object.keys(deps)) dependencies.add(name);
      }
    } catch (error) {
      diagnose(file.path, `package.json not read: ${(error as Error).message}`);
    }
  }
  return { root, dependencies, hasPackageJson, hasPythonManifest };
}
