import { describe, expect, it } from 'vitest';
import { BufferChardev } from '../chardev/chardev.ts';
import { chardevCommand } from './chardev.ts';
import { stdioCommand } from './stdio.ts';
import { makeHarness } from './testing/cmd-harness.ts';

describe('chardev and stdio commands', () => {
  it('lists chardevs with their kind', async () => {
    const h = makeHarness([chardevCommand]);
    h.hv.chardevs.register(new BufferChardev('zbuf'));
    h.hv.chardevs.register({ name: 'con0', kind: 'console', write() {}, input$: new BufferChardev('x').input$ } as never);
    const lines = (await h.run('chardev list')).out.split('\n');
    expect(lines[1]).toMatch(/^ Name\s+Kind$/);
    expect(lines[3]).toMatch(/^ con0\s+console$/);
    expect(lines[4]).toMatch(/^ zbuf\s+BufferChardev$/);
    expect((await h.run('chardev list x')).out).toContain('list takes no arguments');
    expect((await h.run('chardev show')).out).toMatch(/unknown sub-command show\nUsage:/);
  });

  it('shows and changes the log level that filters front-end log lines', async () => {
    const h = makeHarness([stdioCommand]);
    const st = h.ctx.stdio!;
    expect((await h.run('stdio loglevel')).out).toBe('6 (info)\n');
    expect(st.toFrontEnd('info')).toBe(true);
    expect((await h.run('stdio change_loglevel 4')).out).toBe('log level: 4 (warning)\n');
    expect(st.toFrontEnd('warn')).toBe(true);
    expect(st.toFrontEnd('guest')).toBe(false);
    expect(st.toFrontEnd('info')).toBe(false);
    expect((await h.run('stdio change_loglevel 8')).out).toContain('log level 8 is not in 0..7');
    expect((await h.run('stdio change_loglevel x')).out).toContain('bad log level "x"');
    expect((await h.run('stdio change_loglevel')).out).toContain('missing log level');
    expect(st.logLevel).toBe(4);
  });

  it('moves log lines to a chardev and back', async () => {
    const h = makeHarness([stdioCommand]);
    const cd = new BufferChardev('buf0');
    h.hv.chardevs.register(cd);
    expect((await h.run('stdio device')).out).toBe('mterm\n');
    expect((await h.run('stdio change_device nosuch')).out).toContain('Failed to find chardev nosuch');
    expect((await h.run('stdio change_device buf0')).out).toBe('stdio device: buf0\n');
    expect(h.ctx.stdio!.toFrontEnd('error')).toBe(false);
    h.hv.logLine('error', 'guest0/uart0', 'broken');
    h.hv.logLine('info', 'x', 'hidden at level 5');
    await h.run('stdio change_loglevel 5');
    h.hv.logLine('info', 'y', 'filtered');
    expect(cd.text()).toMatch(/error: guest0\/uart0: broken\n.*info: x: hidden at level 5\n$/);
    await h.run('stdio change_device mterm');
    h.hv.logLine('error', 'z', 'to the terminal');
    expect(cd.text()).not.toContain('to the terminal');
    expect(h.ctx.stdio!.toFrontEnd('error')).toBe(true);
    expect((await h.run('stdio device extra')).out).toContain('too many arguments to device');
  });
});
