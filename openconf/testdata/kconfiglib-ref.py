#!/usr/bin/python3
# Reference outputs from Kconfiglib (Debian's python3-kconfiglib) for the
# openconf differential tests.
#
# usage: kconfiglib-ref.py <Kconfig> <out .config> <out min config> [input .config]
# Run with the case directory as the working directory and as $srctree.
# Exit status 3 when kconfiglib cannot be imported (the test then skips).
import sys

try:
    import kconfiglib
except ImportError:
    sys.exit(3)



def run(kconfig, out_config, out_min, config=None, ops=None):
    kconf = kconfiglib.Kconfig(kconfig, warn_to_stderr=False)
    if config:
        kconf.load_config(config)
    if ops:
        # "NAME VALUE" lines: user assignments after loading, then the
        # assignable values of every bool/tristate symbol and choice.
        for line in open(ops).read().splitlines():
            name, _, value = line.partition(" ")
            kconf.syms[name].set_value(value)
        with open("assignable.txt", "w") as f:
            for sym in kconf.unique_defined_syms:
                f.write("{} {}\n".format(sym.name, ",".join(map(str, sym.assignable))))
            for i, choice in enumerate(kconf.unique_choices):
                f.write("<choice{}> {}\n".format(i, ",".join(map(str, choice.assignable))))
    header = "# Automatically generated file; DO NOT EDIT.\n# {}\n".format(kconf.mainmenu_text)
    kconf.write_config(out_config, header=header, save_old=False)
    kconf.write_min_config(out_min, header="")


if sys.argv[1] == "--batch":
    # Each line of the list file names a directory holding Kconfig and
    # input.config; results go to expected.config/expected.min there, or
    # error.txt when Kconfiglib rejects the Kconfig.
    import os
    for d in open(sys.argv[2]).read().split():
        os.chdir(d)
        try:
            run("Kconfig", "expected.config", "expected.min", "input.config",
                "ops.txt" if os.path.exists("ops.txt") else None)
        except kconfiglib.KconfigError as e:
            open("error.txt", "w").write(str(e))
        except RecursionError:
            # Kconfiglib misses some loops through choice defaults and then
            # recurses forever; such cases say nothing about openconf.
            open("crash.txt", "w").write("RecursionError")
else:
    run(*sys.argv[1:5])
