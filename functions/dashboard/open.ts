/** `pipeline dashboard --open`: hands the index page to the desktop's opener, never waiting on it. */
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';

export function openInBrowser(file: string, say: (line: string) => void): void {
  const url = pathToFileURL(file).href;
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '', url]]
        : ['xdg-open', [url]];
  const child = spawn(command, args, { detached: true, stdio: 'ignore' });
  child.on('error', () => say(`could not start ${command}; open ${url} yourself`));
  child.unref();
}
