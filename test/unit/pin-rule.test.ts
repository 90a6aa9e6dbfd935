import { describe, expect, it } from 'vitest';
import { pinTooEasy } from '../../protocol/pin-rule';

describe('a new PIN anyone would guess first', () => {
  it.each(['000000', '777777', '123456', '234567', '654321', '987654', '890123', '210987', '123123', '112233'])(
    'refuses %s',
    (pin) => expect(pinTooEasy(pin)).toBe(true),
  );

  it.each(['135790', '246810', '581093', '902417'])('takes %s (the demo wallet’s and the tests’ among them)', (pin) =>
    expect(pinTooEasy(pin)).toBe(false),
  );
});
