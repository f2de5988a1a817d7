// Reads the symbol values of a .config that the build driver has written
// itself (already validated by openconf), for deciding what to build.

export function parseDotConfigValues(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const unset = /^# (CONFIG_[A-Za-z0-9_]+) is not set$/.exec(line);
    if (unset) {
      values.set(unset[1]!, 'n');
      continue;
    }
    const set = /^(CONFIG_[A-Za-z0-9_]+)=(.*)$/.exec(line);
    if (set) {
      let v = set[2]!;
      if (v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1).replace(/\\(["\\])/g, '$1');
      values.set(set[1]!, v);
    }
  }
  return values;
}
