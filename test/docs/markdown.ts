import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../harness/run-cli';

/** The user docs: the README, CONTRIBUTING.md and every page under docs/ (paths relative to the repo). */
export function docFiles(): string[] {
  const pages = readdirSync(join(REPO_ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`);
  return ['README.md', 'CONTRIBUTING.md', ...pages];
}

export function readDoc(file: string): string {
  return readFileSync(join(REPO_ROOT, file), 'utf8');
}

/** A fenced code block, with the marker comment (`<!-- sample: … -->`, `<!-- input: … -->`) before it. */
export interface Fence {
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  /** The block's text, the fence's indentation removed, ending with a newline. */
  text: string;
  marker?: { kind: string; name: string; flags: string[] };
}

const MARKER = /^\s*<!-- (sample|input|usage|image-build)(?:: (\S+)((?: [\w-]+)*))? -->\s*$/;

export function fences(file: string): Fence[] {
  const lines = readDoc(file).split('\n');
  const found: Fence[] = [];
  let marker: Fence['marker'];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const comment = MARKER.exec(line);
    if (comment) {
      marker = {
        kind: comment[1]!,
        name: comment[2] ?? '',
        flags: (comment[3] ?? '').trim().split(' ').filter(Boolean),
      };
      continue;
    }
    const open = /^(\s*)```(\S*)\s*$/.exec(line);
    if (!open) {
      // A marker belongs to the next block, with only blank lines between them.
      if (line.trim() !== '') marker = undefined;
      continue;
    }
    const indent = open[1]!.length;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !/^\s*```\s*$/.test(lines[j]!)) body.push(lines[j++]!.slice(indent));
    found.push({ file, line: i + 1, lang: open[2]!, text: `${body.join('\n')}\n`, marker });
    marker = undefined;
    i = j;
  }
  return found;
}

/** Markdown outside fenced blocks (links and headings in code are not links or headings). */
export function prose(file: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  let inFence = false;
  readDoc(file)
    .split('\n')
    .forEach((text, index) => {
      if (/^\s*```/.test(text)) inFence = !inFence;
      else if (!inFence) out.push({ line: index + 1, text });
    });
  return out;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
export function anchors(file: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const { text } of prose(file)) {
    const heading = /^#{1,6}\s+(.*)$/.exec(text);
    if (!heading) continue;
    const slug = heading[1]!
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    result.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return result;
}

/** Inline links `[text](target)` outside code spans and fenced blocks. */
export function links(file: string): { line: number; target: string }[] {
  const out: { line: number; target: string }[] = [];
  for (const { line, text } of prose(file)) {
    const withoutCode = text.replace(/`[^`]*`/g, '``');
    for (const match of withoutCode.matchAll(/\]\(([^)\s]+)\)/g)) out.push({ line, target: match[1]! });
  }
  return out;
}
