// The `npx xvisor ...` lines of every guest type's README.md must work when
// copied as written (issue 8, "Done when"): each one parses with the real
// command-line parser (core/mterm/options.ts parseCli), every file it names
// exists (or is written by a `printf ... > file` line of the same block),
// and the guests it describes boot to the firmware's prompt in-process, as
// `npx xvisor` would start them (Session.startGuest), in virtual time.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCli, type GuestSpec } from '../core/mterm/options.ts';
import { REPO_ROOT } from './build-guests.ts';
import { COMMAND_BUDGET_NS } from './common/guest-type-tests.ts';
import { GuestConsole, newSession } from './common/xvisor-guests.ts';

interface ReadmeCommand {
  /** README path relative to the repository, and the line the command starts on. */
  readonly where: string;
  readonly argv: string[];
  /** Files that `printf '...' > file` lines before it in the same block write, with their contents. */
  readonly written: ReadonlyMap<string, string>;
}

/** Splits a shell command line into words: single and double quotes, backslash escapes outside single quotes. */
export function shellWords(line: string, where: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '' | "'" | '"' = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote === "'") {
      if (c === "'") quote = '';
      else cur += c;
    } else if (quote === '"') {
      if (c === '"') quote = '';
      else if (c === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) cur += line[++i];
      else cur += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      cur += line[++i];
      inWord = true;
    } else if (c === ' ' || c === '\t') {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (quote) throw new Error(`${where}: unterminated ${quote} quote`);
  if (inWord) words.push(cur);
  return words;
}

/** printf's escapes that command lists use. */
function printfText(fmt: string): string {
  return fmt.replace(/\\(n|t|\\)/g, (_, e: string) => (e === 'n' ? '\n' : e === 't' ? '\t' : '\\'));
}

/** The `npx xvisor` commands of a README's fenced code blocks (```, ```sh, ```shell). */
export function readmeCommands(rel: string, text: string): ReadmeCommand[] {
  const out: ReadmeCommand[] = [];
  const lines = text.split('\n');
  let inBlock = false;
  let shellBlock = false;
  let written = new Map<string, string>();
  for (let i = 0; i < lines.length; i++) {
    const fence = /^```\s*(\S*)/.exec(lines[i]!);
    if (fence) {
      inBlock = !inBlock;
      shellBlock = inBlock && ['', 'sh', 'shell', 'bash', 'console'].includes(fence[1]!);
      written = new Map();
      continue;
    }
    if (!inBlock || !shellBlock) continue;
    const start = i;
    let line = lines[i]!.replace(/^\$\s+/, '');
    while (line.endsWith('\\') && i + 1 < lines.length) line = line.slice(0, -1) + ' ' + lines[++i]!.trim();
    const where = `${rel}:${start + 1}`;
    const printf = /^printf\s+(.*?)\s*>\s*(\S+)\s*$/.exec(line);
    if (printf) {
      const words = shellWords(printf[1]!, where);
      written.set(printf[2]!, printfText(words[0] ?? ''));
      continue;
    }
    if (/^npx\s+xvisor(\s|$)/.test(line)) out.push({ where, argv: shellWords(line, where).slice(2), written: new Map(written) });
  }
  return out;
}

/** Every guest type folder with a README: tests/<cpu>/<board>. */
function guestTypeReadmes(): string[] {
  const found: string[] = [];
  for (const cpu of ['arm32', 'arm64']) {
    const dir = join(REPO_ROOT, 'tests', cpu);
    if (!existsSync(dir)) continue;
    for (const board of readdirSync(dir).sort()) {
      const rel = `tests/${cpu}/${board}/README.md`;
      if (existsSync(join(REPO_ROOT, rel))) found.push(rel);
    }
  }
  return found;
}

/** The files a guest spec names, with the key that names them. */
function specFiles(g: GuestSpec): [string, string][] {
  const files: [string, string][] = [['dts', g.dts]];
  for (const k of ['bios', 'kernel', 'initrd', 'dtb'] as const) if (g[k] !== undefined) files.push([k, g[k]!]);
  for (const img of g.images) files.push(['image', img.file]);
  return files;
}

describe('shellWords and readmeCommands', () => {
  it('split words, quotes and continuation lines as a shell does', () => {
    expect(shellWords(`npx xvisor --guest a.dts,append="console=ttyAMA0 quiet" 'x y'`, 'r')).toEqual([
      'npx', 'xvisor', '--guest', 'a.dts,append=console=ttyAMA0 quiet', 'x y',
    ]);
    expect(() => shellWords(`printf 'hi`, 'README.md:3')).toThrow("README.md:3: unterminated ' quote");
    const cmds = readmeCommands('R.md', ['text', '```sh', "printf 'hi\\nsmp_test\\n' > /tmp/l", 'npx xvisor --guest a.dts,bios=b \\', '   --guest c.dts', '```', 'npx xvisor --no'].join('\n'));
    expect(cmds).toEqual([{ where: 'R.md:4', argv: ['--guest', 'a.dts,bios=b', '--guest', 'c.dts'], written: new Map([['/tmp/l', 'hi\nsmp_test\n']]) }]);
  });

  it('ignores commands outside shell blocks', () => {
    expect(readmeCommands('R.md', ['```c', 'npx xvisor --guest x', '```'].join('\n'))).toEqual([]);
  });
});

const readmes = guestTypeReadmes();

describe('guest type READMEs: npx xvisor command lines', () => {
  it('every guest type has a README with at least one npx xvisor command', () => {
    expect(readmes.length).toBeGreaterThanOrEqual(6);
    for (const rel of readmes) expect(readmeCommands(rel, readFileSync(join(REPO_ROOT, rel), 'utf8')).length, rel).toBeGreaterThan(0);
  });

  for (const rel of readmes) {
    const cmds = readmeCommands(rel, readFileSync(join(REPO_ROOT, rel), 'utf8'));
    for (const c of cmds) {
      it(`${c.where}: parses, names existing files, and boots its guests to the prompt`, async () => {
        const o = parseCli(c.argv);
        expect(o.guests.length, `${c.where}: guests`).toBeGreaterThan(0);
        if (o.config !== undefined) expect(existsSync(join(REPO_ROOT, o.config)), `${c.where}: --config ${o.config}`).toBe(true);
        for (const g of o.guests)
          for (const [key, file] of specFiles(g))
            expect(c.written.has(file) || existsSync(isAbsolute(file) ? file : join(REPO_ROOT, file)), `${c.where}: ${key}=${file} exists`).toBe(true);

        // Boot them as `npx xvisor` would, with files the block writes put in a scratch folder.
        const scratch = mkdtempSync(join(tmpdir(), 'readme-'));
        try {
          const local = (f: string): string => {
            const text = c.written.get(f);
            if (text === undefined) return isAbsolute(f) ? f : join(REPO_ROOT, f);
            const p = join(scratch, f.replace(/[^A-Za-z0-9.-]/g, '_'));
            writeFileSync(p, text);
            return p;
          };
          const s = await newSession();
          const cons = o.guests.map((g, i) => {
            const spec: GuestSpec = {
              ...g,
              dts: local(g.dts),
              bios: g.bios && local(g.bios),
              kernel: g.kernel && local(g.kernel),
              initrd: g.initrd && local(g.initrd),
              dtb: g.dtb && local(g.dtb),
              images: g.images.map((img) => ({ file: local(img.file), addr: img.addr })),
            };
            const { guest } = s.startGuest(spec, i);
            return { con: new GuestConsole(s, `${guest.name}/uart0`), list: g.images.map((img) => c.written.get(img.file)).find((t) => t !== undefined) };
          });
          for (const { con, list } of cons) {
            expect(con.waitFor('basic# ', COMMAND_BUDGET_NS), `${c.where}: ${con.name} reaches the prompt; output:\n${con.text}`).toBe(true);
            if (list === undefined) continue;
            // A command list in flash runs at boot: every command of it shows after a prompt.
            expect(con.text).toContain('autoboot: enabled');
            const last = list.trim().split('\n').at(-1)!;
            expect(con.waitFor(`basic# ${last}`, COMMAND_BUDGET_NS), `${c.where}: ${con.name} runs "${last}"; output:\n${con.text}`).toBe(true);
            con.take();
            expect(con.waitFor('basic# ', COMMAND_BUDGET_NS), `${c.where}: ${con.name}: prompt after "${last}"`).toBe(true);
            for (const cmd of list.trim().split('\n')) expect(con.text, `${c.where}: ${con.name}`).toContain(`basic# ${cmd}`);
          }
        } finally {
          rmSync(scratch, { recursive: true, force: true });
        }
      });
    }
  }
});
