/** Bytes in the unit a person reads at a glance: 812 B, 4.1 kB, 12.3 MB (powers of 1024). */
export function formatBytes(bytes: number): string {
  const sign = bytes < 0 ? '-' : '';
  let n = Math.abs(bytes);
  for (const unit of ['B', 'kB', 'MB', 'GB']) {
    if (n < 1024 || unit === 'GB') return `${sign}${unit === 'B' ? n.toFixed(0) : n.toFixed(1)} ${unit}`;
    n /= 1024;
  }
  return `${sign}${n.toFixed(1)} GB`;
}
