// What may be logged of secrets and of what strangers type: URLs without their credentials, names bounded and
// with control characters escaped. One place, used wherever a URL or a caller's text reaches a log or an error.

/** Query parameters whose values are credentials (postgres `password=`, `sslpassword=`, API `token=`, …). */
const SECRET_PARAM = /pass|pwd|secret|token|key|auth|credential|signature/i;
const HIDDEN = '***';

/**
 * The URL with its password (and any credential-like query value) replaced by `***`; works for any scheme
 * (redis, rediss, postgres, http…). Text that does not parse as a URL loses everything between `//` and the
 * last `@`, so a mistyped URL in an error message does not leak either.
 */
export function redactUrl(url: string): string {
  let u: URL | null = null;
  try {
    u = new URL(url);
  } catch {
    // fall through: not a URL
  }
  if (!u || !url.includes('//')) return redactUserinfo(url);
  const secretParams = [...new Set(u.searchParams.keys())].filter((name) => SECRET_PARAM.test(name));
  if (!u.password && secretParams.length === 0) return url;
  if (u.password) u.password = HIDDEN;
  for (const name of secretParams) u.searchParams.set(name, HIDDEN);
  return u.href;
}

function redactUserinfo(text: string): string {
  const at = text.lastIndexOf('@');
  if (at < 0) return text;
  const slashes = text.indexOf('//');
  const start = slashes >= 0 && slashes < at ? slashes + 2 : 0;
  return text.slice(0, start) + HIDDEN + text.slice(at);
}

const NAME_LOG_MAX = 64;

/**
 * A caller-given name fit for a log line: at most 64 characters (the rest counted, not written), control and
 * other invisible characters escaped, so a 60 KB name is not a 60 KB line and no name forges a line.
 */
export function logSafeName(name: string): string {
  const chars = [...name];
  const head = chars
    .slice(0, NAME_LOG_MAX)
    .map((ch) => (/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(ch) ? `\\u{${ch.codePointAt(0)!.toString(16)}}` : ch))
    .join('');
  return chars.length > NAME_LOG_MAX ? `${head}… (${chars.length} characters)` : head;
}
