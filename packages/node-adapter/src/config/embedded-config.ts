/**
 * The configuration of a server started without a zoo.cfg: a local development server.
 * It binds only to loopback, which is what makes enabling every four-letter word safe
 * (ZooKeeper's default whitelist is just `srvr`, because `dump`, `envi` and `wchc` expose
 * internals to anyone who can reach the port).
 */

import { parseZooCfg } from './zoo-cfg';
import type { ServerConfig } from './server-config';

/**
 * The zoo.cfg settings an embedded server runs with. Everything not listed takes ZooKeeper's
 * default, as in a file that left it out.
 */
export const EMBEDDED_DEFAULTS: Readonly<Record<string, string>> = Object.freeze({
  tickTime: '2000',
  dataDir: './data',
  clientPort: '2181',
  clientPortAddress: '127.0.0.1',
  '4lw.commands.whitelist': '*',
  // A server started with no config should not fill the disk with old snapshots.
  'autopurge.purgeInterval': '1',
});

/** {@link EMBEDDED_DEFAULTS} parsed; `./data` resolves against `cwd` (default: the working directory). */
export function embeddedConfig(options: { readonly cwd?: string } = {}): ServerConfig {
  const text = Object.entries(EMBEDDED_DEFAULTS)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n');
  const { config, warnings } = parseZooCfg(text, { ...options, source: 'embedded defaults' });
  if (warnings.length > 0) throw new Error(`embedded defaults are inconsistent: ${warnings.join('; ')}`);
  return config;
}
