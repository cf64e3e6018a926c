// `npm run user -- add|edit … --device`: the supervisor's phone for listen/whisper/barge, kept on the user.
import { execFile } from 'node:child_process';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserStore } from '../../server/auth/users.ts';
import { REPO } from '../helpers/paths.ts';
import { startRedis, type RedisProcess } from '../helpers/redis.ts';

let redis: RedisProcess;
let client: Redis;

beforeAll(async () => {
  redis = await startRedis();
  client = new Redis(redis.url, { protocol: 2 });
});
afterAll(async () => {
  client?.disconnect();
  await redis?.stop();
});

function user(args: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      'npx',
      ['tsx', 'server/cli/user.ts', ...args, '--redis', redis.url],
      { cwd: REPO },
      (error, out, err) => resolve({ code: error ? Number(error.code ?? 1) : 0, out, err }),
    );
    child.stdin!.end(stdin);
  });
}

describe('user device', () => {
  it('is set on add, changed and cleared with edit, and refused when it is no dial string', async () => {
    const users = new UserStore(client);
    const add = await user(
      ['add', 'sam', '--role', 'supervisor', '--device', 'PJSIP/sup1', '--password-stdin'],
      'supervisor-pass\n',
    );
    expect(add).toMatchObject({ code: 0, out: 'added sam (supervisor; device PJSIP/sup1)\n' });
    expect((await users.get('sam'))?.device).toBe('PJSIP/sup1');

    expect(await user(['edit', 'sam', '--device', 'Local/listen@supervisor'])).toMatchObject({
      code: 0,
      out: 'edited sam (supervisor; device Local/listen@supervisor)\n',
    });
    expect((await users.get('sam'))?.device).toBe('Local/listen@supervisor');

    const bad = await user(['edit', 'sam', '--device', 'sup 1']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('invalid device "sup 1"');
    expect((await users.get('sam'))?.device).toBe('Local/listen@supervisor');

    expect(await user(['edit', 'sam', '--no-device'])).toMatchObject({ code: 0, out: 'edited sam (supervisor)\n' });
    expect((await users.get('sam'))?.device).toBeUndefined();
    expect((await user(['edit', 'sam'])).code).toBe(2);
    expect((await user(['edit', 'nobody', '--device', 'PJSIP/x'])).err).toContain('no user "nobody"');
  }, 60_000);
});
