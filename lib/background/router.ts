import type { z } from 'zod';
import { fieldIssues, type FieldIssue } from '../../protocol/field-issues';
import { textIssues } from '../../protocol/text';
import { messages, type Envelope, type MessageType, type ParsedRequest, type Reply } from '../../protocol/messages';
import type { BackgroundContext } from './context';
import { WalletError } from './errors';
import { sessionEnded } from './platform-session';
import { senderRole, type Sender, type SenderRole } from './sender';

export type Caller = Exclude<SenderRole, { role: 'refused' }>;

export type Handler<T extends MessageType> = (
  ctx: BackgroundContext,
  request: ParsedRequest<T>,
  caller: Caller,
) => Promise<Reply<T>>;

export type Handlers = { [T in MessageType]: Handler<T> };

/** A message's bad fields; the message itself is "(message)". */
export const messageIssues = (error: z.ZodError): FieldIssue[] => fieldIssues(error, undefined, '(message)');

function refuse(error: WalletError): Envelope<never> {
  return {
    ok: false,
    error: {
      code: error.code,
      message: error.message,
      ...(error.issues && { issues: error.issues }),
      ...(error.reason && { reason: error.reason }),
      ...(error.facts && { facts: error.facts }),
    },
  };
}

/**
 * One entry for every message: checks the sender, parses the request with its schema, runs the
 * handler and checks its reply. Whatever goes wrong, the sender gets a typed error, never a throw.
 */
export function createRouter(handlers: Handlers, ctx: BackgroundContext) {
  return async function route(raw: unknown, sender: Sender): Promise<Envelope<unknown>> {
    try {
      if (typeof raw !== 'object' || raw === null || typeof (raw as { type?: unknown }).type !== 'string') {
        throw new WalletError('invalid_request', 'A message must be an object with a string "type".', [
          { field: 'type', expected: 'a message type such as "wallet.overview"' },
        ]);
      }
      const { type, ...body } = raw as { type: string };
      if (!Object.hasOwn(messages, type)) {
        throw new WalletError('unknown_message', `Unknown message type "${type.slice(0, 64)}".`, [
          { field: 'type', expected: `one of ${Object.keys(messages).join(', ')}` },
        ]);
      }
      const name = type as MessageType;
      const definition = messages[name];
      const who = senderRole(sender, ctx.extensionId, ctx.extensionOrigin);
      if (who.role === 'refused') throw new WalletError('forbidden_sender', `Refused: ${who.reason}.`);
      if (who.role !== definition.from) {
        throw new WalletError(
          'forbidden_sender',
          `"${name}" may only be sent by ${definition.from === 'ui' ? "the extension's own pages" : 'a content script'}.`,
        );
      }
      const faults = textIssues(body, '(message)');
      if (faults.length)
        throw new WalletError('invalid_request', `"${name}" has fields that are not plain text.`, faults);
      const request = definition.request.safeParse(body);
      if (!request.success) {
        throw new WalletError('invalid_request', `"${name}" has invalid fields.`, messageIssues(request.error));
      }
      const handler = handlers[name] as Handler<MessageType>;
      const reply = await handler(ctx, request.data as ParsedRequest<MessageType>, who);
      const checked = definition.reply.safeParse(reply);
      if (!checked.success) {
        ctx.log('reply of', name, 'broke its schema', checked.error);
        throw new WalletError('internal', `The wallet produced an invalid reply to "${name}".`);
      }
      return { ok: true, data: checked.data };
    } catch (error) {
      // The platform ended the session (idle, or the device was revoked): locked here too, in one place.
      if (error instanceof WalletError && error.reason === 'session_expired') return refuse(await sessionEnded(ctx));
      if (error instanceof WalletError) return refuse(error);
      ctx.log('message failed', error);
      return refuse(new WalletError('internal', 'The wallet could not handle this message.'));
    }
  };
}
