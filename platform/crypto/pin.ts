import { hash, verify } from '@node-rs/argon2';

const ARGON2ID = 2; // the package's const enum Algorithm.Argon2id, which isolated modules cannot import

/** OWASP's Argon2id floor: 19 MiB of memory, 2 passes, 1 lane. The parameters travel inside the hash. */
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const hashPin = (pin: string) => hash(pin, OPTIONS);
export const pinMatches = (stored: string, pin: string) => verify(stored, pin);
