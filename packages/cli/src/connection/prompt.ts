import type { PasswordInput } from '../io.js';

/**
 * Reads a password from a terminal without echoing it: raw mode, one keypress at a time.
 * Enter ends it, Backspace takes back a character, Ctrl-C or Ctrl-D gives up.
 */
export function promptPassword(
  input: PasswordInput,
  output: { write(text: string): unknown },
  question: string,
): Promise<string> {
  output.write(question);
  input.setRawMode?.(true);
  input.resume();
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (outcome: () => void) => {
      input.off('data', onData);
      input.setRawMode?.(false);
      input.pause();
      output.write('\n');
      outcome();
    };
    const onData = (chunk: Buffer | string) => {
      for (const character of chunk.toString()) {
        if (character === '\r' || character === '\n') return finish(() => resolve(typed));
        if (character === '\u0003' || character === '\u0004') {
          return finish(() => reject(new Error('password prompt cancelled')));
        }
        if (character === '\u007f' || character === '\b') typed = typed.slice(0, -1);
        else typed += character;
      }
    };
    input.on('data', onData);
  });
}
