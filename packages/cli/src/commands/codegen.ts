import { buildForUser } from '@pvekit/codegen';
import type { Command } from 'commander';

interface CodegenFlags {
  schema: string;
  out: string;
  insecure?: boolean;
  fingerprint?: string;
  namedFormats?: string;
  pveVersion?: string;
  importFrom?: string;
}

export function registerCodegen(program: Command): void {
  program
    .command('codegen')
    .description('generate the typed API modules for the Proxmox VE version a node runs')
    .requiredOption('--schema <file|url>', 'schema JSON, apidoc.js, or https://<node>:8006')
    .requiredOption('--out <dir>', 'directory to write the generated modules into')
    .option('--insecure', 'accept the node certificate without checking it')
    .option('--fingerprint <sha256>', "the node certificate's SHA-256 fingerprint (AA:BB:…)")
    .option('--named-formats <file>', 'named-formats-*.json (default: from the schema itself)')
    .option('--pve-version <version>', 'version named in the file headers, e.g. 8.4')
    .option('--import-from <module>', 'module the generated files import types from', 'pvekit')
    .action(async (flags: CodegenFlags) => {
      const result = await buildForUser({
        schema: flags.schema,
        outDir: flags.out,
        ...(flags.insecure === true ? { insecure: true } : {}),
        ...(flags.fingerprint !== undefined ? { fingerprint: flags.fingerprint } : {}),
        ...(flags.namedFormats !== undefined ? { namedFormats: flags.namedFormats } : {}),
        ...(flags.pveVersion !== undefined ? { version: flags.pveVersion } : {}),
        ...(flags.importFrom !== undefined ? { importFrom: flags.importFrom } : {}),
      });
      console.log(`${result.endpoints} endpoints; wrote ${result.files.length} files:`);
      for (const file of result.files) console.log(`  ${file}`);
    });
}
