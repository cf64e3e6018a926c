// A progress bar on standard error for long history writes (rebuild, demo days); one line at the end elsewhere.
import cliProgress from 'cli-progress';

export interface HistoryProgress {
  update(done: number): void;
  stop(): void;
}

export function historyProgress(
  label: string,
  total: number,
  stream: NodeJS.WriteStream = process.stderr,
  unit = 'intervals',
): HistoryProgress {
  if (!stream.isTTY) {
    let last = 0;
    return {
      update: (done) => void (last = done),
      stop: () => void stream.write(`${label}: ${last} ${unit} written\n`),
    };
  }
  const bar = new cliProgress.SingleBar(
    { stream, format: `${label} {bar} {percentage}% | {value}/{total} ${unit}`, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return { update: (done) => bar.update(Math.min(total, done)), stop: () => bar.stop() };
}
