import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Captured, type CliWorld, cli, cliWorld, ROOT_PASSWORD } from './helpers/cli.js';

describe('no secret in any output', () => {
  let world: CliWorld;
  beforeAll(async () => {
    world = await cliWorld();
  });
  afterAll(() => world.close());

  it('password, token secret, ticket and CSRF token never reach stdout or stderr', async () => {
    const token = await world.sim.simulator.access.createToken('root@pam', 'leak', {
      privsep: false,
    });
    const wrongPassword = 'wrong-Passw0rd-9c1e';
    const wrongSecret = '11111111-2222-3333-4444-555555555555';
    const asUser = world.env({ PVEKIT_USER: 'root@pam', PVEKIT_PASSWORD: ROOT_PASSWORD });
    const asToken = world.env({
      PVEKIT_TOKEN_ID: token.tokenId,
      PVEKIT_TOKEN_SECRET: token.secret,
    });
    const outputs: Captured[] = [];
    const run = async (args: string[], env: Record<string, string>) => {
      outputs.push(await cli(args, env));
    };

    await run(['login'], asUser);
    const cached = readCachedTicket(world);
    const asCachedUser = world.env({ PVEKIT_USER: 'root@pam' });
    await run(['get', '/version', '--output-format', 'json-pretty'], asCachedUser);
    await run(['get', '/access/users', '--output-format', 'yaml'], asCachedUser);
    await run(['get', '/no/such/path'], asCachedUser);
    await run(['create', '/access/users', '--userid', 'x'], asCachedUser);
    await run(['get', '/version'], asToken);
    await run(['get', '/nodes', '--output-format', 'text'], asToken);
    await run(['get', '/access/ticket'], asToken);
    await run(['logout'], asCachedUser);
    await run(['get', '/version'], { ...asUser, PVEKIT_PASSWORD: wrongPassword });
    await run(['get', '/version'], { ...asToken, PVEKIT_TOKEN_SECRET: wrongSecret });
    await run(['login'], { ...asUser, PVEKIT_PASSWORD: wrongPassword });
    await run(['get', '/version', '--fingerprint', 'AA'.repeat(32)], asToken);

    const secrets = [
      ROOT_PASSWORD,
      wrongPassword,
      token.secret,
      wrongSecret,
      cached.ticket,
      cached.csrfToken,
    ];
    const printed = outputs.map((output) => output.stdout + output.stderr).join('\n');
    expect(outputs.map((output) => output.code)).toContain(1);
    expect(printed).toContain('error:');
    for (const secret of secrets) expect(printed).not.toContain(secret);
    // The ticket's signature alone must not leak either (e.g. cut off at a colon).
    const signature = cached.ticket.split('::')[1] as string;
    expect(printed).not.toContain(signature);
  });
});

function readCachedTicket(world: CliWorld): { ticket: string; csrfToken: string } {
  const dir = path.join(world.home, 'cache', 'pvekit');
  const [file] = readdirSync(dir);
  return JSON.parse(readFileSync(path.join(dir, file as string), 'utf8'));
}
