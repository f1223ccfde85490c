/** Resident memory of a process, from /proc (Linux), in MB. */
import { readFileSync } from "node:fs";

export function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** The machine's 1-minute load average and core count, for the noise note beside every table. */
export function loadAverage(): string {
  try {
    const [one, five] = readFileSync("/proc/loadavg", "utf8").split(" ");
    return `${one} (1 min), ${five} (5 min)`;
  } catch {
    return "unknown";
  }
}
