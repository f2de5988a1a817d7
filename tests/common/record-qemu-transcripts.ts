// Re-records the committed QEMU transcripts of the basic firmware:
//   npx tsx tests/common/record-qemu-transcripts.ts [board...]
// Each goes to tests/<cpu>/<board>/testdata/qemu-transcript*.txt.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from '../build-guests.ts';
import { QEMU_BOARDS, haveQemu, recordQemuTranscript, transcriptCommands, transcriptPath } from './qemu-transcript.ts';

async function main(names: string[]): Promise<number> {
  const boards = names.length ? QEMU_BOARDS.filter((b) => names.includes(b.name)) : QEMU_BOARDS;
  if (names.length && boards.length !== names.length) {
    console.error(`unknown board among: ${names.join(', ')}`);
    return 2;
  }
  for (const b of boards) {
    if (!haveQemu(b)) {
      console.error(`${b.name}: ${b.qemu} not found, skipped`);
      continue;
    }
    const text = await recordQemuTranscript(b.name, transcriptCommands(b.board));
    const path = join(REPO_ROOT, transcriptPath(b));
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
    console.log(`${b.name}: ${text.split('\n').length} lines -> ${transcriptPath(b)}`);
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
