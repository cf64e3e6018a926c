// Entry point: pick the page for this path and mount it.
import { mount } from 'svelte';
import { LiveConnection } from './lib/live.svelte.ts';
import { en } from './lib/messages.ts';
import { parseRoute } from './lib/route.ts';
import Wall from './pages/Wall.svelte';
import FullScreenMessage from './tiles/FullScreenMessage.svelte';
import './styles.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html lacks the #app element the wallboard mounts into');

const route = parseRoute(location.pathname);
const token = new URLSearchParams(location.search).get('token');

if (route.page === 'not-found') {
  document.title = `${en.screens.notFound.title} · ${en.brand}`;
  mount(FullScreenMessage, {
    target,
    props: { title: en.screens.notFound.title, lines: [en.screens.notFound.detail(route.path)], tone: 'error' },
  });
} else if (!token) {
  document.title = `${route.board} · ${en.brand}`;
  mount(FullScreenMessage, {
    target,
    props: { title: en.screens.noToken.title, lines: [en.screens.noToken.detail], tone: 'error' },
  });
} else {
  document.title = `${route.board} · ${en.brand}`;
  mount(Wall, { target, props: { board: route.board, live: new LiveConnection(token) } });
}
