// The vsdaemon `telnet` transport: serves a guest vserial on a loopback
// telnet port (drivers/telnet/vserial-telnet.ts). Port 0 picks a free one;
// the chosen port is shown by `vsdaemon create` and `vsdaemon list`.

import { CmdError, CmdUsageError, parseNumber } from '../cmd/command.ts';
import type { VsdaemonTransport } from '../cmd/context.ts';
import { VserialTelnet } from '../../drivers/telnet/vserial-telnet.ts';

export const telnetTransport: VsdaemonTransport = {
  name: 'telnet',
  desc: 'serve the vserial on a telnet port of 127.0.0.1',
  args: '<port>',
  async start(_daemon, vs, args) {
    if (args.length !== 1) throw new CmdUsageError(args.length === 0 ? 'missing port' : 'too many arguments');
    const port = parseNumber(args[0], 'port');
    if (port > 65535) throw new CmdUsageError(`port ${port} is not in 0..65535`);
    let t: VserialTelnet;
    try {
      t = await VserialTelnet.start(vs, port);
    } catch (e) {
      throw new CmdError((e as Error).message);
    }
    return {
      get info() {
        return `telnet 127.0.0.1:${t.port}, ${t.clientCount} client${t.clientCount === 1 ? '' : 's'}`;
      },
      stop: () => t.stop(),
    };
  },
};
