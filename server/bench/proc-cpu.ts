import { readdir, readFile } from "node:fs/promises";

// CPU time spent by processes, read from /proc (Linux): user + system, in milliseconds.
// Throughput depends on what else the machine is doing; CPU time per event much less so,
// which makes it the figure to compare between runs on a busy machine.

const TICKS_PER_SECOND = 100;

interface ProcStat {
  ppid: number;
  /** utime + stime of the process itself. */
  own: number;
  /** cutime + cstime: children that have exited and were reaped. */
  reaped: number;
}

async function stat(pid: number): Promise<ProcStat | null> {
  try {
    const text = await readFile(`/proc/${pid}/stat`, "utf8");
    // The command name may hold spaces; the fields after its closing parenthesis do not.
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    const n = (i: number) => Number(fields[i]);
    return { ppid: n(1), own: n(11) + n(12), reaped: n(13) + n(14) };
  } catch {
    return null;
  }
}

/** Milliseconds of CPU used so far by one process (threads included). */
export async function processCpuMs(pid: number): Promise<number> {
  const s = await stat(pid);
  return s ? (s.own * 1000) / TICKS_PER_SECOND : 0;
}

/** Milliseconds of CPU used so far by a process and all its children, live or exited. */
export async function processTreeCpuMs(pid: number): Promise<number> {
  const root = await stat(pid);
  if (!root) return 0;
  let ticks = root.own + root.reaped;
  for (const entry of await readdir("/proc")) {
    const child = Number(entry);
    if (!Number.isInteger(child) || child === pid) continue;
    const s = await stat(child);
    if (s?.ppid === pid) ticks += s.own;
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}
