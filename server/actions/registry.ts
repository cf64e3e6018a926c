// Which CTI adapters are alive and which agents each can act on. An adapter refreshes a key with its registration
// every REFRESH_MS; the key expires TTL_MS after the last refresh, so a stopped or crashed adapter (or one whose
// PBX link is down, which registers no agents) stops counting within seconds. The server asks before it accepts
// an action, to answer 503 rather than let a command nobody can perform expire.
import type { Redis } from 'ioredis';
import type { AdapterRegistration } from '../../shared/actions.ts';
import { adapterKey, adaptersSetKey } from '../redis/keys.ts';

export const REGISTRATION_REFRESH_MS = 2_000;
const REGISTRATION_TTL_MS = 6_000;

export async function register(redis: Redis, stream: string, reg: AdapterRegistration): Promise<void> {
  await redis
    .multi()
    .set(adapterKey(stream, reg.id), JSON.stringify(reg), 'PX', REGISTRATION_TTL_MS)
    .sadd(adaptersSetKey(stream), reg.id)
    .exec();
}

/** Removes the registration at once (a clean stop), rather than letting it expire. */
export async function unregister(redis: Redis, stream: string, adapterId: string): Promise<void> {
  await redis.multi().del(adapterKey(stream, adapterId)).srem(adaptersSetKey(stream), adapterId).exec();
}

/** The live registrations; ids whose key has expired are dropped from the set on the way. */
export async function liveAdapters(redis: Redis, stream: string): Promise<AdapterRegistration[]> {
  const ids = await redis.smembers(adaptersSetKey(stream));
  if (ids.length === 0) return [];
  const values = await redis.mget(ids.map((id) => adapterKey(stream, id)));
  const live: AdapterRegistration[] = [];
  const gone: string[] = [];
  values.forEach((v, i) => {
    if (v === null) return void gone.push(ids[i]!);
    try {
      live.push(JSON.parse(v) as AdapterRegistration);
    } catch {
      gone.push(ids[i]!);
    }
  });
  if (gone.length) await redis.srem(adaptersSetKey(stream), ...gone);
  return live;
}

export async function isServed(redis: Redis, stream: string, agentId: string): Promise<boolean> {
  return (await liveAdapters(redis, stream)).some((a) => a.agents.includes(agentId));
}
