import { ConsoleLogger, Logger, type LoggerService } from '@nestjs/common';

/** Nest's logger context of the library's messages. */
const LIBRARY_CONTEXT = 'SingleSession';

/** One line the library logged. */
export interface LoggedLine {
  level: 'error' | 'warn' | 'log';
  message: string;
}

/** The capture of this test file, once `install()` ran (the setup file does it). */
let installed: LogCapture | undefined;

/**
 * The logger of every Nest app in the test process. It keeps the library's own errors and
 * warnings (`[SingleSession]`: the tests provoke them on purpose) off the console, for tests to
 * assert and for a failing test to print, and prints everything else as Nest's console logger
 * would (errors and warnings: the level the tests' apps run at).
 */
export class LogCapture implements LoggerService {
  /** The library's lines (errors, warnings, and the `log` lines of a dry run), in order. */
  readonly lines: LoggedLine[] = [];
  private readonly console = new ConsoleLogger({ logLevels: ['error', 'warn'] });

  /** Makes a new capture the logger of every Nest app of this process. */
  static install(): LogCapture {
    installed = new LogCapture();
    Logger.overrideLogger(installed);
    return installed;
  }

  /** The capture installed for this test file. */
  static current(): LogCapture {
    if (!installed) throw new Error('No LogCapture is installed: vitest.config.ts runs test/support/quiet-library-logs.ts first.');
    return installed;
  }

  error(message: unknown, ...rest: unknown[]): void {
    this.record('error', message, rest);
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.record('warn', message, rest);
  }

  /** Keeps the library's `log` lines (a dry run's decisions); drops the app's, as the tests' apps log at 'error' and 'warn'. */
  log(message: unknown, ...rest: unknown[]): void {
    if (rest.at(-1) === LIBRARY_CONTEXT) this.lines.push({ level: 'log', message: String(message) });
  }

  /** Whether the library logged an error or a warning matching `pattern`. */
  logged(pattern: RegExp): boolean {
    return this.lines.some((line) => pattern.test(line.message));
  }

  /** Prints the library's lines captured from index `from` on, to standard error. */
  print(from = 0): void {
    const lines = this.lines.slice(from);
    if (lines.length === 0) return;
    const text = lines.map(({ level, message }) => `  ${level.toUpperCase()} [${LIBRARY_CONTEXT}] ${message}`).join('\n');
    process.stderr.write(`The library logged, during the failed test:\n${text}\n`);
  }

  private record(level: LoggedLine['level'], message: unknown, rest: unknown[]): void {
    if (rest.at(-1) === LIBRARY_CONTEXT) this.lines.push({ level, message: String(message) });
    else this.console[level](message, ...rest);
  }
}
