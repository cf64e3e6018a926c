// Reads the config file (YAML or JSON) named by FLOORBOARD_CONFIG; without one, the built-in demo config.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { parseConfig, type Config } from '../../shared/config.ts';
import { demoConfig } from './demo.ts';

export function loadConfig(path: string | undefined): Config {
  if (!path) return parseConfig(demoConfig);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read config file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  let raw: unknown;
  try {
    raw = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new Error(
      `config file ${path} is not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${(err as Error).message.split('\n')[0]}`,
    );
  }
  try {
    return parseConfig(raw);
  } catch (err) {
    throw new Error(`${path}: ${(err as Error).message}`);
  }
}
