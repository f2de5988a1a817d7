// Entry point of the bundle `Makefile.ts all` writes to <O>/xvisor.mjs: the
// registry and configuration are imported statically (esbuild aliases
// #registry and #config), so the bundle holds exactly what the build enabled.
// __XVISOR_SRC_TREE__ and __XVISOR_BUILD_DATE__ are defined at bundle time.
// @ts-expect-error -- resolved by the bundler's alias
import * as registry from '#registry';
// @ts-expect-error -- resolved by the bundler's alias
import config from '#config';
import { main } from './cli.ts';
import type { ConfigValues, Registry } from './session.ts';

declare const __XVISOR_SRC_TREE__: string;
declare const __XVISOR_BUILD_DATE__: string;
declare const __XVISOR_BUILD_DIR__: string;

const code = await main(process.argv.slice(2), {
  registry: registry as Registry,
  config: config as ConfigValues,
  buildDate: __XVISOR_BUILD_DATE__,
  buildDir: __XVISOR_BUILD_DIR__,
  srcTree: __XVISOR_SRC_TREE__,
});
// Stdin and timers may still hold the event loop: leave once output is flushed.
process.stdout.write('', () => process.exit(code));
