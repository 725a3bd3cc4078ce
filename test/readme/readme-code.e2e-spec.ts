import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { codeBlocks, type CodeBlock } from './markdown-code-blocks.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Inside the repository, so that `nestjs-single-session` resolves to the built package (`dist/`) and the rest to `node_modules`. */
const OUT = join(ROOT, '.tmp/readme-code');
/** The strict settings of a Nest 12 app as its CLI makes it: the consumer test's. */
const TSCONFIG = join(ROOT, 'test/package/consumer-app/nest12-esm/tsconfig.json');
/** A block whose first line is `// some/path.ts` is that file, which other blocks may import. */
const FILE_NAME = /^\/\/ ([\w./-]+\.ts)$/;

/** A README block as a file of the compiled project. */
interface BlockFile extends CodeBlock {
  file: string;
}

/** The README's TypeScript blocks, each named by its first line or else by the line it starts on. */
function typeScriptFiles(blocks: CodeBlock[]): BlockFile[] {
  return blocks
    .filter((block) => block.language === 'ts' || block.language === 'typescript')
    .map((block) => ({ ...block, file: FILE_NAME.exec(block.code.split('\n')[0])?.[1] ?? `readme-line-${block.line}.ts` }));
}

/**
 * Compiler options of `TSCONFIG`, checking only, with `skipLibCheck` back on as in the template:
 * the package's declarations are checked with it off by the consumer test, and checking every
 * library the README imports would take four times as long.
 */
function strictNestOptions(): ts.CompilerOptions {
  const { config, error } = ts.readConfigFile(TSCONFIG, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, OUT);
  return { ...options, noEmit: true, incremental: false, rootDir: undefined, outDir: undefined, skipLibCheck: true };
}

/** `README.md:<line>: <message>` for each diagnostic, located in the README where it can be. */
function located(diagnostics: readonly ts.Diagnostic[], files: BlockFile[]): string[] {
  return diagnostics.map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    const block = files.find((file) => diagnostic.file?.fileName === join(OUT, file.file));
    if (!diagnostic.file || diagnostic.start === undefined) return message;
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    return block ? `README.md:${block.line + line}: ${message}` : `${diagnostic.file.fileName}:${line + 1}: ${message}`;
  });
}

describe('the TypeScript in README.md', () => {
  it('is complete code: every ts block, as its own file, type-checks against the built package under strict Nest settings', async () => {
    if (!(await stat(join(ROOT, 'dist/index.d.ts')).catch(() => undefined))) throw new Error("No dist/: run 'npm run build' first.");
    const files = typeScriptFiles(codeBlocks(await readFile(join(ROOT, 'README.md'), 'utf8')));
    expect(files.length).toBeGreaterThanOrEqual(10);
    const names = files.map((file) => file.file);
    expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([]);

    await rm(OUT, { recursive: true, force: true });
    for (const file of files) {
      await mkdir(dirname(join(OUT, file.file)), { recursive: true });
      await writeFile(join(OUT, file.file), file.code);
    }
    const program = ts.createProgram(
      files.map((file) => join(OUT, file.file)),
      strictNestOptions(),
    );
    expect(located(ts.getPreEmitDiagnostics(program), files)).toEqual([]);
  });
});
