#!/usr/bin/python3
# Records, for random instruction words of each A64 encoding class, whether
# Unicorn (python3-unicorn, the reference) executes them or raises an
# exception (UNDEFINED, or an exception-generating/system instruction).
# Writes testdata/decode-fuzz.json, which decode-fuzz.test.ts replays
# against the decoder. Usage: /usr/bin/python3 gen-decode-fuzz.py
import json
import os
import random

from unicorn import Uc, UcError, UC_ARCH_ARM64, UC_MODE_ARM, UC_ERR_EXCEPTION, UC_ERR_INSN_INVALID
from unicorn.arm64_const import UC_ARM64_REG_X0, UC_ARM64_REG_SP

CLASSES = {
    # name: (mask of fixed bits, value of fixed bits), bits 28:25 per the A64 encoding index
    'dp-imm': (0x7 << 26, 0x4 << 26),
    'dp-reg': (0x7 << 25, 0x5 << 25),
    'load-store': (0x5 << 25, 0x4 << 25),
    'branch-system': (0x7 << 26, 0x5 << 26),
}
PER_CLASS = 2000


def verdict(word):
    uc = Uc(UC_ARCH_ARM64, UC_MODE_ARM)
    uc.mem_map(0x0, 0x400000)
    uc.mem_write(0x100000, word.to_bytes(4, 'little'))
    for reg in range(UC_ARM64_REG_X0, UC_ARM64_REG_X0 + 29):
        uc.reg_write(reg, 0x200000)
    uc.reg_write(UC_ARM64_REG_SP, 0x200000)
    try:
        uc.emu_start(0x100000, 0x100004, count=1)
        return 1
    except UcError as e:
        return 0 if e.errno in (UC_ERR_INSN_INVALID, UC_ERR_EXCEPTION) else 1


def main():
    rnd = random.Random(20261122)
    out = {}
    for name, (mask, value) in CLASSES.items():
        words = []
        for _ in range(PER_CLASS):
            w = (rnd.getrandbits(32) & ~mask) | value
            words.append([w, verdict(w)])
        out[name] = words
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, '..', 'testdata', 'decode-fuzz.json'), 'w') as f:
        json.dump({'generator': 'arch/arm/cpu/arm64/testing/gen-decode-fuzz.py (Unicorn 2)', 'classes': out}, f)
        f.write('\n')


if __name__ == '__main__':
    main()
