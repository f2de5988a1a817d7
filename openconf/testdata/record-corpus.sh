#!/bin/bash
# Records Kconfiglib's outputs for every corpus case as fixtures, so the
# differential test also runs where Kconfiglib is not installed.
#   corpus/<case>/Kconfig        root file (may source others)
#   corpus/<case>/input.config   optional .config loaded before writing
#   corpus/<case>/env            optional KEY=VALUE lines for the environment
#   corpus/<case>/expected.config, expected.min   written here
# usage: bash openconf/testdata/record-corpus.sh [case...]
set -e
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/corpus"
cases=${*:-$(ls)}
for c in $cases; do
  (
    cd "$c"
    vars=()
    if [ -f env ]; then mapfile -t vars < env; fi
    input=""
    if [ -f input.config ]; then input=input.config; fi
    env -i PATH="$PATH" srctree=. "${vars[@]}" /usr/bin/python3 "$here/kconfiglib-ref.py" Kconfig expected.config expected.min $input
  ) || { echo "record-corpus: $c failed" >&2; exit 1; }
  echo "recorded $c"
done
