#!/bin/sh
# Builds the system test programs with Debian's arm-none-eabi binutils.
# Usage: build.sh <name> <march> <outdir>
set -e
here=$(dirname "$0")
tmp=$(mktemp -d)
arm-none-eabi-as -march="$2" -I "$here" -o "$tmp/$1.o" "$here/$1.S"
arm-none-eabi-ld -T "$here/link.ld" -o "$tmp/$1.elf" "$tmp/$1.o"
arm-none-eabi-objcopy -O binary "$tmp/$1.elf" "$3/$1.bin"
rm -rf "$tmp"
