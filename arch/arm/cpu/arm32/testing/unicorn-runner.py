#!/usr/bin/python3
# Runs differential-test cases on Unicorn (Debian python3-unicorn) and prints
# the final state as JSON. Input (stdin): {"cpu": "CORTEX_A15", "cases": [...]}
# with code (hex), thumb, regs, cpsr, data (hex); see diff-layout.ts.
import json, sys
from unicorn import Uc, UcError, UC_ARCH_ARM, UC_MODE_ARM, UC_MODE_THUMB
import unicorn.arm_const as A

CODE_BASE = 0x10000
DATA_BASE = 0x80000
REGS = [A.UC_ARM_REG_R0 + i for i in range(13)] + [A.UC_ARM_REG_SP, A.UC_ARM_REG_LR]

def run(cpu, c):
    mu = Uc(UC_ARCH_ARM, UC_MODE_THUMB if c["thumb"] else UC_MODE_ARM)
    mu.ctl_set_cpu_model(getattr(A, "UC_CPU_ARM_" + cpu))
    mu.mem_map(CODE_BASE, 0x10000)
    mu.mem_map(DATA_BASE, 0x1000)
    code = bytes.fromhex(c["code"])
    mu.mem_write(CODE_BASE, code)
    data = bytes.fromhex(c["data"])
    mu.mem_write(DATA_BASE, data)
    mu.reg_write(A.UC_ARM_REG_CPSR, c["cpsr"] & 0xffffffdf)
    for r, v in zip(REGS, c["regs"]):
        mu.reg_write(r, v & 0xffffffff)
    start = CODE_BASE | (1 if c["thumb"] else 0)
    try:
        mu.emu_start(start, CODE_BASE + len(code), count=1000)
    except UcError as e:
        return {"error": str(e)}
    pc = mu.reg_read(A.UC_ARM_REG_PC)
    if pc != CODE_BASE + len(code):
        return {"error": "stopped at 0x%x" % pc}
    out = [mu.reg_read(r) for r in REGS]
    cpsr = mu.reg_read(A.UC_ARM_REG_CPSR)
    mem = mu.mem_read(DATA_BASE, 0x1000)
    changed = [[i, mem[i]] for i in range(0x1000) if mem[i] != data[i]]
    return {"regs": out, "flags": cpsr & 0xf80f0000, "mem": changed}

req = json.load(sys.stdin)
print(json.dumps([run(req["cpu"], c) for c in req["cases"]]))
