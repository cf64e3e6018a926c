// Every sentence and label the wall shows, in one place so a zh-CN table can sit beside the English one.

export const en = {
  brand: 'Floorboard',
  connection: { live: 'Live', delayed: 'Delayed', offline: 'Reconnecting' },
  stale: {
    reconnecting: (age: string) => `Data is ${age} old — reconnecting…`,
    waiting: (age: string) => `Data is ${age} old — waiting for the server…`,
  },
  screens: {
    connecting: { title: 'Connecting…', detail: 'Waiting for the first data from the Floorboard server.' },
    noToken: {
      title: 'This display has no token',
      detail: 'Open the board with its display token in the address: /wall/<board>?token=…',
    },
    refused: {
      title: "This display's token was refused",
      unauthorized: 'The server does not recognise the token. Ask an administrator for a valid display token.',
      forbidden: 'The token is valid but may not open this board. Ask an administrator for a display token.',
      other: (reason: string) => `The server said: ${reason}`,
      retrying: 'The display will try again every minute.',
    },
    notFound: {
      title: 'Page not found',
      detail: (path: string) => `Nothing is served at ${path}. Boards live at /wall/<board>, e.g. /wall/default.`,
    },
  },
  center: { title: 'Whole center', waiting: 'Calls waiting', longestWait: 'Longest wait', sl: 'Service level today' },
  queue: {
    waiting: 'Waiting',
    longestWait: 'Longest wait',
    sl: 'SL today',
    target: (t: string) => `target ${t}`,
    asa: 'ASA',
    abandonRate: 'Abandoned',
  },
  agents: {
    available: 'Available',
    talking: 'Talking',
    onCall: 'On call',
    hold: 'On hold',
    acw: 'Wrap-up',
    aux: 'Aux',
    dialing: 'Dialing',
    loggedIn: 'Logged in',
  },
  slStatus: { none: 'no calls yet', met: 'on target', near: 'just below target', missed: 'below target' },
  pager: (page: number, count: number) => `Queues, page ${page} of ${count}`,
  noQueues: 'No queues yet: they appear with their first call.',
};

export type Messages = typeof en;
