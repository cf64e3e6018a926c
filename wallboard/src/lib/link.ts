// How trustworthy the numbers on screen are right now.

export type LinkState = 'live' | 'delayed' | 'offline';

/** offline: the socket is down; delayed: it is up but no data came for too long; otherwise live. */
export function linkState(connected: boolean, recent: boolean): LinkState {
  if (!connected) return 'offline';
  return recent ? 'live' : 'delayed';
}
