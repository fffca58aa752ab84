import { describe, expect, it } from 'vitest';
import { markdownTable, replaceSection } from '../../bench/report.ts';

describe('the benchmark report', () => {
  it('replaces only the text between a section’s markers', () => {
    const doc = 'intro\n<!-- bench:speed -->\nold\n<!-- /bench:speed -->\noutro\n';
    expect(replaceSection(doc, 'speed', 'new table')).toBe(
      'intro\n<!-- bench:speed -->\nnew table\n<!-- /bench:speed -->\noutro\n',
    );
  });

  it('appends a section the document does not have yet', () => {
    expect(replaceSection('intro\n', 'runs', 'rows')).toBe(
      'intro\n\n<!-- bench:runs -->\nrows\n<!-- /bench:runs -->\n',
    );
  });

  it('writes right-aligned number columns', () => {
    expect(markdownTable(['a', 'n'], [['x', '1']], ['l', 'r'])).toBe(
      '| a | n |\n| --- | ---: |\n| x | 1 |',
    );
  });
});
