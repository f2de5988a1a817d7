#!/usr/bin/env node
// The `xvisor` launcher: runs the TypeScript entry point through tsx, so that
// `npx xvisor ...` works straight from a clone without a separate build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../core/mterm/cli.ts');
const code = await main(process.argv.slice(2));
// Stdin and timers may still hold the event loop: leave once output is flushed.
process.stdout.write('', () => process.exit(code));
