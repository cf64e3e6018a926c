// Mounts one of the console pages (/login, /supervisor, /agent, /boards, /reports) with its language and
// credentials. This module is itself a chunk main.ts loads only off the wall, and each page is a chunk of its own:
// the sign-in form does not download the reports, nor an agent's desktop the board editor.
import { mount } from 'svelte';
import { Api } from './api.ts';
import SignedInPage from './SignedInPage.svelte';
import { messagesFor, pickLang } from './messages.ts';
import '../palette.css';
import './console.css';

export type ConsolePage = 'login' | 'supervisor' | 'agent' | 'boards' | 'reports';

export async function mountConsolePage(page: ConsolePage, target: HTMLElement): Promise<void> {
  const lang = pickLang(location.search, navigator.languages);
  const t = messagesFor(lang);
  document.documentElement.lang = lang;
  document.querySelector('meta[name="color-scheme"]')?.setAttribute('content', 'light');
  const token = new URLSearchParams(location.search).get('token');
  const api = new Api(token);
  if (page === 'login') {
    document.title = `${t.login.title} · ${t.brand}`;
    const { default: Login } = await import('../pages/login/Login.svelte');
    mount(Login, { target, props: { api, t } });
  } else if (page === 'supervisor') {
    document.title = `${t.supervisor.title} · ${t.brand}`;
    const { default: content } = await import('../pages/supervisor/SupervisorConsole.svelte');
    mount(SignedInPage, { target, props: { api, lang, t, page: '/supervisor', content } });
  } else if (page === 'boards') {
    document.title = `${t.brand} · boards`;
    // The board editor is for admins and supervisors, like the console (Gate); it checks who may edit.
    const { default: content } = await import('./boards/BoardsPage.svelte');
    mount(SignedInPage, { target, props: { api, lang, t, page: '/supervisor', content } });
  } else if (page === 'reports') {
    const [{ default: content }, { reportMessagesFor }] = await Promise.all([
      import('../reports/ReportsPage.svelte'),
      import('../reports/report-messages.ts'),
    ]);
    document.title = `${reportMessagesFor(lang).title} · ${t.brand}`;
    // Supervisors, admins and agents (their own rows): the report API scopes what each gets.
    mount(SignedInPage, { target, props: { api, lang, t, page: '/reports', content } });
  } else {
    document.title = `${t.agentView.title} · ${t.brand}`;
    const { default: content } = await import('../pages/agent/AgentSelf.svelte');
    mount(SignedInPage, { target, props: { api, lang, t, page: '/agent', content } });
  }
}
