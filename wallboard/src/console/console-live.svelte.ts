// What a signed-in console page keeps open while it is shown: the live connection with the page's credentials, one
// clock ticking on the server's seconds, the link state, and formatting in the centre's time zone. Create it while
// the page's component initialises: it stops its clock and closes its connection when the component goes.
import { onDestroy, untrack } from 'svelte';
import { ServerClock } from '../lib/clock.svelte.ts';
import { linkState, type LinkState } from '../lib/link.ts';
import { LiveConnection } from '../lib/live.svelte.ts';
import type { Api } from './api.ts';
import { Fmt } from './fmt.ts';
import type { Lang, Messages } from './messages.ts';
import type { Me } from './types.ts';

/** What console/mount.ts hands every signed-in page. */
export interface ConsolePageProps {
  api: Api;
  lang: Lang;
  t: Messages;
  me: Me;
}

export class ConsoleLive {
  readonly live: LiveConnection;
  readonly clock: ServerClock;
  readonly fmt: Fmt;
  readonly link: LinkState;

  /** The page's credentials and language never change while it is open: read once (untracked), as it starts. */
  constructor(token: () => string | null, language: () => Lang) {
    const lang = untrack(language);
    this.live = new LiveConnection(untrack(token));
    this.clock = new ServerClock(() => this.live.serverOffsetMs);
    this.fmt = $derived(new Fmt(lang, this.live.snapshot?.timezone));
    this.link = $derived(linkState(this.live.connected, this.live.recent, false, this.live.snapshot?.replay === true));
    onDestroy(this.clock.start());
    onDestroy(() => this.live.close());
  }
}
