// A board's walls put into replay (or back to live) from a console on any node: behind a load balancer the walls
// of one board are spread over the nodes, and each wall's replay must be streamed by the node it is connected to.
// The console's node publishes the command on a Redis channel every node subscribes to (its own included); each
// node applies it to the walls it holds and answers how many, so the console can say how many walls replay.
// Pub/sub, not a stream: a command is about the walls open now, and a node that was down when it was sent has no
// walls of that moment to apply it to (a wall reconnecting comes back on the live floor, never a stale past).
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { z } from 'zod';
import { replayAnswersChannel, replayWallsChannel } from '../redis/keys.ts';

const commandSchema = z.strictObject({
  id: z.string(),
  board: z.string().min(1),
  replay: z.strictObject({ at: z.number(), speed: z.number() }).optional(),
});

/** A command for one board's walls: `replay` set starts that replay on them, absent sends them back to live. */
export type WallCommand = z.infer<typeof commandSchema>;

const answerSchema = z.strictObject({ id: z.string(), walls: z.number().int().nonnegative() });

/** How long a console waits for the nodes' answers: each may first seek (up to a quarter of the floor). */
const ANSWER_TIMEOUT_MS = 5_000;

export interface WallRelayOptions {
  /** A connection of its own (createRedis), owned by the caller: a subscribed connection can do nothing else. */
  subscriber: Redis;
  /** A commands connection, owned by the caller. */
  publisher: Redis;
  stream: string;
  log: Logger;
  /** Applies a command to this node's walls of the board; resolves to how many there were. */
  apply: (command: WallCommand) => Promise<number>;
  /** @defaultValue 5 s */
  answerTimeoutMs?: number;
}

interface Waiting {
  expected: number;
  walls: number;
  answered: number;
  done: (walls: number) => void;
}

export class WallRelay {
  private readonly waiting = new Map<string, Waiting>();
  private readonly commands: string;
  private readonly answers: string;

  constructor(private readonly o: WallRelayOptions) {
    this.commands = replayWallsChannel(o.stream);
    this.answers = replayAnswersChannel(o.stream);
  }

  async start(): Promise<void> {
    this.o.subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.commands) void this.onCommand(message);
      else if (channel === this.answers) this.onAnswer(message);
    });
    await this.o.subscriber.subscribe(this.commands, this.answers);
  }

  /**
   * Sends the command to every node; resolves to the walls the nodes that answered in time hold (a node that
   * does not answer in time is not counted: its walls may still follow the command).
   */
  async send(command: Omit<WallCommand, 'id'>): Promise<number> {
    const id = randomUUID();
    const counted = new Promise<number>((done) => {
      this.waiting.set(id, { expected: Number.POSITIVE_INFINITY, walls: 0, answered: 0, done });
    });
    const timer = setTimeout(() => this.settle(id), this.o.answerTimeoutMs ?? ANSWER_TIMEOUT_MS);
    try {
      // PUBLISH answers how many subscribers (nodes) got it: that many answers are to come.
      const nodes = await this.o.publisher.publish(this.commands, JSON.stringify({ ...command, id }));
      const w = this.waiting.get(id);
      if (w) {
        w.expected = nodes;
        if (w.answered >= nodes) this.settle(id);
      }
    } catch (err) {
      this.settle(id);
      throw err;
    }
    return counted.finally(() => clearTimeout(timer));
  }

  async close(): Promise<void> {
    for (const id of [...this.waiting.keys()]) this.settle(id);
    await this.o.subscriber.unsubscribe().catch(() => undefined);
  }

  private async onCommand(message: string): Promise<void> {
    const parsed = commandSchema.safeParse(safeJson(message));
    if (!parsed.success) return void this.o.log.warn({ message }, 'replay relay: ignoring an unreadable command');
    let walls = 0;
    try {
      walls = await this.o.apply(parsed.data);
    } catch (err) {
      this.o.log.warn({ err: (err as Error).message }, 'replay relay: could not apply a command to the walls');
    }
    await this.o.publisher
      .publish(this.answers, JSON.stringify({ id: parsed.data.id, walls }))
      .catch((err: Error) => this.o.log.warn({ err: err.message }, 'replay relay: could not answer'));
  }

  private onAnswer(message: string): void {
    const parsed = answerSchema.safeParse(safeJson(message));
    const w = parsed.success ? this.waiting.get(parsed.data.id) : undefined;
    if (!parsed.success || !w) return;
    w.walls += parsed.data.walls;
    w.answered++;
    if (w.answered >= w.expected) this.settle(parsed.data.id);
  }

  private settle(id: string): void {
    const w = this.waiting.get(id);
    if (!w) return;
    this.waiting.delete(id);
    w.done(w.walls);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
