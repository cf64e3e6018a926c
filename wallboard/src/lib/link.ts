// How trustworthy the numbers on screen are right now.

export type LinkState = 'live' | 'delayed' | 'offline' | 'replay';

/**
 * offline: the socket is down; delayed: it is up but no data came for too long, or the server says its own feed
 * is cut off (the numbers it sends are old); replay: the screen shows the past (CONTRACT §9); otherwise live.
 */
export function linkState(connected: boolean, recent: boolean, feedStale = false, replay = false): LinkState {
  if (!connected) return 'offline';
  if (!recent || feedStale) return 'delayed';
  return replay ? 'replay' : 'live';
}

/** Whether the screen must say its numbers are not current (replay says so itself, with its banner). */
export function degraded(link: LinkState): boolean {
  return link === 'delayed' || link === 'offline';
}
