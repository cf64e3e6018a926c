// Entry point: pick the page for this path and mount it.
import './lib/zod-jitless.ts';
import { mount } from 'svelte';
import { pickLocale } from './lib/i18n.ts';
import { MESSAGES } from './lib/messages.ts';
import { parseRoute } from './lib/route.ts';
import WallScreen from './pages/wall/WallScreen.svelte';
import FullScreenMessage from './tiles/FullScreenMessage.svelte';
import './palette.css';
import './fonts.ts';
import './styles.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html lacks the #app element the wallboard mounts into');

const route = parseRoute(location.pathname);
const params = new URLSearchParams(location.search);
const token = params.get('token');
const lang = params.get('lang') ? pickLocale(params.get('lang'), 'en') : null;
const t = MESSAGES[lang ?? 'en'];
if (lang) document.documentElement.lang = lang;

if (route.page === 'not-found') {
  document.title = `${t.screens.notFound.title} · ${t.brand}`;
  mount(FullScreenMessage, {
    target,
    props: { title: t.screens.notFound.title, lines: [t.screens.notFound.detail(route.path)], tone: 'error' },
  });
} else if (route.page !== 'wall') {
  // A chunk of its own: a wall screen never downloads the console's pages (docs/performance.md, Wall page weight).
  // No top-level await: the entry stays parseable by a TV browser that predates it, though only consoles get here.
  const page = route.page;
  void import('./console/mount.ts').then(({ mountConsolePage }) => mountConsolePage(page, target));
} else if (!token && !params.has('preview')) {
  document.title = `${route.board} · ${t.brand}`;
  mount(FullScreenMessage, {
    target,
    props: { title: t.screens.noToken.title, lines: [t.screens.noToken.detail], tone: 'error' },
  });
} else {
  document.title = `${route.board} · ${t.brand}`;
  mount(WallScreen, {
    target,
    props: { board: route.board, token, lang, page: params.get('page'), preview: params.has('preview') },
  });
}
