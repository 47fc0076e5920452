import type { SimulatorListener } from '@pvekit/simulator';
import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decodeTfaChallenge, isHalfTicket, tfaAnswer } from '../src/auth/tfa.js';
import {
  ProxmoxAuthenticationError,
  ProxmoxClient,
  ProxmoxTfaRequiredError,
  type TfaChallenge,
  type TicketAuthOptions,
} from '../src/index.js';
import { ManualClock } from './helpers/clock.js';
import { received, simulator } from './helpers/simulator.js';

const ALICE = { userid: 'alice@pve', password: 'alice-Passw0rd' };

describe('two-factor login over TLS', () => {
  const clock = new ManualClock();
  const sim = simulator({ clock: () => clock.now() });
  let server: SimulatorListener;
  let totp: OTPAuth.TOTP;
  const clients: ProxmoxClient[] = [];

  function client(auth: Partial<TicketAuthOptions>) {
    const created = new ProxmoxClient({
      baseUrl: server.url,
      tls: { fingerprint: server.fingerprint },
      auth: { username: ALICE.userid, password: ALICE.password, ...auth },
      clock,
    });
    clients.push(created);
    return created;
  }
  /** The code an authenticator app shows now, computed apart from the simulator. */
  const codeNow = () => totp.generate({ timestamp: clock.now() });

  beforeAll(async () => {
    server = await sim.listen();
    sim.access.addUser(ALICE);
    totp = new OTPAuth.TOTP({
      secret: OTPAuth.Secret.fromBase32(sim.access.enableTotp(ALICE.userid)),
    });
  });
  beforeEach(() => {
    sim.requests.length = 0;
    clock.advance(60_000); // a fresh TOTP window: each code is accepted once
  });
  afterAll(async () => {
    await Promise.all(clients.map((each) => each.close()));
    await sim.close();
  });

  it('completes the login with a correct TOTP code from `otp`', async () => {
    const alice = client({ otp: codeNow() });
    await alice.get('/version');
    expect(alice.credentials?.username).toBe(ALICE.userid);
    expect(alice.credentials?.ticket).not.toMatch(/!tfa!/);

    const [first, second] = received(sim, 'POST', '/access/ticket');
    expect(first?.headers.csrfpreventiontoken).toBeUndefined();
    // The second step carries the CSRF token the first answer gave.
    expect(second?.headers.csrfpreventiontoken).toMatch(/^[0-9A-F]{8}:/);
  });

  it('asks onTfaChallenge, telling it which factors the server offers', async () => {
    const challenges: TfaChallenge[] = [];
    const alice = client({
      onTfaChallenge: (challenge) => {
        challenges.push(challenge);
        return codeNow();
      },
    });
    await alice.login();
    expect(challenges).toHaveLength(1);
    expect(challenges[0]).toMatchObject({ username: ALICE.userid, totp: true });
    expect(challenges[0]?.factors).toContain('totp');
  });

  it('reports a wrong code as an authentication error', async () => {
    const right = codeNow();
    const wrong = String((Number(right) + 500_000) % 1_000_000).padStart(6, '0');
    const error = await client({ otp: wrong })
      .login()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProxmoxAuthenticationError);
    expect((error as Error).message).not.toContain(wrong);
    expect(received(sim, 'POST', '/access/ticket')).toHaveLength(2);
  });

  it('without an answer, says which factors were offered and how to pass one', async () => {
    const error = await client({})
      .get('/version')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProxmoxTfaRequiredError);
    expect((error as ProxmoxTfaRequiredError).factors).toContain('totp');
    expect((error as Error).message).toMatch(/offered: totp.*auth\.otp.*onTfaChallenge/);
    expect(received(sim, 'GET', '/version')).toHaveLength(0);
  });
});

describe('the half ticket and the answer', () => {
  const halfTicket = (challenge: object) =>
    `PVE:!tfa!${encodeURIComponent(JSON.stringify(challenge))}:6789ABCD::c2lnbmF0dXJl`;

  it('decodes every factor the server can offer', () => {
    const webauthn = { publicKey: { challenge: 'abc', allowCredentials: [] } };
    const challenge = decodeTfaChallenge(
      'joe@pve',
      halfTicket({ totp: true, recovery: [0, 3], webauthn, yubico: true }),
    );
    expect(isHalfTicket(halfTicket({ totp: true }))).toBe(true);
    expect(isHalfTicket('PVE:joe@pve:6789ABCD::c2ln')).toBe(false);
    expect(challenge).toMatchObject({ totp: true, yubico: true, recovery: [0, 3], webauthn });
    expect(challenge.factors).toEqual(['totp', 'recovery', 'webauthn', 'yubico']);
  });

  it('offers no recovery factor when every key is used', () => {
    expect(decodeTfaChallenge('joe@pve', halfTicket({ recovery: [] })).factors).toEqual([]);
  });

  it('prefixes a bare code for TOTP (or YubiKey when alone) and keeps given prefixes', () => {
    const totp = decodeTfaChallenge('joe@pve', halfTicket({ totp: true, yubico: true }));
    const yubico = decodeTfaChallenge('joe@pve', halfTicket({ yubico: true }));
    expect(tfaAnswer(totp, ' 123456 ')).toBe('totp:123456');
    expect(tfaAnswer(yubico, 'cccccbhuinjd')).toBe('yubico:cccccbhuinjd');
    expect(tfaAnswer(totp, 'recovery:1234-abcd-5678-ef90')).toBe('recovery:1234-abcd-5678-ef90');
  });

  it('refuses a bare code when only recovery keys are offered, saying how to answer', () => {
    const recoveryOnly = decodeTfaChallenge('joe@pve', halfTicket({ recovery: [1] }));
    expect(() => tfaAnswer(recoveryOnly, '123456')).toThrow(ProxmoxTfaRequiredError);
    expect(() => tfaAnswer(recoveryOnly, '123456')).toThrow(/offered: recovery.*'recovery:<key>'/);
  });
});
