// Entry point of `npx xvisor`: dispatches to the sub-tools and the hypervisor.
export async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === 'dtc') {
    const { dtcMain } = await import('./dtc-cli.ts');
    return dtcMain(rest);
  }
  process.stderr.write('xvisor: the hypervisor front end is not built yet\n');
  return 1;
}
