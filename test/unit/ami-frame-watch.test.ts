// FrameWatch: an answering event read in the same chunk as its response (so before the waiter exists) is still
// found; later events resolve the wait; nothing within the time, or a close, gives null.
import { describe, expect, it } from 'vitest';
import { FrameWatch } from '../../server/cti/ami/frame-watch.ts';
import { AmiMessage } from '../../server/cti/ami/protocol.ts';

const ev = (f: Record<string, string>) => AmiMessage.from(f);
const isResponse = (id: string) => (m: AmiMessage) => m.event === 'OriginateResponse' && m.get('ActionID') === id;

describe('FrameWatch', () => {
  it('finds an event that came before the wait, and one that comes after', async () => {
    let now = 1_000;
    const w = new FrameWatch(new Set(['OriginateResponse']), () => now);
    w.observe(ev({ Event: 'OriginateResponse', ActionID: 'fb-1', Response: 'Success' }));
    expect((await w.next(isResponse('fb-1'), 10))?.get('Response')).toBe('Success');
    const later = w.next(isResponse('fb-2'), 1_000);
    w.observe(ev({ Event: 'Newchannel', ActionID: 'fb-2' }));
    w.observe(ev({ Event: 'OriginateResponse', ActionID: 'fb-2', Response: 'Failure' }));
    expect((await later)?.get('Response')).toBe('Failure');
    // Kept 60 s: a minute later the first answer is forgotten.
    now += 60_001;
    w.observe(ev({ Event: 'OriginateResponse', ActionID: 'fb-3' }));
    expect(await w.next(isResponse('fb-1'), 5)).toBeNull();
  });

  it('gives null after the time allowed, and to every wait when closed', async () => {
    const w = new FrameWatch(new Set(['ChanSpyStart']));
    expect(await w.next(() => true, 20)).toBeNull();
    const pending = w.next(() => true, 60_000);
    w.close();
    expect(await pending).toBeNull();
  });
});
