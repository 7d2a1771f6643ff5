/** Secrets on a laptop: the environment first, then a `.env` file (KEY=value lines). Values are never logged. */
import { existsSync, readFileSync } from 'node:fs';
import type { Secrets } from '../../stages/deps.js';

export function parseDotEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m || line.trimStart().startsWith('#')) continue;
    out[m[1]!] = m[2]!.replace(/^(['"])(.*)\1$/, '$2');
  }
  return out;
}

export class EnvSecrets implements Secrets {
  private readonly values: Record<string, string | undefined>;

  constructor(env: Record<string, string | undefined>, dotEnvPath?: string) {
    const file =
      dotEnvPath && existsSync(dotEnvPath) ? parseDotEnv(readFileSync(dotEnvPath, 'utf8')) : {};
    this.values = { ...file, ...env };
  }

  async get(name: string): Promise<string | undefined> {
    const v = this.values[name];
    return v === undefined || v === '' ? undefined : v;
  }
}
