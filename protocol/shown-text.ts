import { z } from 'zod';

/**
 * Control characters (C0, DEL, C1) and the invisible marks that change text direction (bidi embeddings,
 * overrides, isolates and marks): in a label they could make "Roses" read as another total.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_OR_DIRECTION = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** A merchant's words a shopper is shown (a tag's label and item names, a shop's name): one line of plain text. */
export const ShownTextSchema = (max: number, whenEmpty = 'expected some text') =>
  z
    .string()
    .min(1, whenEmpty)
    .max(max, `expected at most ${max} characters`)
    .refine((value) => !CONTROL_OR_DIRECTION.test(value), {
      message: 'expected plain text on one line: no control characters or direction marks',
    });
