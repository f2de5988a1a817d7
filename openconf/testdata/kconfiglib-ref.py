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

kconfig, out_config, out_min = sys.argv[1:4]
kconf = kconfiglib.Kconfig(kconfig, warn_to_stderr=False)
if len(sys.argv) > 4:
    kconf.load_config(sys.argv[4])
header = "# Automatically generated file; DO NOT EDIT.\n# {}\n".format(kconf.mainmenu_text)
kconf.write_config(out_config, header=header, save_old=False)
kconf.write_min_config(out_min, header="")
