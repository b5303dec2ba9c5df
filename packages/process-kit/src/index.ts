/** Child processes and ports for tests, the bench and the chaos runner. */
export { freePort } from './free-port';
export { ZOOKEEPER_JAR, zookeeperJavaArgs } from './zookeeper-jvm';
export {
  forgetTempDir, killEverything, liveProcessCount, onSignalCleanup, removeTempDir, signalGroup, signalTracked, trackProcess,
  trackTempDir, waitForExit,
} from './process-registry';
