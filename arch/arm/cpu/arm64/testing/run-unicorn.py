#!/usr/bin/python3
# Runs the arm64 differential streams (see diff-layout.ts) in Unicorn, the
# reference emulator, and writes the final registers, NZCV and the changed
# bytes of the data region. Usage: run-unicorn.py in.json out.json
# Needs Debian's python3-unicorn (for /usr/bin/python3).
import json
import sys

from unicorn import Uc, UC_ARCH_ARM64, UC_MODE_ARM
from unicorn.arm64_const import UC_ARM64_REG_X0, UC_ARM64_REG_SP, UC_ARM64_REG_NZCV, UC_ARM64_REG_PC

CODE_BASE = 0x100000
DATA_BASE = 0x200000
DATA_SIZE = 0x10000


def xorshift32(seed):
    s = (seed & 0xFFFFFFFF) or 1
    while True:
        s ^= (s << 13) & 0xFFFFFFFF
        s ^= s >> 17
        s ^= (s << 5) & 0xFFFFFFFF
        yield s


def data_fill(seed):
    r = xorshift32(seed ^ 0x5BD1E995)
    out = bytearray(DATA_SIZE)
    for i in range(0, DATA_SIZE, 4):
        v = next(r)
        out[i:i + 4] = v.to_bytes(4, 'little')
    return bytes(out)


def xreg(n):
    # X0..X28 are consecutive in unicorn's enum; X29/X30 are FP/LR.
    from unicorn.arm64_const import UC_ARM64_REG_X29, UC_ARM64_REG_X30
    if n == 29:
        return UC_ARM64_REG_X29
    if n == 30:
        return UC_ARM64_REG_X30
    return UC_ARM64_REG_X0 + n


def run(stream):
    code = bytes.fromhex(stream['code'])
    uc = Uc(UC_ARCH_ARM64, UC_MODE_ARM)
    uc.mem_map(CODE_BASE, 0x10000)
    uc.mem_map(DATA_BASE, DATA_SIZE)
    uc.mem_write(CODE_BASE, code)
    init = data_fill(stream['seed'])
    uc.mem_write(DATA_BASE, init)
    for i in range(31):
        uc.reg_write(xreg(i), int(stream['regs'][i], 16))
    uc.reg_write(UC_ARM64_REG_SP, int(stream['regs'][31], 16))
    uc.reg_write(UC_ARM64_REG_NZCV, stream['nzcv'] << 28)
    uc.emu_start(CODE_BASE, CODE_BASE + len(code), count=100000)
    pc = uc.reg_read(UC_ARM64_REG_PC)
    if pc != CODE_BASE + len(code):
        raise RuntimeError('%s: stopped at 0x%x' % (stream['name'], pc))
    regs = ['%016x' % uc.reg_read(xreg(i)) for i in range(31)]
    regs.append('%016x' % uc.reg_read(UC_ARM64_REG_SP))
    final = bytes(uc.mem_read(DATA_BASE, DATA_SIZE))
    mem = [[i, final[i]] for i in range(DATA_SIZE) if final[i] != init[i]]
    return {'regs': regs, 'nzcv': (uc.reg_read(UC_ARM64_REG_NZCV) >> 28) & 0xF, 'mem': mem}


def main():
    streams = json.load(open(sys.argv[1]))
    out = [run(s) for s in streams]
    json.dump(out, open(sys.argv[2], 'w'))


if __name__ == '__main__':
    main()
