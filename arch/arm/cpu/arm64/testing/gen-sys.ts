// Builds the arm64 system test programs (testdata/sys/*.S -> <name>.elf) and
// records their QEMU transcripts (<name>.qemu.txt), the fixtures sys.test.ts
// compares the backend against. Needs aarch64-linux-gnu binutils and
// qemu-system-aarch64. Usage: npx tsx arch/arm/cpu/arm64/testing/gen-sys.ts

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SYS_DIR, SYS_PROGRAMS, buildSys, runOnQemu } from './sys-programs.ts';

for (const p of SYS_PROGRAMS) {
  const elf = buildSys(p);
  const elfPath = join(SYS_DIR, `${p.name}.elf`);
  writeFileSync(elfPath, elf);
  const text = runOnQemu(elfPath, p.vcpus ?? 1, p.qemuCpu);
  writeFileSync(join(SYS_DIR, `${p.name}.qemu.txt`), text);
  console.log(`${p.name}: ${elf.length} bytes, ${text.length} bytes of QEMU output`);
}
