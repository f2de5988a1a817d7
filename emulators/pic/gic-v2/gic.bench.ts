// Cost of an interrupt round trip through the GICv2 model (assert, IAR,
// deassert, EOIR) with the largest distributor and 8 CPUs: the path every
// guest timer tick takes. Run with `npx tsx emulators/pic/gic-v2/gic.bench.ts`.

import { GicV2 } from './state.ts';

const outs = Array.from({ length: 8 }, () => ({ irq: { set() {} }, fiq: { set() {} } }));
for (const numIrq of [96, 1020]) {
  const g = new GicV2(numIrq, 8, outs);
  g.distCtlr = 1;
  for (let c = 0; c < 8; c++) {
    g.cpuCtlr[c] = 1;
    g.pmr[c] = 0xf0;
    g.enabled[g.idx(c, 27)] = 1;
  }
  const n = 20000;
  const t0 = performance.now();
  for (let k = 0; k < n; k++) {
    g.setInput(27, 1, 3);
    const id = g.acknowledge(3);
    g.setInput(27, 0, 3);
    g.endOfInterrupt(3, id);
  }
  const us = ((performance.now() - t0) * 1000) / n;
  console.log(`num_irq ${numIrq}, 8 CPUs: ${us.toFixed(2)} us per interrupt round trip`);
}
