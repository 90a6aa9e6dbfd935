import { parse, PGlite, protocol, type QueryOptions, type Results } from '@electric-sql/pglite';
import { StatementNames } from './prepared-statements';

/**
 * The embedded database, keeping the platform's hot statements prepared as the PostgreSQL pool does
 * (prepared-statements.ts picks which). PGlite's `query` parses and plans every statement afresh, in
 * WebAssembly, in the platform's own thread: measured, planning was 60 % of a one-row join's time
 * (0.56 → 0.21 ms prepared). A prepared one is parsed once, its parameter types read once, then bound
 * and executed by name over PGlite's wire protocol, its rows parsed by PGlite's own parsers.
 */
export class PreparingPGlite extends PGlite {
  readonly #names = new StatementNames();
  /** The parameter types of each statement prepared on this database, by name. */
  readonly #prepared = new Map<string, number[]>();

  override async query<T>(text: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>> {
    const name = params?.length && !options?.blob && !options?.paramTypes ? this.#names.nameFor(text) : undefined;
    if (!name) return super.query<T>(text, params, options);
    return this._runExclusiveQuery(async () => {
      const types = this.#prepared.get(name) ?? (await this.#prepare(name, text));
      const values = params!.map((value, i) => {
        if (value === null || value === undefined) return null;
        const serializer = options?.serializers?.[types[i]!] ?? this.serializers[types[i]!];
        return serializer ? serializer(value) : String(value);
      });
      const messages = await this.#extended([
        protocol.serialize.bind({ statement: name, values }),
        protocol.serialize.describe({ type: 'P' }),
        protocol.serialize.execute({}),
      ]);
      await this.syncToFs();
      return parse.parseResults(messages, this.parsers, options)[0] as Results<T>;
    });
  }

  /** Parses `text` as the named statement and returns its parameter types; nothing is kept if it fails. */
  async #prepare(name: string, text: string): Promise<number[]> {
    const messages = await this.#extended([
      protocol.serialize.parse({ name, text }),
      protocol.serialize.describe({ type: 'S', name }),
    ]);
    const types = parse.parseDescribeStatementResults(messages);
    this.#prepared.set(name, types);
    return types;
  }

  /** Sends `steps` of one extended query, then Sync however they end, and returns what came back. */
  async #extended(steps: Uint8Array[]): Promise<Awaited<ReturnType<PGlite['execProtocolStream']>>> {
    const messages = [];
    try {
      for (const step of steps) messages.push(...(await this.execProtocolStream(step, { syncToFs: false })));
    } finally {
      messages.push(...(await this.execProtocolStream(protocol.serialize.sync(), { syncToFs: false })));
    }
    return messages;
  }
}
