import type { z } from 'zod';
import { ApiError } from '../api-error';
import type { Platform } from '../context';

/** What an operation promises in the API reference: its success reply, and every refusal code it may send. */
interface Contract {
  name: string;
  status: number;
  reply: z.ZodType;
  refusals: ReadonlySet<string>;
}

/** Logged always; kept (for the tests to fail on) where `config.contractChecks` is on. */
function breach(platform: Platform, what: string): void {
  console.error(`[platform] the API reference does not describe this: ${what}`);
  if (platform.config.contractChecks) platform.contractBreaches.push(what);
}

/**
 * Holds a handler to its operation's documentation: a refusal whose code the operation does not list
 * is a breach, and with `config.contractChecks` (the tests) so is a success whose body the reply
 * schema does not describe.
 */
export async function keepContract(platform: Platform, contract: Contract, work: () => Promise<Response>) {
  let response: Response;
  try {
    response = await work();
  } catch (error) {
    if (error instanceof ApiError && !contract.refusals.has(error.code))
      breach(platform, `${contract.name} refused with ${error.code}, which it does not document`);
    throw error;
  }
  if (platform.config.contractChecks && isJson(response) && response.status === contract.status) {
    const checked = contract.reply.safeParse(await response.clone().json());
    if (!checked.success)
      breach(platform, `${contract.name} answered a body its reply schema refuses: ${checked.error.message}`);
  }
  return response;
}

const isJson = (response: Response) => (response.headers.get('content-type') ?? '').includes('application/json');
