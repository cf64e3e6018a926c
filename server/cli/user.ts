// `npm run user -- <command>`: manage the people who sign in to the supervisor and agent screens.
//   add <username> --role <role> [--name <name>] [--teams t1,t2] [--queues q1,q2] [--agent <agentId>] [--device <dial string>] [--password-stdin]
//   edit <username> --device <dial string> | --no-device
//   passwd <username> [--password-stdin]
//   remove <username>
//   list
// Without --password-stdin the password is asked twice without echo (empty: one is generated and printed);
// when stdin is not a terminal, one is generated. Exit codes: 0 done, 1 failed, 2 bad arguments.
import { randomBytes } from 'node:crypto';
import readline from 'node:readline';
import { Command, CommanderError, Option } from 'commander';
import type { Redis } from 'ioredis';
import { USER_ROLES, type UserRole } from '../../shared/users.ts';
import { SessionStore } from '../auth/sessions.ts';
import { UserError, UserStore, checkNewUser, checkPassword, type NewUser } from '../auth/users.ts';
import { cliRedisUrl, openRedis, UsageError } from '../stream/cli-redis.ts';

interface Io {
  stdin: NodeJS.ReadStream;
  out: (line: string) => void;
}

const list = (v: string) =>
  v
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

async function run(argv: string[], env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  let redis: Redis | null = null;
  const connect = async (flag: string | undefined) => (redis = await openRedis(cliRedisUrl(flag, env), 'cli-user'));
  const stores = async (flag: string | undefined) => {
    const r = await connect(flag);
    return { users: new UserStore(r), sessions: new SessionStore(r) };
  };
  const redisOption = () => new Option('--redis <url>', 'Redis URL (default: $REDIS_URL)');

  const program = new Command('npm run user --')
    .description('Manages the users who sign in to Floorboard (kept in Redis).')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });

  program
    .command('add <username>')
    .description('adds a user')
    .addOption(new Option('--role <role>', 'role').choices(USER_ROLES).makeOptionMandatory())
    .option('--name <name>', 'display name (default: the username)')
    .option('--teams <ids>', 'supervisor: only these teams (comma-separated)', list)
    .option('--queues <ids>', 'supervisor: only these queues (comma-separated)', list)
    .option('--agent <agentId>', 'agent: the agent id this user is')
    .option('--device <dial>', 'the phone listen/whisper/barge ring, e.g. PJSIP/sup1')
    .option('--password-stdin', 'read the password from stdin')
    .addOption(redisOption())
    .action(
      async (
        username: string,
        o: {
          role: UserRole;
          name?: string;
          teams?: string[];
          queues?: string[];
          agent?: string;
          device?: string;
          passwordStdin?: boolean;
          redis?: string;
        },
      ) => {
        const user: NewUser = {
          username,
          role: o.role,
          ...(o.name ? { name: o.name } : {}),
          ...(o.teams ? { teams: o.teams } : {}),
          ...(o.queues ? { queues: o.queues } : {}),
          ...(o.agent ? { agentId: o.agent } : {}),
          ...(o.device ? { device: o.device } : {}),
        };
        // Before asking for a password, so a typo does not cost typing it twice.
        checkNewUser(user);
        const { users } = await stores(o.redis);
        if (await users.get(username)) throw new UserError(`user "${username}" already exists`);
        const { password, generated } = await obtainPassword(io, o.passwordStdin === true);
        const u = await users.add(user, password);
        io.out(`added ${describe(u)}`);
        if (generated) io.out(`password: ${password}`);
      },
    );

  program
    .command('edit <username>')
    .description("changes a user's device (the phone listen/whisper/barge ring)")
    .option('--device <dial>', 'the device, e.g. PJSIP/sup1')
    .option('--no-device', 'clear the device')
    .addOption(redisOption())
    .action(async (username: string, o: { device?: string | false; redis?: string }) => {
      if (o.device === undefined) throw new UsageError('nothing to change: give --device <dial> or --no-device');
      const { users } = await stores(o.redis);
      const u = await users.setDevice(username, o.device === false ? null : o.device);
      io.out(`edited ${describe(u)}`);
    });

  program
    .command('passwd <username>')
    .description("sets a user's password and signs them out everywhere")
    .option('--password-stdin', 'read the password from stdin')
    .addOption(redisOption())
    .action(async (username: string, o: { passwordStdin?: boolean; redis?: string }) => {
      const { users, sessions } = await stores(o.redis);
      if (!(await users.get(username))) throw new UserError(`no user "${username}"`);
      const { password, generated } = await obtainPassword(io, o.passwordStdin === true);
      await users.setPassword(username, password);
      const ended = await sessions.deleteAll(username);
      io.out(`password of ${username} changed${ended ? `; ${ended} session(s) ended` : ''}`);
      if (generated) io.out(`password: ${password}`);
    });

  program
    .command('remove <username>')
    .description('removes a user and ends their sessions')
    .addOption(redisOption())
    .action(async (username: string, o: { redis?: string }) => {
      const { users, sessions } = await stores(o.redis);
      if (!(await users.remove(username))) throw new UserError(`no user "${username}"`);
      await sessions.deleteAll(username);
      io.out(`removed ${username}`);
    });

  program
    .command('list')
    .description('lists the users')
    .addOption(redisOption())
    .action(async (o: { redis?: string }) => {
      const { users } = await stores(o.redis);
      const all = await users.list();
      if (all.length === 0) io.out('no users');
      for (const u of all) io.out(describe(u));
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    process.stderr.write(`user: ${(err as Error).message}\n`);
    return err instanceof UsageError ? 2 : 1;
  } finally {
    (redis as Redis | null)?.disconnect();
  }
}

function describe(u: {
  username: string;
  name: string;
  role: string;
  agentId?: string;
  teams?: string[];
  queues?: string[];
  device?: string;
}): string {
  const extra = [
    u.name !== u.username ? `name "${u.name}"` : '',
    u.agentId ? `agent ${u.agentId}` : '',
    u.teams ? `teams ${u.teams.join(',')}` : '',
    u.queues ? `queues ${u.queues.join(',')}` : '',
    u.device ? `device ${u.device}` : '',
  ].filter(Boolean);
  return `${u.username} (${u.role}${extra.length ? `; ${extra.join('; ')}` : ''})`;
}

async function obtainPassword(io: Io, fromStdin: boolean): Promise<{ password: string; generated: boolean }> {
  if (fromStdin) {
    const password = (await readAll(io.stdin)).replace(/\r?\n$/, '');
    checkPassword(password);
    return { password, generated: false };
  }
  if (!io.stdin.isTTY) return { password: generate(), generated: true };
  const first = await askHidden(io.stdin, 'Password (empty: generate one): ');
  if (first === '') return { password: generate(), generated: true };
  checkPassword(first);
  if ((await askHidden(io.stdin, 'Again: ')) !== first) throw new UserError('the passwords do not match');
  return { password: first, generated: false };
}

const generate = () => randomBytes(12).toString('base64url');

async function readAll(stream: NodeJS.ReadStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  return text;
}

/** Reads one line from the terminal without showing what is typed. */
function askHidden(stdin: NodeJS.ReadStream, prompt: string): Promise<string> {
  return new Promise((resolve) => {
    process.stderr.write(prompt);
    const rl = readline.createInterface({ input: stdin, output: process.stderr, terminal: true });
    // readline echoes through _writeToOutput; muting it hides the keystrokes.
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => {};
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}

run(process.argv.slice(2), process.env, {
  stdin: process.stdin,
  out: (line) => process.stdout.write(`${line}\n`),
}).then((code) => {
  process.exitCode = code;
});
