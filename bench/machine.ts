/** A description of the machine a benchmark ran on, for the table's header. */
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

/** CPU, cores, memory, WebGL renderer (as the app reports it), OS, Node and browser. */
export function describeMachine(browserVersion: string, gpu: string): Record<string, string> {
  const cpu = cpus();
  let os: string = process.platform;
  try {
    os = /PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? os;
  } catch {
    // Not Linux: the platform name will do.
  }
  const flags = (() => {
    try {
      const line = /^flags\s*:(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? '';
      return ['avx512f', 'avx2', 'fma', 'sse4_2'].filter((f) => line.split(' ').includes(f));
    } catch {
      return [];
    }
  })();
  return {
    CPU: `${cpu[0]?.model.trim() ?? 'unknown'}${flags.length ? ` (${flags.join(', ')})` : ''}`,
    Cores: String(cpu.length),
    Memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
    'WebGL renderer': gpu,
    OS: os,
    Node: process.version,
    Browser: `Chromium ${browserVersion} (headless, Debian package)`,
  };
}
