/** Resident memory and CPU time of a process, from /proc (Linux). */
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

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ): 100 on Linux builds in practice. */
const TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system, all threads) a process has used so far, in ms. Per request, it is the
 * figure least disturbed by other work on a shared machine: waiting for a core costs wall time,
 * not CPU time.
 */
export function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return ((utime + stime) / TICKS_PER_SECOND) * 1000;
  } catch {
    return Number.NaN;
  }
}

/** Read and write system calls (read, readv, write, writev...) a process has made so far. */
export function ioSyscalls(pid: number): number {
  try {
    const io = readFileSync(`/proc/${pid}/io`, "utf8");
    const r = /^syscr:\s+(\d+)/m.exec(io);
    const w = /^syscw:\s+(\d+)/m.exec(io);
    return r && w ? Number(r[1]) + Number(w[1]) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}
