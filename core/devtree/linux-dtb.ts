// The device tree a Linux (or firmware) guest receives, generated from its
// guest description so that the memory map lives in one place. Node shapes
// follow the Linux bindings (arm/cpus, arm/psci, arm/arch_timer,
// interrupt-controller/arm,gic, arm,gic-v3 and arm,vic (from the guest's
// vgic, GICv3, MPCore or PL190 regions), serial/pl011, rtc/pl031, timer/sp804,
// virtio/mmio, clock/fixed-clock) and what GUESTS.md measured on QEMU's
// virt board: the PL011 needs `clocks`/`clock-names` with a 24 MHz fixed
// clock, with two or more CPUs each cpu node has enable-method = "psci",
// and the chosen node carries bootargs, stdout-path and the initrd range
// (end exclusive).

import { DevTree, DevTreeNode } from './devtree.ts';
import { GuestDescError, type GuestDesc, type RegionDesc } from './guest-desc.ts';
import { encodeStrings, encodeU32s, encodeU64s } from './values.ts';
import { writeFdt } from './fdt-write.ts';

export interface LinuxDtbOptions {
  readonly bootargs?: string;
  readonly initrdStart?: number | bigint;
  readonly initrdEnd?: number | bigint;
  /** Default: the first PL011's path. */
  readonly stdoutPath?: string;
  readonly psciMethod?: 'hvc' | 'smc';
  /** Default: the guest's vcpu count. */
  readonly cpuCount?: number;
  /** Default: 3 when the guest has GICv3 regions, else 2. */
  readonly gicVersion?: 2 | 3;
  /** Overrides the cpu nodes' compatible (default from the vcpu model). */
  readonly cpuCompatible?: string;
  /** /chosen/rng-seed bytes (never kaslr-seed; see GUESTS.md). */
  readonly rngSeed?: Uint8Array;
}

const PHANDLE_GIC = 1;
const PHANDLE_CLK = 2;

/** vcpu model -> the cpu node compatible Linux expects. */
const CPU_COMPATIBLE: Record<string, string> = {
  'armv8,generic': 'arm,cortex-a53',
  'armv7a,cortex-a15': 'arm,cortex-a15',
  'armv7a,cortex-a7': 'arm,cortex-a7',
  'armv7a,cortex-a9': 'arm,cortex-a9',
  'armv7a,cortex-a8': 'arm,cortex-a8',
  'armv7a,generic': 'arm,cortex-a15',
  'armv6k,arm11mpcore': 'arm,arm11mpcore',
  'armv5te,arm926ej-s': 'arm,arm926ej-s',
};

/** Which guest regions become which device nodes: the single map. */
const GIC_V2_DIST = new Set(['arm,vgic,dist']);
const GIC_V2_CPU = new Set(['arm,vgic,cpu']);
/** A GICv3 distributor alone, or (plain arm,gic-v3) one window with the redistributors at +0xa0000 as the emulator lays it out. */
const GIC_V3_DIST = new Set(['arm,gic-v3,dist', 'arm,gic-v3']);
const GIC_V3_REDIST = new Set(['arm,gic-v3,redist']);
/** MPCore private regions: GIC CPU interface at +0x100, distributor at +0x1000 (Cortex-A9 and ARM11 MPCore TRMs). */
const MPCORE_GIC: Record<string, string> = { 'arm,a9mpcore': 'arm,cortex-a9-gic', 'arm,arm11mpcore': 'arm,arm11mp-gic' };
const VIC = new Set(['versatilepb,pl190']);

type NodeMaker = (root: DevTreeNode, r: RegionDesc, ctx: Ctx) => DevTreeNode;

interface Ctx {
  readonly guest: GuestDesc;
  /** 'gic': 3-cell GIC specifiers from INTIDs; 'vic': 1-cell VIC lines. */
  readonly irqStyle: 'gic' | 'vic';
}

function hex(n: number): string {
  return n.toString(16);
}

function reg64(addr: number, size: number): Uint8Array {
  return encodeU64s([addr, size]);
}

/** GIC interrupt specifiers (SPI from INTID 32, PPI 16..31) for a region's interrupts. */
function irqs(ctx: Ctx, r: RegionDesc, flags: number): Uint8Array {
  if (ctx.irqStyle === 'vic') return encodeU32s(r.interrupts);
  const cells: number[] = [];
  for (const i of r.interrupts) {
    if (i >= 32) cells.push(0, i - 32, flags);
    else if (i >= 16) cells.push(1, i - 16, flags);
    else throw new GuestDescError(ctx.guest.name, r.path, `interrupt ${i} is an SGI, not usable by a device`);
  }
  return encodeU32s(cells);
}

const IRQ_EDGE_RISING = 1;
const IRQ_LEVEL_HIGH = 4;

const DEVICE_NODES: Record<string, NodeMaker> = {
  'primecell,arm,pl011': (root, r, ctx) => {
    const n = root.addChild(`pl011@${hex(r.guestPhysicalAddr)}`);
    n.setString('compatible', 'arm,pl011', 'arm,primecell');
    n.setAttr('reg', reg64(r.guestPhysicalAddr, r.physicalSize));
    n.setAttr('interrupts', irqs(ctx, r, IRQ_LEVEL_HIGH));
    n.setU32('clocks', PHANDLE_CLK, PHANDLE_CLK);
    n.setString('clock-names', 'uartclk', 'apb_pclk');
    return n;
  },
  'primecell,pl031': (root, r, ctx) => {
    const n = root.addChild(`pl031@${hex(r.guestPhysicalAddr)}`);
    n.setString('compatible', 'arm,pl031', 'arm,primecell');
    n.setAttr('reg', reg64(r.guestPhysicalAddr, r.physicalSize));
    n.setAttr('interrupts', irqs(ctx, r, IRQ_LEVEL_HIGH));
    n.setU32('clocks', PHANDLE_CLK);
    n.setString('clock-names', 'apb_pclk');
    return n;
  },
  'primecell,sp805': (root, r, ctx) => {
    const n = root.addChild(`watchdog@${hex(r.guestPhysicalAddr)}`);
    n.setString('compatible', 'arm,sp805', 'arm,primecell');
    n.setAttr('reg', reg64(r.guestPhysicalAddr, r.physicalSize));
    n.setAttr('interrupts', irqs(ctx, r, IRQ_LEVEL_HIGH));
    n.setU32('clocks', PHANDLE_CLK, PHANDLE_CLK);
    n.setString('clock-names', 'wdog_clk', 'apb_pclk');
    return n;
  },
  'virtio,mmio': (root, r, ctx) => {
    const n = root.addChild(`virtio_mmio@${hex(r.guestPhysicalAddr)}`);
    n.setString('compatible', 'virtio,mmio');
    n.setAttr('reg', reg64(r.guestPhysicalAddr, r.physicalSize));
    n.setAttr('interrupts', irqs(ctx, r, IRQ_EDGE_RISING));
    n.setAttr('dma-coherent', new Uint8Array(0));
    return n;
  },
  'qemu,fw-cfg-mmio': (root, r) => {
    const n = root.addChild(`fw-cfg@${hex(r.guestPhysicalAddr)}`);
    n.setString('compatible', 'qemu,fw-cfg-mmio');
    n.setAttr('reg', reg64(r.guestPhysicalAddr, r.physicalSize));
    n.setAttr('dma-coherent', new Uint8Array(0));
    return n;
  },
  'primecell,sp804': (root, r, ctx) => {
    const n = root.addChild(`timer@${hex(r.guestPhysicalAddr)}`);
    n.setString('compatible', 'arm,sp804', 'arm,primecell');
    n.setAttr('reg', reg64(r.guestPhysicalAddr, r.physicalSize));
    n.setAttr('interrupts', irqs(ctx, r, IRQ_LEVEL_HIGH));
    n.setU32('clocks', PHANDLE_CLK, PHANDLE_CLK, PHANDLE_CLK);
    n.setString('clock-names', 'timclken1', 'timclken2', 'apb_pclk');
    return n;
  },
  'cfi-flash': (root, r) => {
    const n = root.addChild(`flash@${hex(r.guestPhysicalAddr)}`);
    n.setString('compatible', 'cfi-flash');
    n.setAttr('reg', reg64(r.guestPhysicalAddr, r.physicalSize));
    n.setU32('bank-width', 4);
    return n;
  },
};

function isRam(r: RegionDesc): boolean {
  return r.manifestType === 'real' && r.addressType === 'memory' && /^(alloced_|shared_)?ram$/.test(r.deviceType);
}

function find(guest: GuestDesc, set: Set<string>): RegionDesc | undefined {
  return guest.regions.find((r) => r.compatible !== undefined && set.has(r.compatible));
}

/** Builds the guest's DevTree. */
export function buildLinuxTree(guest: GuestDesc, opts: LinuxDtbOptions = {}): DevTree {
  const tree = new DevTree();
  const root = tree.root;
  const cpuCount = opts.cpuCount ?? guest.vcpus.length;
  if (!Number.isInteger(cpuCount) || cpuCount < 1 || cpuCount > guest.vcpus.length) {
    throw new GuestDescError(guest.name, guest.path, `cpu count ${cpuCount} is not between 1 and the guest's ${guest.vcpus.length} vcpus`);
  }
  const v3 = find(guest, GIC_V3_DIST);
  const vic = find(guest, VIC);
  const mpcore = guest.regions.find((r) => r.compatible !== undefined && MPCORE_GIC[r.compatible] !== undefined);
  const gicVersion = opts.gicVersion ?? (v3 ? 3 : 2);
  const ctx: Ctx = { guest, irqStyle: vic && !mpcore && !find(guest, GIC_V2_DIST) && !v3 ? 'vic' : 'gic' };
  const model = guest.vcpus[0].compatible;
  const aarch64 = model.startsWith('armv8');

  root.setU32('#address-cells', 2);
  root.setU32('#size-cells', 2);
  root.setU32('interrupt-parent', PHANDLE_GIC);
  root.setString('model', guest.model ?? guest.name);
  root.setString('compatible', 'linux,dummy-virt');

  const psci = root.addChild('psci');
  psci.setString('compatible', 'arm,psci-1.0', 'arm,psci-0.2', 'arm,psci');
  psci.setString('method', opts.psciMethod ?? 'hvc');
  // PSCI 0.1 function IDs for kernels that only know "arm,psci" (PSCI spec DEN0022 5.1).
  const base = aarch64 ? 0xc4000000 : 0x84000000;
  psci.setU32('cpu_suspend', base + 1);
  psci.setU32('cpu_off', 0x84000002);
  psci.setU32('cpu_on', base + 3);
  psci.setU32('migrate', base + 5);

  const ram = guest.regions.filter(isRam).sort((a, b) => a.guestPhysicalAddr - b.guestPhysicalAddr);
  if (ram.length === 0) throw new GuestDescError(guest.name, `${guest.path}/aspace`, 'no RAM region for the memory node');
  for (const r of ram) {
    const m = root.addChild(`memory@${hex(r.guestPhysicalAddr)}`);
    m.setString('device_type', 'memory');
    m.setAttr('reg', reg64(r.guestPhysicalAddr, r.physicalSize));
  }

  const cpus = root.addChild('cpus');
  cpus.setU32('#address-cells', 1);
  cpus.setU32('#size-cells', 0);
  for (let i = 0; i < cpuCount; i++) {
    const c = cpus.addChild(`cpu@${i}`);
    c.setString('device_type', 'cpu');
    const vm = guest.vcpus[i].compatible;
    const compat = opts.cpuCompatible ?? CPU_COMPATIBLE[vm];
    if (!compat) throw new GuestDescError(guest.name, guest.vcpus[i].path, `no Linux cpu compatible for vcpu model "${vm}"`);
    c.setString('compatible', compat);
    c.setU32('reg', i);
    if (cpuCount > 1) c.setString('enable-method', 'psci');
  }

  // The generic timer exists on ARMv8 and on ARMv7 with the virtualization
  // extensions (the guest description gives it PPIs). PPIs: secure phys 13,
  // phys 14, virt 11, hyp 10 (INTIDs 29, 30, 27, 26).
  const vc = guest.vcpus[0];
  const hasGenTimer = aarch64 || vc.gentimerVirtIrq !== undefined || vc.gentimerPhysIrq !== undefined || /cortex-a(15|7)$/.test(model);
  if (hasGenTimer && ctx.irqStyle === 'gic') {
    const physPpi = (vc.gentimerPhysIrq ?? 30) - 16;
    const virtPpi = (vc.gentimerVirtIrq ?? 27) - 16;
    const ppiFlags = IRQ_LEVEL_HIGH | (gicVersion === 2 ? ((1 << Math.min(cpuCount, 8)) - 1) << 8 : 0);
    const timer = root.addChild('timer');
    timer.setString('compatible', aarch64 ? 'arm,armv8-timer' : 'arm,armv7-timer');
    timer.setU32('interrupts', 1, 13, ppiFlags, 1, physPpi, ppiFlags, 1, virtPpi, ppiFlags, 1, 10, ppiFlags);
    timer.setAttr('always-on', new Uint8Array(0));
  }

  const intcNode = (addr: number, cells: number): DevTreeNode => {
    const g = root.addChild(`intc@${hex(addr)}`);
    g.setU32('phandle', PHANDLE_GIC);
    g.setU32('#interrupt-cells', cells);
    g.setU32('#address-cells', 0);
    g.setAttr('interrupt-controller', new Uint8Array(0));
    return g;
  };
  const dist = find(guest, GIC_V2_DIST);
  const cpuif = find(guest, GIC_V2_CPU);
  if (gicVersion === 3) {
    const redistRegion = find(guest, GIC_V3_REDIST);
    if (!v3) throw new GuestDescError(guest.name, `${guest.path}/aspace`, 'GICv3 asked for, but no arm,gic-v3 region');
    let distSize = v3.physicalSize;
    let redist: { base: number; size: number } | undefined = redistRegion && { base: redistRegion.guestPhysicalAddr, size: redistRegion.physicalSize };
    if (!redist && v3.compatible === 'arm,gic-v3') {
      const off = 0xa0000;
      if (v3.physicalSize > off) {
        redist = { base: v3.guestPhysicalAddr + off, size: v3.physicalSize - off };
        distSize = 0x10000;
      }
    }
    if (!redist) throw new GuestDescError(guest.name, `${guest.path}/aspace`, 'GICv3 asked for, but no arm,gic-v3,redist region and no room for redistributors in the arm,gic-v3 window');
    const g = intcNode(v3.guestPhysicalAddr, 3);
    g.setString('compatible', 'arm,gic-v3');
    g.setU32('#redistributor-regions', 1);
    g.setAttr('reg', encodeU64s([v3.guestPhysicalAddr, distSize, redist.base, redist.size]));
  } else if (dist && cpuif) {
    const g = intcNode(dist.guestPhysicalAddr, 3);
    g.setString('compatible', 'arm,cortex-a15-gic');
    g.setAttr('reg', encodeU64s([dist.guestPhysicalAddr, dist.physicalSize, cpuif.guestPhysicalAddr, cpuif.physicalSize]));
  } else if (mpcore) {
    const base = mpcore.guestPhysicalAddr;
    const g = intcNode(base + 0x1000, 3);
    g.setString('compatible', MPCORE_GIC[mpcore.compatible!]);
    g.setAttr('reg', encodeU64s([base + 0x1000, 0x1000, base + 0x100, 0x100]));
  } else if (vic) {
    const g = intcNode(vic.guestPhysicalAddr, 1);
    g.setString('compatible', 'arm,versatile-vic');
    g.setAttr('reg', reg64(vic.guestPhysicalAddr, vic.physicalSize));
  } else {
    throw new GuestDescError(guest.name, `${guest.path}/aspace`, 'no interrupt controller region (arm,vgic,dist + arm,vgic,cpu, arm,gic-v3, arm,a9mpcore, arm,arm11mpcore or versatilepb,pl190)');
  }

  const clk = root.addChild('apb-pclk');
  clk.setString('compatible', 'fixed-clock');
  clk.setU32('#clock-cells', 0);
  clk.setU32('clock-frequency', 24_000_000);
  clk.setString('clock-output-names', 'clk24mhz');
  clk.setU32('phandle', PHANDLE_CLK);

  let firstUart: DevTreeNode | undefined;
  for (const r of [...guest.regions].sort((a, b) => a.guestPhysicalAddr - b.guestPhysicalAddr)) {
    const make = r.compatible !== undefined ? DEVICE_NODES[r.compatible] : undefined;
    if (!make) continue;
    const n = make(root, r, ctx);
    if (r.compatible === 'primecell,arm,pl011' && !firstUart) firstUart = n;
  }

  const chosen = root.addChild('chosen');
  if (opts.bootargs !== undefined) chosen.setAttr('bootargs', encodeStrings([opts.bootargs]));
  const stdout = opts.stdoutPath ?? firstUart?.path();
  if (stdout !== undefined) chosen.setAttr('stdout-path', encodeStrings([stdout]));
  if ((opts.initrdStart === undefined) !== (opts.initrdEnd === undefined)) {
    throw new GuestDescError(guest.name, guest.path, 'initrd needs both a start and an end');
  }
  if (opts.initrdStart !== undefined && opts.initrdEnd !== undefined) {
    const s = BigInt(opts.initrdStart);
    const e = BigInt(opts.initrdEnd);
    if (e < s) throw new GuestDescError(guest.name, guest.path, `initrd end 0x${e.toString(16)} is below its start 0x${s.toString(16)}`);
    const wide = aarch64 || e > 0xffffffffn;
    chosen.setAttr('linux,initrd-start', wide ? encodeU64s([s]) : encodeU32s([Number(s)]));
    chosen.setAttr('linux,initrd-end', wide ? encodeU64s([e]) : encodeU32s([Number(e)]));
  }
  if (opts.rngSeed) chosen.setAttr('rng-seed', opts.rngSeed.slice());
  if (firstUart) {
    const aliases = root.addChild('aliases');
    aliases.setAttr('serial0', encodeStrings([firstUart.path()]));
  }
  return tree;
}

/** The blob for the guest (FDT v17). */
export function buildLinuxDtb(guest: GuestDesc, opts: LinuxDtbOptions = {}): Uint8Array {
  return writeFdt(buildLinuxTree(guest, opts));
}
