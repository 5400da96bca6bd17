/** Decimal units (kB = 1000 bytes), as the learner's chart labels them. */
export function formatBytes(bytes: number): string {
  const magnitude = Math.abs(bytes);
  if (magnitude >= 1e9) return `${trim(bytes / 1e9)} GB`;
  if (magnitude >= 1e6) return `${trim(bytes / 1e6)} MB`;
  if (magnitude >= 1e3) return `${trim(bytes / 1e3)} kB`;
  return `${Math.round(bytes)} B`;
}

/** A rate of the figure's unit per second: "1.2 MB/s" or "180 handles/s". */
export function formatRate(perSec: number, unit: 'bytes' | 'handles'): string {
  return unit === 'bytes' ? `${formatBytes(perSec)}/s` : `${trim(perSec)} handles/s`;
}

/** An amount of the figure's unit: "4.1 kB" or "0.9 handles". */
export function formatAmount(amount: number, unit: 'bytes' | 'handles'): string {
  return unit === 'bytes' ? formatBytes(amount) : `${trim(amount)} handles`;
}

export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Whole numbers from 10 up, one decimal below: 1.2, 12, 120. */
function trim(value: number): string {
  if (Math.abs(value) >= 10) return String(Math.round(value));
  return value.toFixed(1);
}
