// The build driver end to end: each config target runs as a user runs it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = import.meta.dirname;

function make(args: string[], input?: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'Makefile.ts'), ...args], { cwd: ROOT, encoding: 'utf8', input });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('Makefile.ts configuration targets', () => {
  it('every board defconfig writes .config, config.json and config.ts', () => {
    const o = mkdtempSync(join(tmpdir(), 'mk-'));
    for (const board of ['generic-v5', 'generic-v6', 'generic-v7', 'generic-v7-ve', 'generic-v8']) {
      const r = make([`${board}-defconfig`, `O=${o}`]);
      expect(r.code, r.err).toBe(0);
      const cfg = readFileSync(join(o, 'openconf/.config'), 'utf8');
      expect(cfg).toContain(`CONFIG_BOARD_NAME="${board}"`);
      const json = JSON.parse(readFileSync(join(o, 'openconf/config.json'), 'utf8'));
      expect(json.CONFIG_BOARD_NAME ?? json.BOARD_NAME).toBe(board);
      expect(readFileSync(join(o, 'openconf/config.ts'), 'utf8')).toContain('TSLICE_MS');
    }
  });

  it('savedefconfig round-trips: the saved defconfig gives the same .config', () => {
    const o = mkdtempSync(join(tmpdir(), 'mk-'));
    expect(make(['generic-v7-defconfig', `O=${o}`]).code).toBe(0);
    const cfg = join(o, 'openconf/.config');
    // A change of our own, so the minimal config is not empty.
    writeFileSync(cfg, readFileSync(cfg, 'utf8').replace('CONFIG_TSLICE_MS=10', 'CONFIG_TSLICE_MS=25').replace('CONFIG_CMD_ECHO=y', 'CONFIG_CMD_ECHO=m'));
    expect(make(['olddefconfig', `O=${o}`]).code).toBe(0);
    const before = readFileSync(cfg, 'utf8');
    expect(make(['savedefconfig', `O=${o}`]).code).toBe(0);
    const saved = readFileSync(join(o, 'openconf/defconfig'), 'utf8');
    expect(saved).toContain('CONFIG_TSLICE_MS=25');
    expect(saved).toContain('CONFIG_CMD_ECHO=m');
    // Loading the saved defconfig as the .config and taking defaults gives the same result.
    const o2 = mkdtempSync(join(tmpdir(), 'mk-'));
    mkdirSync(join(o2, 'openconf'));
    writeFileSync(join(o2, 'openconf/.config'), saved);
    expect(make(['olddefconfig', `O=${o2}`]).code).toBe(0);
    expect(readFileSync(join(o2, 'openconf/.config'), 'utf8')).toBe(before);
  });

  it('oldconfig asks only the questions a .config does not answer', () => {
    const o = mkdtempSync(join(tmpdir(), 'mk-'));
    expect(make(['generic-v8-defconfig', `O=${o}`]).code).toBe(0);
    const cfg = join(o, 'openconf/.config');
    writeFileSync(cfg, readFileSync(cfg, 'utf8').split('\n').filter((l) => !l.startsWith('CONFIG_TSLICE_MS=')).join('\n'));
    const r = make(['oldconfig', `O=${o}`], '33\n');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/time slice/i);
    expect(r.out).not.toMatch(/Maximum number of guests/);
    expect(readFileSync(cfg, 'utf8')).toContain('CONFIG_TSLICE_MS=33');
  });

  it('an unknown board, target or variable fails with a clear message', () => {
    expect(make(['nosuch-defconfig', 'O=/tmp/unused-mk']).err).toContain('no defconfig for board "nosuch"');
    const t = make(['frobnicate']);
    expect(t.code).not.toBe(0);
    expect(t.err).toContain("no rule to make target 'frobnicate'");
    expect(make(['FOO=1']).err).toContain('unknown variable FOO');
  });

  it('a syntax error in a Kconfig file fails with file:line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mk-'));
    writeFileSync(join(dir, 'openconf.cfg'), 'config A\n\tbool "a"\n\tfrobnicate\n');
    const r = make(['defconfig', `O=${dir}/out`, `KCONFIG=${join(dir, 'openconf.cfg')}`]);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/openconf\.cfg:3: /);
    expect(existsSync(join(dir, 'out/openconf/.config'))).toBe(false);
  });
});

describe('Makefile.ts all: the configuration decides the build', () => {
  it('bundles only what is y, makes m a loadable module, and names the symbol of a missing emulator', () => {
    const o = mkdtempSync(join(tmpdir(), 'mk-all-'));
    expect(make(['generic-v8-defconfig', `O=${o}`]).code).toBe(0);
    const cfg = join(o, 'openconf/.config');
    writeFileSync(
      cfg,
      readFileSync(cfg, 'utf8')
        .replace('CONFIG_CMD_ECHO=y', 'CONFIG_CMD_ECHO=m')
        .replace('CONFIG_EMU_RTC_PL031=y', '# CONFIG_EMU_RTC_PL031 is not set'),
    );
    const r = make(['olddefconfig', 'all', `O=${o}`]);
    expect(r.code, r.err + r.out).toBe(0);
    expect(r.out).toContain('BUNDLE');
    expect(existsSync(join(o, 'modules/cmd_echo.mjs'))).toBe(true);
    const bundle = readFileSync(join(o, 'xvisor.mjs'), 'utf8');
    expect(bundle).not.toContain('class Pl031');
    expect(bundle).toContain('CONFIG_EMU_SERIAL_PL011');
    const run = (input: string, args: string[] = []) =>
      spawnSync(process.execPath, [join(o, 'xvisor.mjs'), '--telnet-port', 'off', ...args], { cwd: ROOT, input, encoding: 'utf8' });
    const help = run('help\nmodule load cmd_echo\necho loaded\n');
    expect(help.stdout).not.toMatch(/^echo\s+-/m);
    expect(help.stdout).toContain('loaded\n');
    const guest = run('', ['--guest', `${join(ROOT, 'tests/arm64/virt-v8/virt-v8-guest.dts')},bios=${join(ROOT, 'tests/arm64/virt-v8/basic/firmware.bin')}`]);
    expect(guest.status).toBe(2);
    expect(guest.stderr).toMatch(/rtc.*primecell,pl031.*CONFIG_EMU_RTC_PL031/);
    // Nothing changed: the next `all` is skipped.
    expect(make(['all', `O=${o}`]).out).toContain('UPTODATE all');
  });
});
