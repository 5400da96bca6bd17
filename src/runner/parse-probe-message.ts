import type { IpcProbeMessage } from '../protocol/probe-messages.ts';

/**
 * Checks a message that arrived on the probe's IPC channel. The learner's program shares that
 * channel (it can call `process.send` itself), so nothing on it is trusted: a message of the
 * wrong shape is dropped (null), and the runner checks meaning (e.g. which snapshot it asked for).
 */
export function parseProbeMessage(raw: unknown): IpcProbeMessage | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const m = raw as Record<string, unknown>;
  const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  const text = (v: unknown): v is string => typeof v === 'string' && v.length < 4096;
  switch (m.type) {
    case 'hello':
      return num(m.pid) && text(m.nodeVersion) && num(m.heapLimitBytes) && num(m.startedAtEpochMs) ? (m as IpcProbeMessage) : null;
    case 'sample': {
      const s = m.sample as Record<string, unknown> | null;
      const ok = typeof s === 'object' && s !== null && num(m.activeHandles)
        && num(s.atMs) && num(s.heapUsedBytes) && num(s.heapTotalBytes) && num(s.rssBytes) && num(s.externalBytes) && num(s.arrayBuffersBytes);
      return ok ? (m as IpcProbeMessage) : null;
    }
    case 'floor': {
      const f = m.floor as Record<string, unknown> | null;
      const ok = typeof f === 'object' && f !== null && num(f.atMs) && num(f.heapUsedBytes) && num(f.externalBytes) && num(f.arrayBuffersBytes) && typeof f.isForced === 'boolean';
      return ok ? (m as IpcProbeMessage) : null;
    }
    case 'snapshot-written':
      return text(m.requestId) && text(m.file) && num(m.sizeBytes) && num(m.atMs) && num(m.heapUsedBytes) ? (m as IpcProbeMessage) : null;
    case 'snapshot-refused':
      return text(m.requestId) && text(m.reason) ? (m as IpcProbeMessage) : null;
    case 'failed':
      return text(m.message) ? (m as IpcProbeMessage) : null;
    case 'listening': {
      // Only the port is kept: the load always goes to the loopback, whatever else the message says.
      const port = m.port;
      return typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535 ? { type: 'listening', port } : null;
    }
    default:
      return null;
  }
}
