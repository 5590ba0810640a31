import { readFile, readdir } from 'node:fs/promises';

/** One reading of a process and of the kernel's TCP accounting. */
export interface Sample {
  /** Milliseconds since the sampler started. */
  readonly atMs: number;
  /** Resident set size of the process, bytes. */
  readonly rssBytes: number;
  /** CPU time (user + system) of the process since it started, seconds. */
  readonly cpuSeconds: number;
  /** Open file descriptors of the process (its sockets, mostly). */
  readonly fds: number;
  /** TCP sockets in use on the machine (both ends of a loopback connection count). */
  readonly tcpInUse: number;
  /** Kernel TCP memory: buffer pages (sockstat `mem`) plus the TCP socket slabs, bytes. */
  readonly kernelTcpBytes: number;
}

const PAGE = 4096;
const CLOCK_TICKS = 100;
/** Slab caches that grow with every TCP connection (struct tcp_sock, its inode, its file). */
const SOCKET_SLABS = ['TCP', 'sock_inode_cache', 'tcp_bind_bucket', 'filp', 'eventpoll_epi'];

/** Reads /proc for `pid`; undefined when the process is gone. */
export async function sampleProcess(pid: number, atMs: number): Promise<Sample | undefined> {
  let status: string;
  let stat: string;
  let fds: number;
  try {
    [status, stat, fds] = await Promise.all([
      readFile(`/proc/${pid}/status`, 'utf8'),
      readFile(`/proc/${pid}/stat`, 'utf8'),
      readdir(`/proc/${pid}/fd`).then((entries) => entries.length),
    ]);
  } catch {
    return undefined;
  }
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  // Fields after the command name (which may contain spaces): utime is the 14th field overall.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
  const { tcpInUse, kernelTcpBytes } = await kernelTcp();
  return {
    atMs,
    rssBytes: rssKb * 1024,
    cpuSeconds: ticks / CLOCK_TICKS,
    fds,
    tcpInUse,
    kernelTcpBytes,
  };
}

/** TCP sockets in use and the kernel memory they hold (sockstat pages + socket slabs). */
export async function kernelTcp(): Promise<{ tcpInUse: number; kernelTcpBytes: number }> {
  const sockstat = await readFile('/proc/net/sockstat', 'utf8').catch(() => '');
  const tcp = /TCP: inuse (\d+).* mem (\d+)/.exec(sockstat);
  let slabBytes = 0;
  const slabinfo = await readFile('/proc/slabinfo', 'utf8').catch(() => '');
  for (const line of slabinfo.split('\n')) {
    const [name, active, , objSize] = line.split(/\s+/);
    if (name !== undefined && SOCKET_SLABS.includes(name))
      slabBytes += Number(active) * Number(objSize);
  }
  return {
    tcpInUse: Number(tcp?.[1] ?? 0),
    kernelTcpBytes: Number(tcp?.[2] ?? 0) * PAGE + slabBytes,
  };
}

/**
 * Samples a process every `intervalMs` until stopped; keeps every sample (a run of an hour at
 * 2 s is 1,800 small objects).
 */
export class ProcessSampler {
  readonly samples: Sample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly started = Date.now();

  constructor(
    private readonly pid: () => number | undefined,
    private readonly intervalMs = 1000,
  ) {}

  start(): this {
    const tick = async () => {
      const pid = this.pid();
      if (pid !== undefined) {
        const sample = await sampleProcess(pid, Date.now() - this.started);
        if (sample) this.samples.push(sample);
      }
    };
    void tick();
    this.timer = setInterval(() => void tick(), this.intervalMs);
    return this;
  }

  stop(): Sample[] {
    clearInterval(this.timer);
    return this.samples;
  }

  /** The latest sample, if any. */
  get last(): Sample | undefined {
    return this.samples.at(-1);
  }
}

/** Average CPU use (1.0 = one core) between two samples of the same process. */
export function cpuCores(from: Sample, to: Sample): number {
  const seconds = (to.atMs - from.atMs) / 1000;
  return seconds > 0 ? (to.cpuSeconds - from.cpuSeconds) / seconds : 0;
}
