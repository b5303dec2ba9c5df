#!/usr/bin/env node
// Runs the TypeScript sources directly: tsx's loader is registered, then the CLI is imported.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
