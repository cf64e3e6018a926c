// How trustworthy the numbers on screen are right now.

export type LinkState = 'live' | 'delayed' | 'offline';

/**
 * offline: the socket is down; delayed: it is up but no data came for too long, or the server says its own feed
 * is cut off (the numbers it sends are old); otherwise live.
 */
export function linkState(connected: boolean, recent: boolean, feedStale = false): LinkState {
  if (!connected) return 'offline';
  return recent && !feedStale ? 'live' : 'delayed';
}
