// Whole-system figures: the virt-v8 basic firmware booted on Xvisor-TS, its
// Dhrystone run, and the host memory a large guest costs. Prints figures;
// asserts nothing (npm run bench).
import { GuestConsole, firmware, guestDts, newSession, runShell } from './xvisor-guests.ts';

function instructions(s: Awaited<ReturnType<typeof newSession>>): number {
  return s.hv.guests().reduce((n, g) => n + g.vcpus.reduce((m, v) => m + v.backend.instructionsRetired, 0), 0);
}

/** Types a command and runs until the prompt is back. */
function command(con: GuestConsole, line: string, maxNs: number): void {
  con.take();
  con.type(`${line}\r`);
  if (!con.waitFor('basic# ', maxNs)) throw new Error(`${line}: no prompt; output:\n${con.take()}`);
}

async function bootAndDhrystone(): Promise<void> {
  const s = await newSession();
  s.startGuest({ dts: guestDts('arm64', 'virt-v8'), bios: firmware('arm64', 'virt-v8'), images: [] }, 0);
  const con = new GuestConsole(s, 'guest0/uart0');
  let t0 = performance.now();
  runShell(con, [], 5e9);
  let ms = performance.now() - t0;
  let n = instructions(s);
  console.log(`virt-v8 boot to prompt: ${n} instructions in ${ms.toFixed(0)} ms host time (${(n / ms / 1000).toFixed(1)} MIPS)`);
  const before = n;
  t0 = performance.now();
  command(con, 'dhrystone 20000', 60e9);
  ms = performance.now() - t0;
  n = instructions(s) - before;
  const dmips = /DMIPS: ([\d.]+)/.exec(con.text)?.[1];
  console.log(`virt-v8 dhrystone 20000: ${n} instructions in ${ms.toFixed(0)} ms host time (${(n / ms / 1000).toFixed(1)} MIPS), guest reports ${dmips} DMIPS at 1 GHz virtual`);
}

async function largeGuestMemory(): Promise<void> {
  const s = await newSession();
  const base = process.memoryUsage();
  s.startGuest({ dts: guestDts('arm64', 'virt-v8'), bios: firmware('arm64', 'virt-v8'), mem: 1 << 30, images: [] }, 0);
  const con = new GuestConsole(s, 'guest0/uart0');
  runShell(con, [], 5e9);
  command(con, 'memtest', 30e9);
  const after = process.memoryUsage();
  const guestBytes = s.hv.guests()[0]!.aspace.allocatedBytes();
  console.log(`1 GiB guest after boot and memtest: ${(guestBytes / 2 ** 20).toFixed(1)} MiB of guest RAM allocated; host RSS +${((after.rss - base.rss) / 2 ** 20).toFixed(1)} MiB, array buffers +${((after.arrayBuffers - base.arrayBuffers) / 2 ** 20).toFixed(1)} MiB`);
}

async function idleGuests(): Promise<void> {
  const s = await newSession();
  for (const i of [0, 1]) s.startGuest({ dts: guestDts('arm64', 'virt-v8'), bios: firmware('arm64', 'virt-v8'), images: [] }, i);
  runShell(new GuestConsole(s, 'guest0/uart0'), [], 5e9);
  runShell(new GuestConsole(s, 'guest1/uart0'), [], 5e9);
  const t0 = performance.now();
  s.hv.runFor(10e9);
  console.log(`two virt-v8 guests idle at their prompt (WFI) for 10 s virtual: ${(performance.now() - t0).toFixed(0)} ms host time`);
}

// Memory first, before other runs leave garbage behind.
await largeGuestMemory();
await bootAndDhrystone();
await idleGuests();
