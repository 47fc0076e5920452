import { expect, test } from 'vitest';
import { ManualClock } from '../src/tasks/clock.js';

test('a manual clock fires due timers in time order, each at its own time', async () => {
  const clock = new ManualClock(1_000);
  const fired: string[] = [];
  clock.schedule(300, () => fired.push(`b@${clock.now()}`));
  clock.schedule(100, () => fired.push(`a@${clock.now()}`));
  clock.schedule(300, () => fired.push(`c@${clock.now()}`));
  clock.schedule(500, () => fired.push(`d@${clock.now()}`));

  await clock.advance(300);
  expect(fired).toEqual(['a@1100', 'b@1300', 'c@1300']);
  expect(clock.now()).toBe(1_300);
  expect(clock.pending).toBe(1);
});

test('a cancelled timer never fires; timers scheduled while advancing fire if due', async () => {
  const clock = new ManualClock(0);
  const fired: number[] = [];
  const cancel = clock.schedule(50, () => fired.push(50));
  clock.schedule(10, () => clock.schedule(10, () => fired.push(clock.now())));
  cancel();

  await clock.advance(100);
  expect(fired).toEqual([20]);
  expect(clock.pending).toBe(0);
});

test('promise chains started by a timer settle before the next timer fires', async () => {
  const clock = new ManualClock(0);
  const order: string[] = [];
  clock.schedule(10, () => {
    void Promise.resolve()
      .then(() => undefined)
      .then(() => order.push('chain'));
  });
  clock.schedule(20, () => order.push('second timer'));

  await clock.advance(20);
  expect(order).toEqual(['chain', 'second timer']);
});
