// What a signed-in console page keeps open while it is shown: the live connection with the page's credentials, one
// clock ticking on the server's seconds, the link state, and formatting in the centre's time zone. Create it while
// the page's component initialises: it stops its clock and closes its connection when the component goes.
import { onDestroy } from 'svelte';
import { ServerClock } from '../lib/clock.svelte.ts';
import { linkState, type LinkState } from '../lib/link.ts';
import { LiveConnection } from '../lib/live.svelte.ts';
import { Fmt } from './fmt.ts';
import type { Lang } from './messages.ts';

export class ConsoleLive {
  readonly live: LiveConnection;
  readonly clock: ServerClock;
  readonly fmt: Fmt;
  readonly link: LinkState;

  constructor(token: string | null, lang: Lang) {
    this.live = new LiveConnection(token);
    this.clock = new ServerClock(() => this.live.serverOffsetMs);
    this.fmt = $derived(new Fmt(lang, this.live.snapshot?.timezone));
    this.link = $derived(linkState(this.live.connected, this.live.recent, false, this.live.snapshot?.replay === true));
    onDestroy(this.clock.start());
    onDestroy(() => this.live.close());
  }
}
