import { hash, verify } from '@node-rs/argon2';

const ARGON2ID = 2; // the package's const enum Algorithm.Argon2id, which isolated modules cannot import

/**
 * OWASP's Argon2id floor: 19 MiB of memory, 2 passes, 1 lane — for every secret a person types (PINs,
 * console passwords). The parameters travel inside the hash, so raising them later keeps old hashes valid.
 */
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const slowHash = (secret: string): Promise<string> => hash(secret, OPTIONS);
export const slowHashMatches = (stored: string, secret: string): Promise<boolean> => verify(stored, secret);
