// Writes docs/simulator-coverage.md from the simulator's `coverageMarkdown()`; the coverage
// test fails while the committed file differs from what this writes.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { coverageMarkdown } from '@pvekit/simulator';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const target = path.join(repoRoot, 'docs/simulator-coverage.md');
writeFileSync(target, coverageMarkdown());
console.log(`wrote ${path.relative(repoRoot, target)}`);
