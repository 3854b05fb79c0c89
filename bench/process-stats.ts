/** Resident memory of a process, from /proc (Linux). */
import { readFileSync } from 'node:fs';

export function rssMegabytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (match === null) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]) / 1024;
}

/** Least-squares slope of y over x. */
export function slope(points: Array<[number, number]>): number {
  const n = points.length;
  if (n < 2) return Number.NaN;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / n;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / n;
  let numerator = 0;
  let denominator = 0;
  for (const [x, y] of points) {
    numerator += (x - meanX) * (y - meanY);
    denominator += (x - meanX) ** 2;
  }
  return denominator === 0 ? Number.NaN : numerator / denominator;
}

/** CPU time (user + system) a process has used so far, in milliseconds, from /proc (Linux). */
export function cpuMilliseconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  // USER_HZ is 100 on every Linux this runs on.
  return ticks * 10;
}

/**
 * Bytes a benchmark gateway has allocated so far: it runs bench/alloc-probe.mjs, which answers
 * SIGUSR2 by writing its running total to `file`.
 */
export async function allocatedBytes(pid: number, file: string): Promise<number> {
  const read = (): { sequence: number; allocatedBytes: number } | undefined => {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as { sequence: number; allocatedBytes: number };
    } catch {
      return undefined; // not written yet, or being written
    }
  };
  const before = read()?.sequence ?? 0;
  process.kill(pid, 'SIGUSR2');
  for (let waited = 0; waited < 5000; waited += 10) {
    const now = read();
    if (now !== undefined && now.sequence > before) return now.allocatedBytes;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`the gateway's allocation probe did not answer (${file})`);
}
