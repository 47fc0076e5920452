import { describe, expect, it } from 'vitest';
import { ProxmoxClient, type ProxmoxClientOptions, ProxmoxOptionsError } from '../src/index.js';

const TOKEN = { tokenId: 'root@pam!ci', secret: '0b1c2d3e-aaaa-bbbb-cccc-123456789abc' };
const PIN = 'AB'.repeat(32);

function optionsError(options: unknown): ProxmoxOptionsError {
  try {
    new ProxmoxClient(options as ProxmoxClientOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(ProxmoxOptionsError);
    return error as ProxmoxOptionsError;
  }
  throw new Error('the options were accepted');
}

describe('base URL', () => {
  it.each([
    [{ host: 'pve1' }, 'https://pve1:8006/api2/json'],
    [{ host: 'pve1', port: 443 }, 'https://pve1/api2/json'],
    [{ host: '10.0.0.5:8443' }, 'https://10.0.0.5:8443/api2/json'],
    [{ host: 'fd00::5' }, 'https://[fd00::5]:8006/api2/json'],
    [{ baseUrl: 'https://pve1.example.com' }, 'https://pve1.example.com:8006/api2/json'],
    [{ baseUrl: 'https://pve1:443/' }, 'https://pve1/api2/json'],
    [{ baseUrl: 'http://127.0.0.1:9000/api2/json' }, 'http://127.0.0.1:9000/api2/json'],
    [{ host: 'https://proxy.example.com/pve/' }, 'https://proxy.example.com:8006/pve/api2/json'],
  ])('%j → %s', (options, expected) => {
    expect(new ProxmoxClient(options).baseUrl).toBe(expected);
  });
});

describe('options refused at construction, each with the fix', () => {
  it.each<[string, unknown, RegExp]>([
    ['no node', {}, /pass host/],
    ['both host and baseUrl', { host: 'a', baseUrl: 'https://b' }, /pass one of them/],
    ['a bad port', { host: 'pve1', port: 70000 }, /1-65535/],
    ['a fractional port', { host: 'pve1', port: 80.5 }, /1-65535/],
    ['a port contradicting the URL', { baseUrl: 'https://pve1:8006', port: 9 }, /give one/],
    ['credentials in the URL', { baseUrl: 'https://root:pw@pve1' }, /pass them as auth/],
    ['an unknown option', { host: 'pve1', hots: 'x' }, /unknown option 'hots'; known are host/],
    ['both token and password', { host: 'pve1', auth: { ...TOKEN, password: 'x' } }, /one of them/],
    ['both fetch and dispatcher', { host: 'pve1', fetch, dispatcher: {} }, /one transport/],
    [
      'insecure with a fingerprint',
      { host: 'pve1', tls: { insecure: true, fingerprint: PIN } },
      /choose one/,
    ],
    ['a short fingerprint', { host: 'pve1', tls: { fingerprint: 'AB:CD' } }, /64 hex digits/],
    [
      'tls with an injected fetch',
      { host: 'pve1', fetch, tls: { insecure: true } },
      /configure TLS there/,
    ],
    ['tls over http', { baseUrl: 'http://pve1:80', tls: { fingerprint: PIN } }, /https/],
    ['an unknown log level', { host: 'pve1', logLevel: 'loud' }, /debug, info, warn/],
    ['a negative timeout', { host: 'pve1', timeout: -1 }, /positive/],
    ['a fractional retry count', { host: 'pve1', retry: 1.5 }, /whole number/],
    [
      'a password user without realm',
      { host: 'pve1', auth: { username: 'root', password: 'x' } },
      /root@pam/,
    ],
    [
      'a ticket without CSRF token',
      { host: 'pve1', auth: { username: 'root@pam', ticket: 't' } },
      /belong together/,
    ],
    [
      'a ticket login with nothing to log in with',
      { host: 'pve1', auth: { username: 'root@pam' } },
      /needs auth.password/,
    ],
    ['a clock without sleep', { host: 'pve1', clock: { now: Date.now } }, /sleep/],
  ])('%s', (_name, options, message) => {
    expect(optionsError(options).message).toMatch(message);
  });

  it.each<[string, string, RegExp]>([
    ['no token name', 'root@pam', /misses '!tokenname'; expected the form 'user@realm!tokenname'/],
    ['the PBS colon separator', 'root@pam!ci:abc', /Backup Server form.*'user@realm!tokenname'/],
    ['the secret glued on', 'root@pam!ci=abc', /carries a secret.*'user@realm!tokenname'/],
    ['no realm', 'root!ci', /misses the realm; expected the form 'user@realm!tokenname'/],
    ['a token name starting with a digit', 'root@pam!1ci', /malformed; expected the form/],
    ['a realm starting with a digit', 'root@1pam!ci', /malformed; expected the form/],
  ])('a token id with %s', (_name, tokenId, message) => {
    const error = optionsError({ host: 'pve1', auth: { tokenId, secret: TOKEN.secret } });
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain(TOKEN.secret);
  });

  it('accepts every token id the Proxmox grammar allows', () => {
    for (const tokenId of ['root@pam!ci', 'a.b-c_d@pve!T0k.e-n_', 'joe@my-ldap.realm!monitoring']) {
      expect(
        () => new ProxmoxClient({ host: 'pve1', auth: { tokenId, secret: 'x-y' } }),
      ).not.toThrow();
    }
  });

  it('refuses a token secret with whitespace, without echoing it', () => {
    const error = optionsError({
      host: 'pve1',
      auth: { tokenId: 'root@pam!ci', secret: 'abc def' },
    });
    expect(error.message).toMatch(/no spaces/);
    expect(error.message).not.toContain('abc def');
  });
});
