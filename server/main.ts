// `npm run server`: one node, configured by the environment (CONTRACT §1). Startup problems are one clear line.
import pino from 'pino';
import { loadConfig } from './config/load.ts';
import { startNode } from './node.ts';
import { readSettings } from './settings.ts';

const log = pino({ level: process.env.LOG_LEVEL ?? 'info' });

async function main(): Promise<void> {
  const settings = readSettings();
  const config = loadConfig(settings.configPath);
  const node = await startNode({ settings, config, log });
  log.info({ url: node.url, stream: settings.stream, node: settings.nodeId }, 'floorboard server ready');
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    await node.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: Error) => {
  process.stderr.write(`floorboard: ${err.message}\n`);
  process.exit(1);
});
