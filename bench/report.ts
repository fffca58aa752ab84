/** Writes benchmark results into docs/BENCHMARKS.md, section by section. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';

/** Replaces the text between `<!-- bench:name -->` and `<!-- /bench:name -->`, or appends it. */
export function replaceSection(document: string, name: string, body: string): string {
  const start = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const block = `${start}\n${body.trim()}\n${end}`;
  const from = document.indexOf(start);
  const to = document.indexOf(end);
  if (from >= 0 && to > from)
    return document.slice(0, from) + block + document.slice(to + end.length);
  return `${document.trimEnd()}\n\n${block}\n`;
}

/** The middle value, or the lower of the two middle ones (a value that was measured). */
export function lowerMedian(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
}

/** A Markdown table from a header row and body rows. */
export function markdownTable(
  header: string[],
  rows: string[][],
  align: ('l' | 'r')[] = [],
): string {
  const rule = header.map((_, i) => (align[i] === 'r' ? '---:' : '---'));
  return [header, rule, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/**
 * Updates the named sections of a Markdown document, keeping the others as they were, and
 * formats it as the project's Prettier would (so `npm run lint` stays clean).
 */
export async function updateBenchmarks(
  path: string,
  intro: string,
  sections: Record<string, string>,
): Promise<void> {
  let document = existsSync(path) ? readFileSync(path, 'utf8') : intro;
  for (const [name, body] of Object.entries(sections)) {
    document = replaceSection(document, name, body);
  }
  const options = (await resolveConfig(path)) ?? {};
  writeFileSync(path, await format(document, { ...options, filepath: path }));
}
