import type { IncomingMessage } from 'node:http';

/**
 * Who may talk to the local runner: only pages it served itself. A request whose Host is not
 * one of the runner's own names is refused (DNS rebinding); an API or WebSocket request whose
 * Origin is missing or foreign is refused (any other web page the user has open).
 */
export class RequestGuard {
  private readonly hosts: Set<string>;

  constructor(port: number) {
    this.hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  }

  isOwnHost(req: IncomingMessage): boolean {
    return this.hosts.has(req.headers.host ?? '');
  }

  isOwnOrigin(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    if (!origin) return false;
    try {
      const url = new URL(origin);
      return url.protocol === 'http:' && this.hosts.has(url.host);
    } catch {
      return false; // not a URL at all: certainly not ours
    }
  }
}
