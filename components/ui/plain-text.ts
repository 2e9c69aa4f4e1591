/**
 * Text that markdown would render as nothing but paragraphs of itself: the paragraphs, so the view can show them
 * without the markdown parser, which costs about 70 times as much even for a line as short as "Let me look at the
 * tests." (a task printing fast mounts many such rows at every render). Conservative: anything that could start a
 * markdown or GFM construct (emphasis, code, links and autolinks, HTML and entities, escapes, strikethrough, tables,
 * headings, lists, quotes, rules, indented code, hard breaks) sends the text to the parser instead.
 */

/** Characters that can begin an inline construct or an HTML tag or entity anywhere in a line. */
const INLINE_SYNTAX = /[*_`[\]<>&\\~|\0\r]|:\/\/|www\.|@|mailto:|xmpp:/i;
/** A line whose start could make it a block (heading, quote, list, rule, setext underline, fence, indented code). */
const BLOCK_START = /^(?:[ \t\f\v#>+=-]|\d{1,9}[.)])/m;
/** Whitespace ending a line: a hard break, or trimmed by the parser. */
const LINE_END_SPACE = /[ \t]$/m;

/** The paragraphs `text` renders as in markdown, or null when it may render as anything else. */
export function plainParagraphs(text: string): string[] | null {
  if (INLINE_SYNTAX.test(text) || BLOCK_START.test(text) || LINE_END_SPACE.test(text)) return null;
  return text.split(/\n{2,}/).flatMap((paragraph) => {
    const trimmed = paragraph.replace(/^\n+|\n+$/g, "");
    return trimmed ? [trimmed] : [];
  });
}
