// `npm run test:pack`: build, pack, install the tarballs into an empty project and use them
// there as a user would. Proves that what is published works, not only what is tested.
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkHelp, checkSim } from './cli.js';
import { PackCheckError, run } from './process.js';
import { packAll } from './tarballs.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const started = performance.now();
/** The temporary folder, once made: kept after a failure so it can be inspected. */
let work: string | undefined;

function step(message: string): void {
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`test:pack [${seconds.padStart(5)} s] ${message}`);
}

// The consumer is type-checked against the installed declarations with the repository's own
// TypeScript and Node types, so the empty project needs nothing but the tarballs.
function consumerTsconfig(): object {
  return {
    compilerOptions: {
      target: 'ES2023',
      lib: ['ES2023'],
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      skipLibCheck: false,
      typeRoots: [path.join(repoRoot, 'node_modules/@types')],
      types: ['node'],
      outDir: '.',
    },
    files: ['smoke.ts'],
  };
}

async function createConsumer(dir: string, tarballs: readonly string[]): Promise<void> {
  await mkdir(dir);
  const manifest = { name: 'pvekit-pack-consumer', private: true, type: 'module' };
  await writeFile(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  await writeFile(path.join(dir, 'tsconfig.json'), JSON.stringify(consumerTsconfig(), null, 2));
  await copyFile(path.join(import.meta.dirname, 'consumer/smoke.ts'), path.join(dir, 'smoke.ts'));
  await run(
    'npm install (tarballs)',
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', ...tarballs],
    { cwd: dir, timeoutMs: 120_000 },
  );
}

async function main(): Promise<void> {
  step('building (npm run build)');
  await run('npm run build', 'npm', ['run', 'build'], { cwd: repoRoot, timeoutMs: 180_000 });

  work = await mkdtemp(path.join(tmpdir(), 'pvekit-pack-'));
  step(`packing into ${work}`);
  const tarballs = await packAll(repoRoot, work);

  const consumer = path.join(work, 'consumer');
  step(`installing ${tarballs.map((file) => path.basename(file)).join(', ')}`);
  await createConsumer(consumer, tarballs);

  step('type-checking the consumer against the installed declarations');
  const tsc = path.join(repoRoot, 'node_modules/typescript/bin/tsc');
  await run('tsc (consumer)', process.execPath, [tsc, '-p', '.'], {
    cwd: consumer,
    timeoutMs: 60_000,
  });

  step('simulator + client over TLS with the pinned fingerprint');
  const smoke = await run('node smoke.js', process.execPath, ['smoke.js'], {
    cwd: consumer,
    timeoutMs: 30_000,
  });
  step(`  ${smoke.stdout.trim()}`);

  const bin = path.join(consumer, 'node_modules/.bin/pvekit');
  step('pvekit --help');
  await checkHelp(bin, consumer);
  step('pvekit sim --port 0, stopped with SIGTERM');
  step(`  served at ${await checkSim(bin, consumer)}`);

  await rm(work, { recursive: true, force: true });
  step('ok: the packed packages install and work');
}

try {
  await main();
} catch (error) {
  const reason = error instanceof PackCheckError ? error.message : (error as Error).stack;
  console.error(`\ntest:pack FAILED\n${reason}`);
  if (work !== undefined) console.error(`(kept for inspection: ${work})`);
  process.exitCode = 1;
}
