// Runs menuconfig on the real terminal for a given Kconfig tree and .config:
//   npx tsx openconf/menuconfig/testing/run-menuconfig.ts <openconf.cfg> <.config>
// The tmux test starts it; it is also handy for trying fixtures by hand.
// srctree is the directory of the root file, as for the project's own tree.

import { existsSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { Kconfig, KconfigError } from '../../index.ts';
import { runMenuconfig } from '../../menuconfig.ts';

async function main(args: string[]): Promise<number> {
  if (args.length !== 2) {
    process.stderr.write('usage: run-menuconfig.ts <openconf.cfg> <.config>\n');
    return 2;
  }
  const [root, configPath] = args as [string, string];
  let kconfig: Kconfig;
  try {
    kconfig = Kconfig.load(basename(root), { srcTree: dirname(root) });
    if (existsSync(configPath)) {
      for (const w of kconfig.loadConfig(configPath)) process.stderr.write(`warning: ${w}\n`);
    }
  } catch (err) {
    if (err instanceof KconfigError) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    throw err;
  }
  const { saved } = await runMenuconfig(kconfig, { configPath });
  process.stdout.write(saved ? 'menuconfig: saved\n' : 'menuconfig: not saved\n');
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
