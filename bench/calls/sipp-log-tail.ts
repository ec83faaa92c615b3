/**
 * Follows a SIPp -trace_logs file while SIPp runs (it writes each <log> line at once): complete lines
 * appended since the last look, polled every few milliseconds.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';

export class LogTail {
  private offset = 0;
  private partial = '';
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly file: string,
    private readonly onLine: (line: string) => void,
    intervalMs = 20,
  ) {
    this.timer = setInterval(() => this.read(), intervalMs);
  }

  /** Reads what is left and stops. */
  close(): void {
    clearInterval(this.timer);
    this.read();
  }

  private read(): void {
    let size: number;
    try {
      size = statSync(this.file).size;
    } catch {
      return; // Not created yet.
    }
    if (size <= this.offset) return;
    const buffer = Buffer.alloc(size - this.offset);
    const fd = openSync(this.file, 'r');
    try {
      this.offset += readSync(fd, buffer, 0, buffer.length, this.offset);
    } finally {
      closeSync(fd);
    }
    const lines = (this.partial + buffer.toString('utf8')).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.onLine(line);
  }
}
