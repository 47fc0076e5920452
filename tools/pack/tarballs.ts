import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PackCheckError, run } from './process.js';

/** The published packages, in dependency order (a dependency is built and installed first). */
export const PACKAGES = [
  'packages/client',
  'packages/codegen',
  'packages/simulator',
  'packages/cli',
] as const;

interface PackedFile {
  readonly path: string;
}

interface Packed {
  readonly name: string;
  readonly filename: string;
  readonly files: readonly PackedFile[];
}

interface Manifest {
  readonly exports?: Record<string, Record<string, string>>;
  readonly bin?: Record<string, string>;
}

/** `npm pack` of every package into `destination`; returns the tarball paths. */
export async function packAll(repoRoot: string, destination: string): Promise<string[]> {
  const workspaces = PACKAGES.flatMap((dir) => ['-w', dir]);
  const { stdout } = await run(
    'npm pack',
    'npm',
    ['pack', '--json', '--pack-destination', destination, ...workspaces],
    { cwd: repoRoot, timeoutMs: 60_000 },
  );
  const packed = JSON.parse(stdout) as Packed[];
  for (const [index, dir] of PACKAGES.entries()) {
    const tarball = packed[index];
    if (tarball === undefined) throw new PackCheckError(`npm pack made no tarball for ${dir}`);
    await checkContents(path.join(repoRoot, dir), tarball);
  }
  return packed.map((tarball) => path.join(destination, tarball.filename));
}

/**
 * Every file the manifest points at (exports targets, bin) is in the tarball: a missing one is
 * what a user would meet as "Cannot find module" after install.
 */
async function checkContents(packageDir: string, tarball: Packed): Promise<void> {
  const manifest = JSON.parse(
    await readFile(path.join(packageDir, 'package.json'), 'utf8'),
  ) as Manifest;
  const shipped = new Set(tarball.files.map((file) => file.path));
  const pointedAt = [
    ...Object.values(manifest.exports ?? {}).flatMap((entry) => Object.values(entry)),
    ...Object.values(manifest.bin ?? {}),
  ].map((target) => path.posix.normalize(target));
  if (pointedAt.length === 0) {
    throw new PackCheckError(`${tarball.name}: package.json has neither exports nor bin`);
  }

  const missing = pointedAt.filter((target) => !shipped.has(target));
  if (missing.length > 0) {
    throw new PackCheckError(
      `${tarball.name}: the tarball lacks ${missing.join(', ')}, which package.json points at;` +
        ' run `npm run build` and check the "files" field',
    );
  }
  const tests = [...shipped].filter((file) => /(^|\/)test\/|\.test\.ts$/.test(file));
  if (tests.length > 0) {
    throw new PackCheckError(`${tarball.name}: tests would be published: ${tests.join(', ')}`);
  }
}
