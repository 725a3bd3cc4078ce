// Vitest setup file of every test file: the library's log lines go to a LogCapture rather than
// the console, so a green run prints no ERROR lines; a failing test prints those it caused.
import { beforeEach } from 'vitest';
import { LogCapture } from './log-capture.js';

const capture = LogCapture.install();

beforeEach(({ onTestFailed }) => {
  const from = capture.lines.length;
  onTestFailed(() => capture.print(from));
});
