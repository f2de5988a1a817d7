// Tickless bench: 100 guests whose vcpus sit in WFI for 10 s of virtual time.
// Run: npx tsx core/bench/tickless.bench.ts

import { runTickless } from './tickless-scenario.ts';

const t0 = performance.now();
const r = runTickless({ guests: 100, seconds: 10 });
const ms = performance.now() - t0;
const st = r.hv.timerStats();
console.log(
  `tickless: 100 guests x 10 s virtual in ${ms.toFixed(1)} host ms ` +
    `(${r.steps} steps, ${st.expired} timer expiries, ${r.wfi} WFI stops, virtual time ${(r.hv.nowNs() / 1e9).toFixed(3)} s)`,
);
