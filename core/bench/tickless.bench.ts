// Tickless bench: 100 guests whose vcpus sit in WFI for 10 s of virtual time.
// Run: npx tsx core/bench/tickless.bench.ts
// Prints wall time and the process's CPU time (the latter is what matters
// on a shared machine).

import { runTickless } from './tickless-scenario.ts';

const cpu0 = process.cpuUsage();
const t0 = performance.now();
const r = runTickless({ guests: 100, seconds: 10 });
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const st = r.hv.timerStats();
console.log(
  `tickless: 100 guests x 10 s virtual in ${ms.toFixed(1)} host ms (${((cpu.user + cpu.system) / 1000).toFixed(1)} ms CPU); ` +
    `${r.steps} steps, ${st.expired} timer expiries, ${r.wfi} WFI stops, virtual time ${(r.hv.nowNs() / 1e9).toFixed(3)} s`,
);
