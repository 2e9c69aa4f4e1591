"use client";

import { Component, Fragment, memo, useMemo, useState, type ReactNode } from "react";
import ReactMarkdown, { type Components, type Options } from "react-markdown";
import rehypeHighlight from "rehype-highlight";
import remarkGfm from "remark-gfm";
import { common } from "lowlight";
import { markdownChunks, markdownRisk, remarkBounds, safeUrl } from "./markdown-bounds";
import { plainParagraphs } from "./plain-text";

/**
 * Markdown written by claude (a message, a plan, a subagent's report), shown as a document: GitHub's flavour
 * (tables, task lists, strikethrough), code blocks highlighted, raw HTML shown as the text it is (react-markdown
 * never renders it, and nothing here sets inner HTML), links only to http(s) and mailto, opened in a new tab without
 * an opener or referrer, images never loaded (a link to them instead). The work is bounded whatever the text
 * (./markdown-bounds.ts): it renders a chunk at a time, "show more" adding the next.
 */

/** The languages code blocks are highlighted in (with highlight.js' aliases: ts, tsx, js, sh, html, toml …). */
const LANGUAGE_NAMES = [
  "bash",
  "c",
  "cpp",
  "csharp",
  "css",
  "diff",
  "go",
  "graphql",
  "ini",
  "java",
  "javascript",
  "json",
  "kotlin",
  "makefile",
  "markdown",
  "php",
  "plaintext",
  "python",
  "ruby",
  "rust",
  "scss",
  "shell",
  "sql",
  "swift",
  "typescript",
  "xml",
  "yaml",
] as const;
const LANGUAGES = Object.fromEntries(LANGUAGE_NAMES.map((name) => [name, common[name]]));

const components: Components = {
  a: ({ href, children }) =>
    href ? (
      <a href={href} target="_blank" rel="noreferrer noopener" className="text-blue-700 underline">
        {children}
      </a>
    ) : (
      <span className="underline decoration-dotted">{children}</span>
    ),
  img: ({ src, alt }) => {
    const label = `[image${alt ? `: ${alt}` : ""}]`;
    return typeof src === "string" && src ? (
      <a href={src} target="_blank" rel="noreferrer noopener" className="text-blue-700 underline">
        {label}
      </a>
    ) : (
      <span>{label}</span>
    );
  },
};

const remarkPlugins: Options["remarkPlugins"] = [remarkGfm, remarkBounds];
// Only code blocks that name their language are highlighted: guessing one means trying every grammar on it. Made once:
// react-markdown sets its plugins up again on every render, and rehype-highlight registers every grammar when it is.
const highlightCode = rehypeHighlight({ languages: LANGUAGES, detect: false });
const rehypePlugins: Options["rehypePlugins"] = [() => highlightCode];

const documentStyle =
  "space-y-2 text-sm leading-relaxed text-neutral-800 break-words [&_code]:rounded [&_code]:bg-neutral-200/70 [&_code]:px-1 [&_code]:font-mono [&_code]:text-xs [&_h1]:text-base [&_h1]:font-semibold [&_h2]:text-sm [&_h2]:font-semibold [&_h3]:font-semibold [&_li]:ml-5 [&_ol]:list-decimal [&_pre]:overflow-x-auto [&_pre]:rounded-md [&_pre]:bg-neutral-900 [&_pre]:p-3 [&_pre]:text-neutral-100 [&_pre_code]:bg-transparent [&_pre_code]:p-0 [&_table]:block [&_table]:max-w-full [&_table]:overflow-x-auto [&_table]:border-collapse [&_td]:border [&_td]:border-neutral-300 [&_td]:px-2 [&_th]:border [&_th]:border-neutral-300 [&_th]:px-2 [&_ul]:list-disc [&_blockquote]:border-l-2 [&_blockquote]:border-neutral-300 [&_blockquote]:pl-3 [&_blockquote]:text-neutral-600";
const highlightStyle =
  "[&_.hljs-keyword]:text-purple-300 [&_.hljs-built_in]:text-sky-300 [&_.hljs-type]:text-sky-300 [&_.hljs-literal]:text-orange-300 [&_.hljs-number]:text-orange-300 [&_.hljs-string]:text-emerald-300 [&_.hljs-regexp]:text-emerald-300 [&_.hljs-comment]:text-neutral-400 [&_.hljs-comment]:italic [&_.hljs-title]:text-yellow-200 [&_.hljs-attr]:text-sky-200 [&_.hljs-attribute]:text-sky-200 [&_.hljs-meta]:text-neutral-400 [&_.hljs-variable]:text-red-300 [&_.hljs-tag]:text-red-300 [&_.hljs-name]:text-red-300 [&_.hljs-addition]:text-emerald-300 [&_.hljs-deletion]:text-red-300 [&_.hljs-section]:text-yellow-200";

export function Markdown({ text, className = "" }: { text: string; className?: string }) {
  const [count, setCount] = useState(1);
  const chunks = useMemo(() => markdownChunks(text, count), [text, count]);
  const left = text.length - (chunks.at(-1)?.end ?? text.length);
  return (
    <div className={`${documentStyle} ${highlightStyle} ${className}`}>
      {chunks.map((chunk, i) => (
        <MarkdownChunk key={i} text={chunk.text} />
      ))}
      {left > 0 ? (
        <button
          type="button"
          onClick={() => setCount((n) => n + 1)}
          className="rounded border border-neutral-300 px-1.5 text-xs text-neutral-600 hover:bg-neutral-100"
        >
          … show more ({left.toLocaleString("en-US")} characters left)
        </button>
      ) : null}
    </div>
  );
}

/** One chunk, rendered once (chunks already shown keep their element when "show more" adds one). */
const MarkdownChunk = memo(function MarkdownChunk({ text }: { text: string }) {
  const paragraphs = plainParagraphs(text);
  if (paragraphs) {
    // What the parser would make of it, element for element (the "\n" between paragraphs included).
    return paragraphs.map((paragraph, i) => (
      <Fragment key={i}>
        {i > 0 ? "\n" : null}
        <p>{paragraph}</p>
      </Fragment>
    ));
  }
  const risk = markdownRisk(text);
  if (risk) return <PlainChunk text={text} note={`Shown as plain text: ${risk}`} />;
  return (
    <ChunkBoundary fallback={<PlainChunk text={text} note="Shown as plain text: it could not be rendered" />}>
      <ReactMarkdown
        remarkPlugins={remarkPlugins}
        rehypePlugins={rehypePlugins}
        components={components}
        urlTransform={safeUrl}
      >
        {text}
      </ReactMarkdown>
    </ChunkBoundary>
  );
});

function PlainChunk({ text, note }: { text: string; note: string }) {
  return (
    <div>
      <p className="text-xs italic text-neutral-500">{note}</p>
      <div className="whitespace-pre-wrap break-words">{text}</div>
    </div>
  );
}

/** A chunk the renderer throws on (a stack overflow) is shown as plain text instead of breaking the page. */
class ChunkBoundary extends Component<{ fallback: ReactNode; children: ReactNode }, { failed: boolean }> {
  state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}
