/** The lock and leader recipes of `@paddock/client`, simulated under faults against the core. */
export { FAULT_KINDS, RecipeWorld, runRecipeSeed, type FaultKind, type RecipeRunResult, type RecipeSimOptions } from './recipe-world';
export { ExclusionChecker, RecipeViolation } from './exclusion-checker';
export { realMutex, type LockFactory, type LockUnderTest, type RecipeKind } from './participants';
