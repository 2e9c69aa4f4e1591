import { renderToStaticMarkup } from "react-dom/server";
import ReactMarkdown from "react-markdown";
import remarkGfm from "remark-gfm";
import { describe, expect, it } from "vitest";
import { Rng } from "../../test/support/rng";
import { Markdown } from "./markdown";
import { plainParagraphs } from "./plain-text";

/** What the markdown parser makes of the text, inside the same wrapper as `Markdown`'s. */
function parsed(text: string): string {
  const html = renderToStaticMarkup(<Markdown text={text} />);
  const wrapper = html.slice(0, html.indexOf(">") + 1);
  return `${wrapper}${renderToStaticMarkup(<ReactMarkdown remarkPlugins={[remarkGfm]}>{text}</ReactMarkdown>)}</div>`;
}

// Words and every character that means something to markdown, GFM or HTML, with newlines and spaces to make blocks.
const PIECES = [
  ..."abcdefghij0123456789 ,.;:!?'\"()=-+#>*_`[]<>&\\~|@/{}$%^\t",
  "\n",
  "\n\n",
  "  ",
  "    ",
  "1. ",
  "2) ",
  "www.",
  "http://x.io",
  "mailto:a",
  "a@b.co",
  "---",
  "===",
  "Let me look",
  "&amp;",
  "é",
  "😀",
];

describe("plainParagraphs", () => {
  it("splits plain text at blank lines, dropping the empty ones", () => {
    expect(plainParagraphs("Let me look at the tests.")).toEqual(["Let me look at the tests."]);
    expect(plainParagraphs("\n\nFirst line\nsecond line\n\n\nNext (at last): done!\n")).toEqual([
      "First line\nsecond line",
      "Next (at last): done!",
    ]);
    expect(plainParagraphs("")).toEqual([]);
  });

  it("leaves anything that may be markdown to the parser", () => {
    for (const text of [
      "**bold**",
      "a `b`",
      "see [x](y)",
      "# Title",
      "- item",
      "1. first",
      "> quote",
      "a\n===",
      "    code",
      "a  \nb",
      "a &amp; b",
      "<b>x</b>",
      "go to www.example.com",
      "https://example.com",
      "mail me@example.com",
      "~~gone~~",
      "| a | b |",
      "a\\b",
    ])
      expect(plainParagraphs(text), text).toBeNull();
  });

  it("renders exactly as the markdown parser does, on 5,000 generated texts", () => {
    const rng = new Rng(15);
    let plain = 0;
    for (let i = 0; i < 5000; i++) {
      const text = Array.from({ length: rng.int(1, 12) }, () => rng.pick(PIECES)).join("");
      if (!plainParagraphs(text)) continue;
      plain++;
      expect(renderToStaticMarkup(<Markdown text={text} />), JSON.stringify(text)).toBe(parsed(text));
    }
    // The generator must give the fast path real work, not only texts it turns away.
    expect(plain).toBeGreaterThan(500);
  });
});
