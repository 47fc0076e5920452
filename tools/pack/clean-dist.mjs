// Removes each package's dist/ before a build, so a file whose source was renamed or deleted
// is never published from an old build. Plain JavaScript: it runs before anything is built.
import { rm } from 'node:fs/promises';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '../..');
for (const dir of ['packages/client', 'packages/simulator', 'packages/cli']) {
  await rm(path.join(repoRoot, dir, 'dist'), { recursive: true, force: true });
}
