// Progress on standard error: a bar when the run has a known length and stderr is a terminal, else one line a second.
import cliProgress from 'cli-progress';
import type { SimProgress } from './writer.ts';

export interface ProgressReporter {
  update(p: SimProgress): void;
  finish(): void;
}

export function progressReporter(durationSec: number | undefined, stderr: NodeJS.WriteStream): ProgressReporter {
  if (durationSec !== undefined && stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream: stderr,
        format: '{bar} {percentage}% | sim {clock} | {written} events | {eps} ev/s | {waiting} waiting, {busy} busy',
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(Math.ceil(durationSec), 0, { clock: '', written: 0, eps: 0, waiting: 0, busy: '' });
    return {
      update: (p) =>
        bar.update(Math.min(durationSec, Math.floor(p.simElapsedSec)), {
          clock: clock(p.simTs),
          written: p.written,
          eps: Math.round(p.eventsPerSec),
          waiting: p.waiting,
          busy: `${p.busyAgents}/${p.agents}`,
        }),
      finish: () => bar.stop(),
    };
  }
  return {
    update: (p) => stderr.write(`${line(p)}\n`),
    finish: () => undefined,
  };
}

function line(p: SimProgress): string {
  return (
    `sim ${clock(p.simTs)} | ${p.written} events written | ${Math.round(p.eventsPerSec)} ev/s | ` +
    `${p.waiting} waiting | agents ${p.busyAgents} busy, ${p.auxAgents} aux of ${p.agents}`
  );
}

function clock(ts: number): string {
  return `${new Date(ts).toISOString().slice(0, 19).replace('T', ' ')}Z`;
}
