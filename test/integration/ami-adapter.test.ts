// The adapter end to end with a scripted AMI server and a real redis-server: events reach the stream in order,
// and an AMI outage longer than faultAfterMs opens a system.fault that closes when AMI is back.
import type { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FloorEvent, decodeEvent } from '../../shared/events.ts';
import { startAmiAdapter } from '../../server/cti/ami/adapter.ts';
import { parseAmiConfig } from '../../shared/ami.ts';
import { createRedis } from '../../server/redis/connection.ts';
import { fakeAmi, type Reply } from '../asterisk/fake-ami.ts';
import { type RedisProcess, startRedis } from '../helpers/redis.ts';

const STREAM = 'test:ami';
const T = 1795950000;

const reply: Reply = (a, send) => {
  const id = a.get('ActionID')!;
  switch (a.get('Action')) {
    case 'Login':
      return send({ Response: 'Success', ActionID: id, Message: 'Authentication accepted' });
    case 'QueueStatus':
      send({ Response: 'Success', ActionID: id, EventList: 'start' });
      send({ Event: 'QueueParams', Queue: 'support', ActionID: id });
      send({
        Event: 'QueueMember',
        Queue: 'support',
        Name: 'Alice',
        Location: 'SIP/100',
        LoginTime: `${T}`,
        InCall: '0',
        Status: '1',
        Paused: '0',
        LastPause: '0',
        ActionID: id,
      });
      return send({ Event: 'QueueStatusComplete', ActionID: id, EventList: 'Complete' });
    case 'Logoff':
      return send({ Response: 'Goodbye', ActionID: id });
  }
};

describe('startAmiAdapter', () => {
  let redisServer: RedisProcess;
  let redis: Redis;
  beforeAll(async () => {
    redisServer = await startRedis();
    redis = createRedis(redisServer.url, 'ami-adapter-test');
  });
  afterAll(async () => {
    redis.disconnect();
    await redisServer.stop();
  });

  const stream = async (): Promise<FloorEvent[]> =>
    ((await redis.xrange(STREAM, '-', '+')) as Array<[string, string[]]>).map(([, f]) => {
      const d = decodeEvent(f[1]);
      if (!d.ok) throw new Error(d.reason);
      return d.event;
    });
  const waitFor = async (cond: (events: FloorEvent[]) => boolean, ms = 8000) => {
    const end = Date.now() + ms;
    for (;;) {
      const events = await stream();
      if (cond(events)) return events;
      if (Date.now() > end)
        throw new Error(`stream never matched; it holds ${JSON.stringify(events.map((e) => e.id))}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it('writes mapped events, and raises then resolves a fault around an AMI outage', async () => {
    let ami = await fakeAmi(reply);
    const port = ami.port;
    const config = parseAmiConfig({
      port,
      stream: STREAM,
      agents: { 'SIP/100': 'alice' },
      faultAfterMs: 300,
      maxBackoffMs: 200,
    });
    const adapter = startAmiAdapter({ config, redis, log: pino({ level: 'silent' }) });
    try {
      await waitFor((ev) => ev.some((e) => e.type === 'agent.login'));
      ami.broadcast({
        Event: 'QueueCallerJoin',
        Timestamp: `${T + 10}.5`,
        Queue: 'support',
        Uniqueid: 'u1',
        CallerIDNum: '5550100',
      });
      await waitFor((ev) => ev.some((e) => e.type === 'call.offered'));

      await ami.close();
      const faulted = await waitFor((ev) => ev.some((e) => e.type === 'system.fault'));
      const open = faulted.find((e) => e.type === 'system.fault')!;
      expect(open).toMatchObject({ component: 'ami', severity: 'major' });
      expect(open).not.toHaveProperty('resolved');

      ami = await fakeAmi(reply, port);
      const after = await waitFor((ev) => ev.filter((e) => e.type === 'system.fault').length === 2);
      const [first, second] = after.filter((e) => e.type === 'system.fault') as Array<FloorEvent & { faultId: string }>;
      expect(second).toMatchObject({ faultId: first!.faultId, resolved: true });
      expect(second!.ts).toBeGreaterThan(first!.ts);

      expect(after.map((e) => e.type)).toEqual(['agent.login', 'call.offered', 'system.fault', 'system.fault']);
      expect(after[1]).toMatchObject({
        callId: 'u1',
        queueId: 'support',
        ts: (T + 10) * 1000 + 500,
        callerId: '5550100',
      });
      expect(adapter.stats()).toMatchObject({ link: 'up', eventsWritten: 4 });
    } finally {
      await adapter.stop();
      await ami.close();
    }
  });
});
