import { expect, test } from 'vitest';
import { CLIENT_VERSION } from '../src/index.js';

test('the simulator resolves the client from source', () => {
  expect(CLIENT_VERSION).toBe('0.1.0');
});
