// The role every guest interrupt controller plays for the core: the sink of
// the guest's interrupt lines. ctx.irq(n) of any device ends in the
// setInput(n, level, vcpu) of the controller that owns guest irq n (PPIs
// carry the vcpu they belong to). A guest may have several controllers (the
// Versatile VIC and its SIC): each registers here, and the first
// registration gives the core (ctx.setInterruptSink) one dispatcher that
// hands each line to the controller whose owns() claims it.

import type { EmulatorContext, InterruptSink, IrqLine } from '../../core/devemu/emulator.ts';
import { guestLocal, peekGuestLocal } from '../common/guest-local.ts';

export interface IrqInputSink {
  setInput(irq: number, level: number, vcpu?: number): void;
  /** True when guest irq n is one of this controller's inputs. */
  owns(irq: number): boolean;
}

export const PIC_SINK_KEY = 'interrupt-sinks';

/** Routes each guest irq to the registered controller that owns it. */
class SinkDispatcher implements InterruptSink {
  readonly sinks: IrqInputSink[] = [];
  setLevel(irq: number, level: number, vcpu?: number): void {
    for (let i = 0; i < this.sinks.length; i++) {
      const s = this.sinks[i]!;
      if (s.owns(irq)) {
        s.setInput(irq, level, vcpu);
        return;
      }
    }
  }
}

export function registerSink(ctx: EmulatorContext, sink: IrqInputSink): void {
  let fresh = false;
  const d = guestLocal<SinkDispatcher>(ctx, PIC_SINK_KEY, () => {
    fresh = true;
    return new SinkDispatcher();
  });
  d.sinks.push(sink);
  if (fresh) ctx.setInterruptSink?.(d);
}

export function guestInterruptSinks(ctx: EmulatorContext): readonly IrqInputSink[] {
  return peekGuestLocal<SinkDispatcher>(ctx, PIC_SINK_KEY)?.sinks ?? [];
}

/** The dispatcher registered with the core, as an InterruptSink (undefined before any controller probed). */
export function guestInterruptSink(ctx: EmulatorContext): InterruptSink | undefined {
  return peekGuestLocal<SinkDispatcher>(ctx, PIC_SINK_KEY);
}

/**
 * One vcpu's view of a per-CPU interrupt (a GIC PPI such as the generic
 * timer's 27/30): an IrqLine the core hands to CpuEnv.timerIrq.
 */
export class PpiLine implements IrqLine {
  constructor(private readonly sink: IrqInputSink, readonly irq: number, readonly vcpu: number) {}
  set(level: number): void {
    this.sink.setInput(this.irq, level, this.vcpu);
  }
}

/** The generic timer's outputs for one vcpu (CpuEnv.timerIrq) wired to PPIs of sink. */
export function genericTimerLines(
  sink: IrqInputSink,
  vcpu: number,
  ppis: { phys?: number; virt?: number; hyp?: number; sec?: number } = {},
): { phys: IrqLine; virt: IrqLine; hyp: IrqLine; sec: IrqLine } {
  return {
    phys: new PpiLine(sink, ppis.phys ?? 30, vcpu),
    virt: new PpiLine(sink, ppis.virt ?? 27, vcpu),
    hyp: new PpiLine(sink, ppis.hyp ?? 26, vcpu),
    sec: new PpiLine(sink, ppis.sec ?? 29, vcpu),
  };
}
