// People who sign in, kept in Redis: one hash per user with a bcrypt hash of the password. The hashing runs on
// libuv's thread pool (@node-rs/bcrypt), not on the event loop: a burst of logins must not stall ingest and screens.
import { hash, hashSync, verify } from '@node-rs/bcrypt';
import type { Redis } from 'ioredis';
import { PASSWORD_MIN_CHARS, USER_ROLES, USERNAME_PATTERN, type UserRole } from '../../shared/users.ts';
import { USERS_SET, userKey } from '../redis/keys.ts';

const BCRYPT_COST = 10;

export interface User {
  username: string;
  name: string;
  role: UserRole;
  agentId?: string;
  teams?: string[];
  queues?: string[];
  /** The user's phone for listen/whisper/barge (e.g. `PJSIP/sup1`). */
  device?: string;
}

export interface NewUser {
  username: string;
  role: UserRole;
  name?: string;
  agentId?: string;
  teams?: string[];
  queues?: string[];
  device?: string;
}

// Compared against when the user does not exist, so a wrong name takes as long as a wrong password.
const ABSENT_HASH = hashSync('floorboard: no such user', BCRYPT_COST);

export class UserError extends Error {}

function checkUsername(username: string): void {
  if (!USERNAME_PATTERN.test(username)) {
    throw new UserError(`invalid username "${username}": 1 to 64 letters, digits, ".", "_", "@" or "-"`);
  }
}

export function checkPassword(password: string): void {
  if (password.length < PASSWORD_MIN_CHARS)
    throw new UserError(`the password must have at least ${PASSWORD_MIN_CHARS} characters`);
  // bcrypt reads only the first 72 bytes: a longer password would silently match any with the same prefix.
  if (Buffer.byteLength(password) > 72) throw new UserError('the password must be at most 72 bytes');
}

/** Throws UserError when the fields do not make a valid user (the name's availability is not checked). */
export function checkNewUser(u: NewUser): void {
  checkUsername(u.username);
  if (!USER_ROLES.includes(u.role)) throw new UserError(`invalid role "${u.role}": one of ${USER_ROLES.join(', ')}`);
  if (u.role === 'agent' && !u.agentId) throw new UserError('an agent user needs an agent id (--agent)');
  if (u.role !== 'agent' && u.agentId) throw new UserError('only an agent user has an agent id');
  if (u.role !== 'supervisor' && (u.teams || u.queues))
    throw new UserError('only a supervisor is scoped to teams or queues');
  for (const list of [u.teams, u.queues]) {
    if (list && (list.length === 0 || list.some((x) => x === '')))
      throw new UserError('team and queue lists must not be empty');
  }
  if (u.device !== undefined) checkDevice(u.device);
}

/** A dial string such as `PJSIP/sup1` or `Local/listen@supervisor`: technology/resource, no spaces or control characters. */
const DEVICE_PATTERN = /^[A-Za-z0-9_-]+\/[^\s\p{Cc}]{1,200}$/u;

function checkDevice(device: string): void {
  if (!DEVICE_PATTERN.test(device)) throw new UserError(`invalid device "${device}": a dial string such as PJSIP/sup1`);
}

export class UserStore {
  constructor(private readonly redis: Redis) {}

  async get(username: string): Promise<User | null> {
    if (!USERNAME_PATTERN.test(username)) return null;
    const h = await this.redis.hgetall(userKey(username));
    return h.role ? userOf(username, h) : null;
  }

  /** The user when the password matches, else null (same cost either way). */
  async verify(username: string, password: string): Promise<User | null> {
    const h = USERNAME_PATTERN.test(username) ? await this.redis.hgetall(userKey(username)) : {};
    const ok = await verify(password, h.passwordHash ?? ABSENT_HASH);
    return ok && h.role ? userOf(username, h) : null;
  }

  /** Creates a user; throws UserError when the name is taken or a field is invalid. */
  async add(u: NewUser, password: string): Promise<User> {
    checkNewUser(u);
    checkPassword(password);
    const fields: Record<string, string> = {
      name: u.name ?? u.username,
      role: u.role,
      passwordHash: await hash(password, BCRYPT_COST),
    };
    if (u.agentId) fields.agentId = u.agentId;
    if (u.teams) fields.teams = JSON.stringify(u.teams);
    if (u.queues) fields.queues = JSON.stringify(u.queues);
    if (u.device) fields.device = u.device;
    // HSETNX on the role claims the name atomically; the rest follows in one MULTI.
    const claimed = await this.redis.hsetnx(userKey(u.username), 'role', u.role);
    if (!claimed) throw new UserError(`user "${u.username}" already exists`);
    await this.redis.multi().hset(userKey(u.username), fields).sadd(USERS_SET, u.username).exec();
    return userOf(u.username, fields);
  }

  async setPassword(username: string, password: string): Promise<void> {
    checkPassword(password);
    if (!(await this.get(username))) throw new UserError(`no user "${username}"`);
    await this.redis.hset(userKey(username), 'passwordHash', await hash(password, BCRYPT_COST));
  }

  /** Sets (a string) or clears (null) the user's device. */
  async setDevice(username: string, device: string | null): Promise<User> {
    if (device !== null) checkDevice(device);
    if (!(await this.get(username))) throw new UserError(`no user "${username}"`);
    if (device === null) await this.redis.hdel(userKey(username), 'device');
    else await this.redis.hset(userKey(username), 'device', device);
    return (await this.get(username))!;
  }

  /** Returns whether the user existed. */
  async remove(username: string): Promise<boolean> {
    const [[, deleted]] = (await this.redis.multi().del(userKey(username)).srem(USERS_SET, username).exec()) as [
      [Error | null, number],
    ];
    return deleted === 1;
  }

  async list(): Promise<User[]> {
    const names = (await this.redis.smembers(USERS_SET)).sort();
    const users = await Promise.all(names.map((n) => this.get(n)));
    return users.filter((u): u is User => u !== null);
  }
}

function userOf(username: string, h: Record<string, string>): User {
  const u: User = { username, name: h.name ?? username, role: h.role as UserRole };
  if (h.agentId) u.agentId = h.agentId;
  if (h.teams) u.teams = JSON.parse(h.teams) as string[];
  if (h.queues) u.queues = JSON.parse(h.queues) as string[];
  if (h.device) u.device = h.device;
  return u;
}
