import { z } from 'zod';

// MV3 extension pages and workers forbid eval; zod must not try to compile parsers with it.
z.config({ jitless: true });
