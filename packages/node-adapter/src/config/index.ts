/** zoo.cfg parsing: ZooKeeper's configuration format into a typed ServerConfig. */

export { ConfigError } from './config-error';
export { supportedConfigKeys, type ConfigKeyDoc } from './config-keys';
export { EMBEDDED_DEFAULTS, embeddedConfig } from './embedded-config';
export { parseJavaProperties, type PropertyEntry } from './java-properties';
export type { ServerConfig } from './server-config';
export type { PeerAddress } from './peer-dial';
export type { QuorumServerEntry } from './server-entry';
export { DEFAULT_TICK_TIME_MS, loadZooCfg, parseZooCfg, type ParsedZooCfg, type ParseZooCfgOptions } from './zoo-cfg';
