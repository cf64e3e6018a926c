// Mounts one of the console pages (/login, /supervisor, /agent) with its language and credentials.
import { mount } from 'svelte';
import AgentSelf from '../pages/agent/AgentSelf.svelte';
import Login from '../pages/login/Login.svelte';
import SupervisorConsole from '../pages/supervisor/SupervisorConsole.svelte';
import BoardsPage from './boards/BoardsPage.svelte';
import ReportsPage from '../reports/ReportsPage.svelte';
import { reportMessagesFor } from '../reports/report-messages.ts';
import { Api } from './api.ts';
import SignedInPage from './SignedInPage.svelte';
import { messagesFor, pickLang } from './messages.ts';
import '../palette.css';
import './console.css';

export type ConsolePage = 'login' | 'supervisor' | 'agent' | 'boards' | 'reports';

export function mountConsolePage(page: ConsolePage, target: HTMLElement): void {
  const lang = pickLang(location.search, navigator.languages);
  const t = messagesFor(lang);
  document.documentElement.lang = lang;
  document.querySelector('meta[name="color-scheme"]')?.setAttribute('content', 'light');
  const token = new URLSearchParams(location.search).get('token');
  const api = new Api(token);
  if (page === 'login') {
    document.title = `${t.login.title} · ${t.brand}`;
    mount(Login, { target, props: { api, t } });
  } else if (page === 'supervisor') {
    document.title = `${t.supervisor.title} · ${t.brand}`;
    mount(SignedInPage, { target, props: { api, lang, t, page: '/supervisor', content: SupervisorConsole } });
  } else if (page === 'boards') {
    document.title = `${t.brand} · boards`;
    // The board editor is for admins and supervisors, like the console (Gate); it checks who may edit.
    mount(SignedInPage, { target, props: { api, lang, t, page: '/supervisor', content: BoardsPage } });
  } else if (page === 'reports') {
    document.title = `${reportMessagesFor(lang).title} · ${t.brand}`;
    // Supervisors, admins and agents (their own rows): the report API scopes what each gets.
    mount(SignedInPage, { target, props: { api, lang, t, page: '/reports', content: ReportsPage } });
  } else {
    document.title = `${t.agentView.title} · ${t.brand}`;
    mount(SignedInPage, { target, props: { api, lang, t, page: '/agent', content: AgentSelf } });
  }
}
