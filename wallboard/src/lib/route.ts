// Which page a path asks for. The server redirects `/` itself and falls back to index.html for the rest.

export type Route = { page: 'wall'; board: string } | { page: 'not-found'; path: string };

export function parseRoute(pathname: string): Route {
  const wall = /^\/wall\/([^/]+)\/?$/.exec(pathname);
  if (wall?.[1]) {
    try {
      return { page: 'wall', board: decodeURIComponent(wall[1]) };
    } catch {
      // A malformed %-escape names no board.
    }
  }
  return { page: 'not-found', path: pathname };
}
