import { describe, expect, it } from 'vitest';
import { BufferChardev } from '../chardev/chardev.ts';
import { vsdaemonCommand } from './vsdaemon.ts';
import { addGuest, makeHarness } from './testing/cmd-harness.ts';

describe('vsdaemon command', () => {
  it('lists the built-in transports and the front end\'s', async () => {
    const h = makeHarness([vsdaemonCommand], {}, { vsdaemonTransports: [{ name: 'fake', desc: 'test transport', args: '<x>', start: () => ({ info: 'fake', stop() {} }) }] });
    const out = (await h.run('vsdaemon transport_list')).out;
    expect(out).toMatch(/ chardev\s+<chardev>/);
    expect(out).toMatch(/ mterm\s+attach/);
    expect(out).toMatch(/ fake\s+<x>\s+test transport/);
  });

  it('serves a vserial on a chardev both ways until destroyed', async () => {
    const h = makeHarness([vsdaemonCommand]);
    addGuest(h, 'guest0');
    const cd = new BufferChardev('buf0');
    h.hv.chardevs.register(cd);
    expect((await h.run('vsdaemon create chardev d0 guest0/uart0 buf0')).out).toBe('d0: serving guest0/uart0 on chardev buf0\n');
    expect((await h.run('vsdaemon list')).out).toMatch(/ d0\s+chardev\s+guest0\/uart0\s+chardev buf0/);
    h.hv.guest('guest0')!.kick();
    h.hv.runFor(1_000_000);
    expect(cd.text()).toBe('hello from vcpu0\n');
    const vs = h.hv.vserials.get('guest0/uart0')!;
    const before = vs.bytesIn + vs.backlog;
    cd.type('ab');
    expect(vs.bytesIn + vs.backlog).toBe(before + 2);
    expect((await h.run('vsdaemon destroy d0')).out).toBe('d0: Destroyed\n');
    cd.type('c');
    expect(vs.bytesIn + vs.backlog).toBe(before + 2);
    expect((await h.run('vsdaemon list')).out).not.toContain('d0');
  });

  it('binds the terminal with the mterm transport', async () => {
    const h = makeHarness([vsdaemonCommand]);
    addGuest(h, 'guest0');
    expect((await h.run('vsdaemon create mterm m0 guest0/uart0')).status).toBe(0);
    expect(h.events).toEqual(['bind guest0/uart0']);
  });

  it('refuses bad input with one clear line and creates nothing', async () => {
    const h = makeHarness([vsdaemonCommand]);
    addGuest(h, 'guest0');
    h.hv.chardevs.register(new BufferChardev('buf0'));
    expect((await h.run('vsdaemon create telnet d0 guest0/uart0 2000')).out).toContain('Failed to find transport telnet');
    expect((await h.run('vsdaemon create chardev d0 guest9/uart0 buf0')).out).toContain('Failed to find vserial guest9/uart0');
    expect((await h.run('vsdaemon create chardev d0 guest0/uart0 nosuch')).out).toContain('Failed to find chardev nosuch');
    expect((await h.run('vsdaemon create chardev d0 guest0/uart0')).out).toMatch(/missing chardev name\nUsage:/);
    expect((await h.run('vsdaemon create chardev d0')).out).toContain('missing transport, daemon name or vserial name');
    expect((await h.run('vsdaemon create mterm d0 guest0/uart0 x')).out).toContain('too many arguments');
    expect((await h.run('vsdaemon destroy d9')).out).toContain('Failed to find vsdaemon d9');
    expect((await h.run('vsdaemon start')).out).toContain('unknown sub-command start');
    expect((await h.run('vsdaemon list')).out.split('\n').length).toBe(5);
    await h.run('vsdaemon create chardev d0 guest0/uart0 buf0');
    expect((await h.run('vsdaemon create chardev d0 guest0/uart0 buf0')).out).toContain('vsdaemon d0 exists already');
  });
});
