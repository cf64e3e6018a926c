// Who is looking at a console page, and where each role belongs.
import { type Api, ApiError } from './api.ts';
import type { Me, Role } from './types.ts';

export type Access =
  | { ok: true; me: Me }
  | { ok: false; reason: 'unauthorized' | 'forbidden' | 'unreachable'; message: string };

/** The page each role lands on after signing in; null for roles without a console page. */
export function homeFor(role: Role): '/supervisor' | '/agent' | null {
  if (role === 'admin' || role === 'supervisor') return '/supervisor';
  if (role === 'agent') return '/agent';
  return null;
}

/** A path with the current ?lang= kept, so a language choice survives sign-in and sign-out. */
export function withLang(path: string, search: string): string {
  const lang = new URLSearchParams(search).get('lang');
  return lang ? `${path}?lang=${encodeURIComponent(lang)}` : path;
}

export async function whoAmI(api: Api): Promise<Access> {
  try {
    return { ok: true, me: await api.me() };
  } catch (err) {
    if (err instanceof ApiError && (err.status === 401 || err.status === 403)) {
      return { ok: false, reason: err.status === 401 ? 'unauthorized' : 'forbidden', message: err.message };
    }
    return { ok: false, reason: 'unreachable', message: (err as Error).message };
  }
}
