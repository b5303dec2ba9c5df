/** The deterministic simulator: runs, worlds, the checker and its model, and the PRNG. */
export { runSeed, type RunOptions, type RunResult } from './run';
export { World, type ServerFactory, type ServerLike } from './world';
export { drawOptions, describeOptions, DEFAULT_STEPS, type SimOptions } from './options';
export { Prng } from './prng';
export { Checker, type CheckerConfig, type CheckedServer } from './check/checker';
export { ScriptedHarness } from './scripted-harness';
export { Violation } from './check/violation';
export { ZkModel, type ExpectedReply } from './model/zk-model';
export { COUNTER_NAMES, freshCounts, type Counts, type CounterName } from './counters';
export { REGRESSION_SEEDS, type RegressionSeed } from './regression-seeds';
export { runEnsembleSeed, type EnsembleRunResult } from './ensemble/run-ensemble';
export { EnsembleWorld, type WorldPlant } from './ensemble/ensemble-world';
export { drawEnsembleOptions, describeEnsembleOptions, type EnsembleOptions } from './ensemble/ensemble-options';
export { ENSEMBLE_COUNTER_NAMES, type EnsembleCounts } from './ensemble/ensemble-counts';
export { ENSEMBLE_REGRESSION_SEEDS } from './ensemble/ensemble-regression-seeds';
export {
  checkLinearizability, checkKey, znodeModel, znodeModelFrom,
  type HistoryOp, type SequentialModel, type LinearizabilityResult, type LinearizabilityOptions,
  type ZnodeInput, type ZnodeOutput, type ZnodeState,
} from './check/linearizability';
