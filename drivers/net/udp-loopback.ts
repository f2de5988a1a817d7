// Bridges a switch's host port to a UDP socket bound to 127.0.0.1, one
// Ethernet frame per datagram (the framing of QEMU's `-netdev socket,udp=`
// and `-netdev dgram`), so that tools on this host can exchange frames with
// the guests. Loopback only: the socket never binds another address, and
// datagrams from other addresses are ignored.

import * as dgram from 'node:dgram';
import type { NetPort } from '../../core/devemu/host-services.ts';

export class UdpLoopback {
  private readonly sock: dgram.Socket;
  received = 0;
  ignored = 0;

  private constructor(private readonly port: NetPort) {
    this.sock = dgram.createSocket('udp4');
  }

  /** Binds 127.0.0.1:localPort (0 = any free port) and sends frames to 127.0.0.1:remotePort. */
  static async open(port: NetPort, localPort: number, remotePort: number): Promise<UdpLoopback> {
    const u = new UdpLoopback(port);
    await new Promise<void>((resolve, reject) => {
      u.sock.once('error', reject);
      u.sock.bind(localPort, '127.0.0.1', () => {
        u.sock.off('error', reject);
        resolve();
      });
    });
    u.sock.on('error', () => {});
    u.sock.on('message', (msg, rinfo) => {
      if (rinfo.address !== '127.0.0.1') {
        u.ignored++;
        return;
      }
      u.received++;
      port.send(new Uint8Array(msg.buffer, msg.byteOffset, msg.length));
    });
    port.setReceiver((frame) => u.sock.send(frame, remotePort, '127.0.0.1'));
    return u;
  }

  get localPort(): number {
    return this.sock.address().port;
  }

  close(): void {
    this.port.close();
    this.sock.close();
  }
}
