/**
 * How tests and the chaos runner start Debian's Apache ZooKeeper 3.8: `java` on its jar, with
 * slf4j-simple at WARN so that a server that fails explains itself in its log (without a binding
 * it logs nothing), in a small, fast-starting JVM (these servers live for seconds or minutes and
 * hold few znodes). The bench does not use this: it runs ZooKeeper with the JVM's defaults.
 */
import { existsSync } from 'node:fs';

export const ZOOKEEPER_JAR = '/usr/share/java/zookeeper.jar';
const SLF4J_SIMPLE_JAR = '/usr/share/java/slf4j-simple.jar';

const MAIN_CLASS = {
  standalone: 'org.apache.zookeeper.server.ZooKeeperServerMain',
  quorum: 'org.apache.zookeeper.server.quorum.QuorumPeerMain',
} as const;

/**
 * The `java` arguments that run ZooKeeper on `cfgPath`, standalone or as a quorum member, with
 * `systemProperties` (`name=value`) added as `-D` flags.
 */
export function zookeeperJavaArgs(cfgPath: string, mode: keyof typeof MAIN_CLASS, systemProperties: readonly string[] = []): string[] {
  const classpath = existsSync(SLF4J_SIMPLE_JAR) ? `${ZOOKEEPER_JAR}:${SLF4J_SIMPLE_JAR}` : ZOOKEEPER_JAR;
  return [
    '-Dorg.slf4j.simpleLogger.defaultLogLevel=warn',
    '-Dzookeeper.jmx.log4j.disable=true',
    '-XX:+UseSerialGC',
    '-XX:TieredStopAtLevel=1',
    '-Xmx256m',
    '-Djava.net.preferIPv4Stack=true',
    ...systemProperties.map((p) => `-D${p}`),
    '-cp',
    classpath,
    MAIN_CLASS[mode],
    cfgPath,
  ];
}
