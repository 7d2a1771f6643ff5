// Peak RSS of this process, for the benchmarks that run work in a fresh process. Imported for
// `peakMiB()`, or preloaded (`node --import bench/peak-rss.mjs ...`) with PEAK_RSS_REPORT=1 to print
// `PEAK_RSS_MIB=<n>` on stderr as the process exits.
import { readFileSync } from 'node:fs';

/**
 * This process's peak RSS in MiB. On Linux, VmHWM of /proc/self/status: getrusage's maxrss (what
 * process.resourceUsage() reports) survives exec, so a child spawned by a large benchmark process
 * would report its parent's peak at the fork.
 */
export function peakMiB() {
  try {
    const kb = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb) return Number(kb) / 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS / 1024;
}

if (process.env.PEAK_RSS_REPORT === '1')
  process.on('exit', () => process.stderr.write(`\nPEAK_RSS_MIB=${peakMiB().toFixed(1)}\n`));
