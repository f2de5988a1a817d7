import { describe, expect, it } from 'vitest';
import { hostCommand } from './host.ts';
import { resetCommand, shutdownCommand } from './power.ts';
import { sleepCommand } from './sleep.ts';
import { timerCommand } from './timer.ts';
import { vserialCommand } from './vserial.ts';
import { addGuest, makeHarness } from './testing/cmd-harness.ts';

describe('host, timer, sleep, vserial, shutdown, reset', () => {
  it('host info names the host, its CPUs and RAM', async () => {
    const h = makeHarness([hostCommand]);
    const r = await h.run('host info');
    expect(r.out).toContain('Host Name               : test host');
    expect(r.out).toContain('Total Online CPUs       : 2');
    expect(r.out).toContain('Total RAM               : 1024 MB');
    expect((await h.run('host cpu info')).out).toMatch(/0\s+arm,cortex-a53/);
    expect((await h.run('host cpu stats')).out).toMatch(/Timer events: \d+ started/);
    expect((await h.run('host cpu')).out).toContain('missing info or stats');
    expect((await h.run('host irq')).out).toContain('expected stats');
  });

  it('host irq stats counts device accesses; host ram bitmap counts pages', async () => {
    const h = makeHarness([hostCommand, sleepCommand]);
    addGuest(h, 'guest0');
    h.hv.guest('guest0')!.kick();
    await h.run('sleep msecs 1');
    expect((await h.run('host irq stats')).out).toMatch(/guest0\s+uart0\s+fake,uart\s+\d+\s+[1-9]/);
    expect((await h.run('host class_list')).out).toMatch(/serial\s+1/);
  });

  it('sleep lets virtual time pass; bad units and numbers are refused', async () => {
    const h = makeHarness([sleepCommand, timerCommand]);
    await h.run('sleep msecs 5');
    expect(h.hv.nowNs()).toBeGreaterThanOrEqual(5_000_000);
    await h.run('sleep usecs 10');
    expect((await h.run('sleep hours 1')).out).toContain('unknown unit hours');
    expect((await h.run('sleep secs x')).out).toContain('bad time "x"');
    expect((await h.run('timer stats')).out).toMatch(/Virtual time\s+: 0\.0050\d+ s/);
  });

  it('timer list shows pending events in expiry order', async () => {
    const h = makeHarness([timerCommand]);
    addGuest(h, 'guest0');
    h.hv.guest('guest0')!.kick();
    h.hv.runFor(1_000_000);
    const r = await h.run('timer list');
    expect(r.out.split('\n')[1]).toMatch(/Expiry ms\s+In ms\s+Owner\s+Event\s+Fired/);
  });

  it('vserial list, dump and bind; unknown ports are named', async () => {
    const h = makeHarness([vserialCommand, sleepCommand]);
    addGuest(h, 'guest0');
    h.hv.guest('guest0')!.kick();
    await h.run('sleep msecs 1');
    expect((await h.run('vserial list')).out).toMatch(/guest0\/uart0\s+\d+\s+0/);
    expect((await h.run('vserial dump guest0/uart0')).out).toBe('hello from vcpu0\n');
    expect((await h.run('vserial dump guest0/uart0 6')).out).toBe('vcpu0\n');
    expect((await h.run('vserial bind guest0/uart0')).status).toBe(0);
    expect(h.events).toContain('bind guest0/uart0');
    expect((await h.run('vserial bind guest9/uart0')).out).toContain('Failed to find vserial guest9/uart0');
  });

  it('shutdown and reset reach the front end', async () => {
    const h = makeHarness([shutdownCommand, resetCommand]);
    await h.run('reset; shutdown');
    expect(h.events).toEqual(['reset', 'shutdown']);
    expect((await h.run('shutdown now')).out).toContain('takes no arguments');
  });
});
