import { describe, it, expect } from 'vitest';
import { decodeSnapshot, encodeSnapshot, SnapshotFormatError } from './snapshot-codec.ts';
import { restoreGuest, saveGuest, type GuestSnapshot } from './snapshot.ts';
import { scenarioHypervisor, scenarioResult, uartGuest } from '../testing/scenario.ts';

const MS = 1_000_000;

function tail(all: string, from: number): string {
  return all.slice(from);
}

describe('snapshot codec', () => {
  it('round-trips objects with typed arrays and refuses damaged input', () => {
    const obj = { a: 1, s: 'x', ram: [[3, new Uint8Array([1, 2, 3])]], f: new Float64Array([1.5]) };
    const bytes = encodeSnapshot(obj);
    const back = decodeSnapshot(bytes) as typeof obj;
    expect(back.a).toBe(1);
    expect(back.ram[0][1]).toEqual(new Uint8Array([1, 2, 3]));
    expect(back.f).toEqual(new Float64Array([1.5]));
    expect(() => decodeSnapshot(bytes.subarray(0, bytes.length - 1), 'g.snap')).toThrow(/g.snap: truncated at byte/);
    expect(() => decodeSnapshot(new Uint8Array(20), 'z.snap')).toThrow(SnapshotFormatError);
  });
});

describe('guest snapshots', () => {
  it('a restored guest continues exactly as the original', () => {
    // Original: run 40 ms, snapshot, run 60 ms more.
    const a = scenarioHypervisor({ seed: 11, hostCpuCount: 1, systemWorkqueues: false });
    const ga = a.createGuest(uartGuest('guest0'));
    ga.kick();
    a.runFor(40 * MS);
    const snapBytes = encodeSnapshot(saveGuest(a, ga));
    const cut = a.vserials.get('guest0/uart0')!.bytesOut;
    const outA = a.vserials.get('guest0/uart0')!;
    let contA = '';
    outA.output$.subscribe((b) => (contA += String.fromCharCode(b)));
    a.runFor(60 * MS);

    // Copy: a fresh hypervisor restores the snapshot and runs the same 60 ms.
    const b = scenarioHypervisor({ seed: 999, hostCpuCount: 1, systemWorkqueues: false });
    const gb = restoreGuest(b, uartGuest('guest0'), decodeSnapshot(snapBytes) as GuestSnapshot);
    expect(b.nowNs()).toBe(40 * MS);
    let contB = '';
    b.vserials.get('guest0/uart0')!.output$.subscribe((x) => (contB += String.fromCharCode(x)));
    b.runFor(60 * MS);

    expect(cut).toBeGreaterThan(20);
    expect(contA.length).toBeGreaterThan(20);
    expect(contB).toBe(contA);
    expect(b.nowNs()).toBe(a.nowNs());
    expect(gb.vcpus[0].backend.instructionsRetired).toBe(ga.vcpus[0].backend.instructionsRetired);
    expect(gb.vcpus[0].state).toBe(ga.vcpus[0].state);
    expect(gb.aspace.allocatedBytes()).toBe(ga.aspace.allocatedBytes());
    expect(tail(scenarioResult(b).consoles['guest0/uart0'], 0).endsWith(contA.slice(-10))).toBe(true);
  });

  it('restores RAM contents and refuses a mismatched guest or a hypervisor past the snapshot', () => {
    const a = scenarioHypervisor({ seed: 1, hostCpuCount: 1, systemWorkqueues: false });
    const ga = a.createGuest(uartGuest('guest0'));
    ga.aspace.writeU32(0x40001230, 0xfeedface);
    a.runFor(MS);
    const snap = saveGuest(a, ga);
    expect(snap.ram[0].chunks).toHaveLength(1);
    const b = scenarioHypervisor({ seed: 1, hostCpuCount: 1, systemWorkqueues: false });
    const gb = restoreGuest(b, uartGuest('guest0'), snap);
    expect(gb.aspace.readU32(0x40001230)).toBe(0xfeedface);
    expect(() => restoreGuest(b, uartGuest('guest1', 2), snap)).toThrow(/snapshot of guest0: 1 vcpus, guest guest1 has 2/);
    const c = scenarioHypervisor({ seed: 1, hostCpuCount: 1, systemWorkqueues: false });
    c.runFor(5 * MS);
    expect(() => restoreGuest(c, uartGuest('guest0'), snap)).toThrow(/is at 1000000 ns, this hypervisor is already at 5000000 ns/);
    expect(() => restoreGuest(c, uartGuest('guest0'), { ...snap, version: 7 })).toThrow(/version 7, expected 1/);
  });
});
