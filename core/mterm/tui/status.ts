// The live pane: one line per guest with its state and each vcpu's state
// and load (share of virtual time it ran since the last refresh), then the
// host CPUs. Load figures come from the scheduler's statistics.

import type { Hypervisor } from '../../hypervisor.ts';
import { SleepKind } from '../../sched/thread.ts';

export type LoadMemory = Map<number, { runNs: number; atNs: number; load: number }>;

function loadOf(mem: LoadMemory, id: number, runNs: number, nowNs: number): number {
  const prev = mem.get(id);
  if (!prev) {
    mem.set(id, { runNs, atNs: nowNs, load: 0 });
    return 0;
  }
  if (nowNs - prev.atNs < 1_000_000) return prev.load;
  const load = Math.min(100, Math.max(0, (100 * (runNs - prev.runNs)) / (nowNs - prev.atNs)));
  mem.set(id, { runNs, atNs: nowNs, load });
  return load;
}

export function statusLines(hv: Hypervisor, mem: LoadMemory, width: number, rows: number): string[] {
  const now = hv.nowNs();
  const lines: string[] = [];
  const guests = hv.guests();
  if (guests.length === 0) lines.push(' no guests (guest create, vfs guest_fdt_load, or --guest)');
  for (const g of guests) {
    const parts = g.vcpus.map((v) => {
      const short = v.name.slice(v.name.indexOf('/') + 1);
      const st = v.state === 'PAUSED' && v.sleepKind === SleepKind.Wfi ? 'wfi' : v.state.toLowerCase();
      return `${short} ${st} ${loadOf(mem, v.id, v.stats.runNs, now).toFixed(0)}%`;
    });
    lines.push(` ${g.name.padEnd(10)} ${g.state.padEnd(9)} ${parts.join('  ')}`);
  }
  const cpus = hv.hostCpuStats().map((c) => `cpu${c.cpu} ${c.current}`);
  lines.push(` host: ${cpus.join('  ')}`);
  if (lines.length > rows) {
    const hidden = lines.length - rows + 1;
    lines.splice(rows - 2, hidden, ` ... ${hidden} more guests`);
  }
  return lines.slice(0, rows).map((l) => (l.length > width ? l.slice(0, width) : l));
}
