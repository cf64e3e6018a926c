// Printing helpers shared by the benchmarks.
import os from 'node:os';

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export function header(title: string): void {
  console.log(`\n== ${title}`);
}

export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} × ${cpu}, ${mb(os.totalmem())} RAM, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
}
