/** One fenced code block of a Markdown file. */
export interface CodeBlock {
  /** The fence's language tag (`ts`, `bash`, …), `''` if none. */
  language: string;
  /** Line of the Markdown file on which the code starts (1-based). */
  line: number;
  /** The code, without the fences. */
  code: string;
}

const FENCE = /^```(\S*)\s*$/;

/** Every fenced (```) code block of `markdown`, in order; an unclosed fence is an error. */
export function codeBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  let open: { language: string; line: number; lines: string[] } | undefined;
  markdown.split('\n').forEach((text, index) => {
    const fence = FENCE.exec(text);
    if (!open) {
      if (fence) open = { language: fence[1], line: index + 2, lines: [] };
    } else if (text.trim() === '```') {
      blocks.push({ language: open.language, line: open.line, code: open.lines.join('\n') });
      open = undefined;
    } else {
      open.lines.push(text);
    }
  });
  if (open) throw new Error(`The code block opened on line ${open.line - 1} is never closed.`);
  return blocks;
}
