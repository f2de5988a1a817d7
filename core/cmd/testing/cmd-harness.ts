// A hypervisor with scripted CPUs and fake devices, wrapped in a command
// context, so command tests run every command through the CommandManager.

import type { Command } from '../command.ts';
import { VirtualSwitch } from '../../../drivers/net/virtual-switch.ts';
import type { CmdContext, HostFiles } from '../context.ts';
import { CommandManager } from '../manager.ts';
import { Hypervisor } from '../../hypervisor.ts';
import { compileDtsText } from '../../devtree/compile.ts';
import { mapReader } from '../../devtree/file-reader.ts';
import { loadGuest, parseGuest, placeGuest, expandGuestTree, parseOverride } from '../../devtree/guest-parse.ts';
import { fakeCpuModel, type FakeOp } from '../../testing/fake-cpu.ts';
import { fakePicEmulator, fakeUartEmulator } from '../../testing/fake-devices.ts';
import { readFdt } from '../../devtree/fdt-read.ts';
import { StdioState } from '../stdio-state.ts';

/** Front-end hooks a test may supply (the session supplies real ones). */
export type HarnessExtras = Partial<Pick<CmdContext, 'modules' | 'openBlockFile' | 'vsdaemonTransports' | 'createNetSwitch'>>;

export const HOST_DTS = `/dts-v1/;
/ {
	model = "test host";
	#address-cells = <2>;
	#size-cells = <2>;
	chosen { bootcmd = "echo boot"; };
	cpus { #address-cells = <1>; #size-cells = <0>;
		cpu@0 { device_type = "cpu"; compatible = "arm,cortex-a53"; reg = <0>; };
		cpu@1 { device_type = "cpu"; compatible = "arm,cortex-a53"; reg = <1>; }; };
	memory@40000000 { device_type = "memory"; reg = <0x0 0x40000000 0x0 0x40000000>; };
};
`;

export const GUEST_DTS = `/dts-v1/;
/ {
	device_type = "guest";
	aliases { mem0 = &MEM0; };
	vcpu_template { device_type = "vcpu"; compatible = "fake,cpu"; start_pc = <0>; };
	aspace {
		pic { manifest_type = "virtual"; address_type = "memory"; device_type = "pic"; compatible = "fake,pic";
			guest_physical_addr = <0x08000000>; physical_size = <0x1000>; };
		uart0 { manifest_type = "virtual"; address_type = "memory"; device_type = "serial"; compatible = "fake,uart";
			guest_physical_addr = <0x09000000>; physical_size = <0x1000>; interrupts = <5>; };
		MEM0: mem0 { manifest_type = "real"; address_type = "memory"; device_type = "alloced_ram";
			guest_physical_addr = <0x40000000>; physical_size = <0x100000>; };
	};
};
`;

export interface Harness {
  readonly ctx: CmdContext;
  readonly hv: Hypervisor;
  readonly commands: CommandManager<CmdContext>;
  /** Runs a line; returns status and everything written. */
  run(line: string): Promise<{ status: number; out: string }>;
  readonly events: string[];
}

/** A fake CPU prints `hello from <vcpu>` on its UART, then waits for interrupts. */
function script(vcpu: number): FakeOp[] {
  return [{ op: 'run', n: 1000 }, { op: 'print', addr: 0x09000000, text: `hello from vcpu${vcpu}\n` }, { op: 'wfi' }, { op: 'jump', to: 2 }];
}

export function makeHarness(commands: readonly Command<CmdContext>[], files: Record<string, string | Uint8Array> = {}, extras: HarnessExtras = {}): Harness {
  const hv = new Hypervisor({ hostCpuCount: 2, cpuModels: [fakeCpuModel(script)], emulators: [fakePicEmulator, fakeUartEmulator], systemWorkqueues: false });
  const reader = mapReader({ 'guest.dts': GUEST_DTS, ...files });
  const hostTree = compileDtsText(HOST_DTS, 'host.dts', reader);
  const events: string[] = [];
  const fileApi: HostFiles = {
    read(path) {
      const b = reader.readFile(path);
      if (!b) throw new Error('no such file');
      return b;
    },
    list(path) {
      const prefix = path.endsWith('/') ? path : `${path}/`;
      return Object.keys(files)
        .filter((f) => f.startsWith(prefix) || path === '.' || path === '/')
        .map((f) => ({ name: f.slice(f.lastIndexOf('/') + 1), size: (reader.readFile(f) ?? new Uint8Array()).length, isDirectory: false }));
    },
  };
  const ctx: CmdContext = {
    get commands() {
      return manager;
    },
    build: { version: '0.3.2', date: 'Nov 21 2026 00:00:00' },
    hv,
    hostTree,
    files: fileApi,
    console: { bind: (name) => events.push(`bind ${name}`) },
    loadGuestTree(name, file, o) {
      const data = fileApi.read(file);
      const tree = data[0] === 0xd0 ? readFdt(data) : compileDtsText(new TextDecoder().decode(data), file, reader);
      const node = placeGuest(hostTree, tree, name);
      try {
        expandGuestTree(node, { vcpuCount: o.vcpus, overrides: (o.overrides ?? []).map(parseOverride) }, name);
      } catch (e) {
        node.remove();
        throw e;
      }
    },
    createGuest(name) {
      const node = hostTree.getNode(`/guests/${name}`);
      if (!node) throw new Error(`no guest tree /guests/${name}`);
      return hv.createGuest(parseGuest(node, name));
    },
    sleep(ns) {
      hv.runFor(ns);
      return Promise.resolve();
    },
    requestShutdown: () => events.push('shutdown'),
    requestReset: () => events.push('reset'),
    stdio: new StdioState(hv),
    createNetSwitch: (name) => new VirtualSwitch(name),
    ...extras,
  };
  const manager = new CommandManager<CmdContext>(ctx);
  for (const c of commands) manager.register(c);
  return {
    ctx,
    hv,
    commands: manager,
    events,
    async run(line) {
      let out = '';
      const status = await manager.execLine(line, { write: (s) => void (out += s), color: false });
      return { status, out };
    },
  };
}

/** Loads guest.dts as `name` with n vcpus and creates it. */
export function addGuest(h: Harness, name: string, vcpus = 1): void {
  const tree = compileDtsText(GUEST_DTS, 'guest.dts', mapReader({}));
  const desc = loadGuest(h.ctx.hostTree, tree, name, { vcpuCount: vcpus });
  h.hv.createGuest(desc);
}
