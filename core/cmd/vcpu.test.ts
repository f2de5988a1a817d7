import { describe, expect, it } from 'vitest';
import { threadCommand } from './thread.ts';
import { vcpuCommand } from './vcpu.ts';
import { addGuest, makeHarness } from './testing/cmd-harness.ts';

describe('vcpu and thread commands', () => {
  it('vcpu list shows orphan threads and guest vcpus with affinity', async () => {
    const h = makeHarness([vcpuCommand]);
    addGuest(h, 'guest0', 2);
    const r = await h.run('vcpu list');
    expect(r.out.split('\n')[1]).toMatch(/^ ID\s+CPU\s+Prio\s+State\s+Name\s+Affinity$/);
    expect(r.out).toMatch(/idle\/0\s+\{0\}/);
    expect(r.out).toMatch(/\d+\s+\d\s+3\s+RESET\s+guest0\/vcpu1\s+\{0,1\}/);
    expect((await h.run('vcpu normal_list')).out).not.toContain('idle/0');
    expect((await h.run('vcpu orphan_list')).out).not.toContain('guest0/vcpu0');
  });

  it('controls a vcpu by name or id and refuses illegal transitions', async () => {
    const h = makeHarness([vcpuCommand]);
    addGuest(h, 'guest0');
    const id = h.hv.vcpu('guest0/vcpu0')!.id;
    expect((await h.run(`vcpu kick ${id}`)).out).toBe('guest0/vcpu0: Kicked\n');
    h.hv.runFor(1_000_000);
    expect((await h.run('vcpu kick guest0/vcpu0')).out).toMatch(/cannot kick/);
    expect((await h.run('vcpu halt guest0/vcpu0')).out).toBe('guest0/vcpu0: Halted\n');
    expect((await h.run('vcpu pause guest0/vcpu0')).status).toBeLessThan(0);
    expect((await h.run('vcpu kick 999')).out).toContain('Failed to find vcpu 999');
  });

  it('moves a vcpu, sets affinity and refuses a CPU that does not exist', async () => {
    const h = makeHarness([vcpuCommand]);
    addGuest(h, 'guest0');
    expect((await h.run('vcpu set_affinity guest0/vcpu0 1')).status).toBe(0);
    expect((await h.run('vcpu list')).out).toMatch(/guest0\/vcpu0\s+\{1\}/);
    expect((await h.run('vcpu set_hcpu guest0/vcpu0 7')).out).toContain('host CPU 7 does not exist');
    expect((await h.run('vcpu set_affinity guest0/vcpu0')).out).toContain('missing arguments');
  });

  it('dumps registers and statistics', async () => {
    const h = makeHarness([vcpuCommand]);
    addGuest(h, 'guest0');
    await h.run('vcpu kick guest0/vcpu0');
    h.hv.runFor(2_000_000);
    expect((await h.run('vcpu dumpreg guest0/vcpu0')).out).toMatch(/^guest0\/vcpu0: fake\n/);
    const s = await h.run('vcpu dumpstat guest0/vcpu0');
    expect(s.out).toMatch(/Instructions\s+: [1-9]\d*/);
    expect((await h.run('vcpu dumpreg idle/0')).out).toContain('is an orphan thread');
    expect((await h.run('vcpu monitor')).out).toMatch(/guest0\/vcpu0\s+\w+\s+[\d.]+ ms\s+[\d.]+%/);
  });

  it('thread list shows only orphan threads', async () => {
    const h = makeHarness([threadCommand]);
    addGuest(h, 'guest0');
    const r = await h.run('thread list');
    expect(r.out).toContain('idle/1');
    expect(r.out).not.toContain('guest0');
    expect((await h.run('thread frob')).out).toContain('unknown sub-command frob');
  });
});
