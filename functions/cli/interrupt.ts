/**
 * SIGINT / SIGTERM during `run` and `backfill`: the first one aborts the returned signal (publishing
 * stops, running stages finish, Spark runs are killed, the summary says what is unfinished and how to
 * resume); a second one exits at once. Exit codes follow the shell's 128 + signal number.
 */
export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

export type StopSignal = keyof typeof SIGNAL_EXIT_CODES;

export interface Interrupt {
  signal: AbortSignal;
  /** The first signal received, if any. */
  received(): StopSignal | undefined;
  /** Removes the handlers (the default behaviour, exiting at once, applies again). */
  dispose(): void;
}

export function onInterrupt(
  notice: (line: string) => void,
  proc: Pick<NodeJS.Process, 'on' | 'off' | 'exit'> = process,
): Interrupt {
  const controller = new AbortController();
  let first: StopSignal | undefined;
  const handler = (sig: StopSignal) => {
    if (first) {
      notice(`pipeline: ${sig} again: exiting now; rerun the same command to resume`);
      proc.exit(SIGNAL_EXIT_CODES[sig]);
      return;
    }
    first = sig;
    notice(
      `pipeline: ${sig}: no more slots are published; running stages finish, Spark runs are stopped (${sig === 'SIGINT' ? 'Ctrl-C' : 'a second signal'} again exits at once)`,
    );
    controller.abort(sig);
  };
  const onInt = () => handler('SIGINT');
  const onTerm = () => handler('SIGTERM');
  proc.on('SIGINT', onInt);
  proc.on('SIGTERM', onTerm);
  return {
    signal: controller.signal,
    received: () => first,
    dispose: () => {
      proc.off('SIGINT', onInt);
      proc.off('SIGTERM', onTerm);
    },
  };
}

/** The command line that resumes a window: the same command, source, window and state folder. */
export function resumeCommand(
  command: 'run' | 'backfill',
  o: { source: string; from: string; to: string; root: string; yes?: boolean },
): string {
  const quote = (v: string) => (/^[\w.:+\-/=@]+$/.test(v) ? v : `'${v.replaceAll("'", "'\\''")}'`);
  return [
    'pipeline',
    command,
    '--source',
    o.source,
    '--from',
    quote(o.from),
    '--to',
    quote(o.to),
    ...(o.root !== '.pipeline' ? ['--root', quote(o.root)] : []),
    ...(o.yes ? ['--yes'] : []),
  ].join(' ');
}
