// The role every guest interrupt controller plays for the core: the sink of
// the guest's interrupt lines. ctx.irq(n) of any device ends in the
// setInput(n, level, vcpu) of the controller that owns guest irq n (PPIs
// carry the vcpu they belong to). Controllers register themselves in the
// guest's shared map; the core's router (core/devemu) looks them up with
// guestInterruptSinks() and asks each whether it owns an irq with owns().

import type { EmulatorContext, IrqLine } from '../../core/devemu/emulator.ts';
import { guestLocal, peekGuestLocal } from '../common/guest-local.ts';

export interface IrqInputSink {
  setInput(irq: number, level: number, vcpu?: number): void;
  /** True when guest irq n is one of this controller's inputs. */
  owns(irq: number): boolean;
}

export const PIC_SINK_KEY = 'interrupt-sinks';

export function registerSink(ctx: EmulatorContext, sink: IrqInputSink): void {
  guestLocal<IrqInputSink[]>(ctx, PIC_SINK_KEY, () => []).push(sink);
}

export function guestInterruptSinks(ctx: EmulatorContext): readonly IrqInputSink[] {
  return peekGuestLocal<IrqInputSink[]>(ctx, PIC_SINK_KEY) ?? [];
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
