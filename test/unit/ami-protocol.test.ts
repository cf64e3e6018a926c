// The AMI wire format: banner, frames split anywhere across TCP chunks, repeated keys, the action writer.
import { describe, expect, it } from 'vitest';
import { type AmiMessage, AmiParser, formatAction, parseFrame } from '../../server/cti/ami/protocol.ts';

const banner = 'Asterisk Call Manager/11.0.0\r\n';
const login = 'Response: Success\r\nActionID: wb-1\r\nMessage: Authentication accepted\r\n\r\n';
const pause =
  'Event: QueueMemberPause\r\nPrivilege: agent,all\r\nTimestamp: 1795903299.731109\r\nQueue: support\r\n' +
  'MemberName: Carol\r\nInterface: Local/agent3@agents/n\r\nPaused: 1\r\nPausedReason: Lunch\r\n\r\n';
const vars =
  'Event: VarSet\r\nChanVariable: A=1\r\nChanVariable: B=two: words\r\nEmpty: \r\nCallerIDName: Zoë 😀\r\n\r\n';
const stream = banner + login + pause + vars;

function parseInChunks(bytes: Uint8Array, cut: number[]): AmiMessage[] {
  const parser = new AmiParser();
  const out: AmiMessage[] = [];
  let from = 0;
  for (const to of [...cut, bytes.length]) {
    out.push(...parser.push(bytes.subarray(from, to)));
    from = to;
  }
  return out;
}

describe('AmiParser', () => {
  it('reads the banner line, then frames ended by a blank line', () => {
    const parser = new AmiParser();
    const frames = parser.push(stream);
    expect(parser.banner).toBe('11.0.0');
    expect(frames.map((f) => f.get('Event') ?? f.get('Response'))).toEqual(['Success', 'QueueMemberPause', 'VarSet']);
    expect(frames[1]!.get('PausedReason')).toBe('Lunch');
    expect(frames[1]!.timestampMs).toBe(1795903299731);
  });

  it('gives the same frames whatever two places the byte stream is cut at', () => {
    const bytes = new TextEncoder().encode(stream);
    const whole = parseInChunks(bytes, []).map((f) => f.pairs);
    expect(whole).toHaveLength(3);
    // Every single cut point and a spread of pairs: inside CRLFs, the banner, a 4-byte emoji.
    for (let a = 1; a < bytes.length; a++) {
      expect(parseInChunks(bytes, [a]).map((f) => f.pairs)).toEqual(whole);
      for (let b = a + 7; b < bytes.length; b += 13)
        expect(parseInChunks(bytes, [a, b]).map((f) => f.pairs)).toEqual(whole);
    }
  });

  it('delivers frames one byte at a time', () => {
    const bytes = new TextEncoder().encode(stream);
    const cuts = Array.from({ length: bytes.length - 1 }, (_, i) => i + 1);
    expect(parseInChunks(bytes, cuts).map((f) => f.get('Event') ?? f.get('Response'))).toEqual([
      'Success',
      'QueueMemberPause',
      'VarSet',
    ]);
  });

  it('keeps repeated keys in order, values with colons, empty values and UTF-8', () => {
    const [, , v] = new AmiParser().push(stream);
    expect(v!.all('ChanVariable')).toEqual(['A=1', 'B=two: words']);
    expect(v!.get('ChanVariable')).toBe('A=1');
    expect(v!.get('Empty')).toBe('');
    expect(v!.get('callerIDname')).toBe('Zoë 😀');
    expect(v!.get('Missing')).toBeUndefined();
  });

  it('accepts LF-only line ends and a stream without a banner', () => {
    const parser = new AmiParser();
    const frames = parser.push('Event: Ping\nA: 1\n\nEvent: Pong\n\n');
    expect(parser.banner).toBeUndefined();
    expect(frames.map((f) => f.event)).toEqual(['Ping', 'Pong']);
  });

  it('starts over after reset(), expecting a new banner', () => {
    const parser = new AmiParser();
    parser.push(`${banner}Event: Half\r\nA: 1`);
    parser.reset();
    const frames = parser.push(banner + login);
    expect(parser.banner).toBe('11.0.0');
    expect(frames.map((f) => f.get('Message'))).toEqual(['Authentication accepted']);
  });
});

describe('parseFrame and AmiMessage', () => {
  it('reads a Timestamp with microseconds as whole milliseconds, and no Timestamp as undefined', () => {
    expect(parseFrame('Event: X\nTimestamp: 1795903291.328837').timestampMs).toBe(1795903291329);
    expect(parseFrame('Event: QueueMember\nQueue: support').timestampMs).toBeUndefined();
  });
});

describe('formatAction', () => {
  it('writes Key: Value lines with CRLF, a blank line at the end, and repeats array values', () => {
    expect(formatAction({ Action: 'Originate', Async: true, Priority: 1, Variable: ['a=1', 'b=2'] })).toBe(
      'Action: Originate\r\nAsync: true\r\nPriority: 1\r\nVariable: a=1\r\nVariable: b=2\r\n\r\n',
    );
  });

  it('refuses a line break inside a value, which would inject a header or end the frame', () => {
    expect(() => formatAction({ Action: 'Login', Secret: 'x\r\nAction: Logoff' })).toThrow(/Secret.*line break/);
  });

  it('round-trips through the parser', () => {
    const [msg] = new AmiParser().push(banner + formatAction({ Action: 'QueuePause', Reason: 'Coffee: now' }));
    expect(msg!.pairs).toEqual([
      ['Action', 'QueuePause'],
      ['Reason', 'Coffee: now'],
    ]);
  });
});
