"use client";

import { useEffect, type RefObject } from "react";

/** The name of the CSS highlight (`::highlight(output-search)` in app/globals.css). */
const HIGHLIGHT = "output-search";
/** The most words marked at once: the rows on screen hold far fewer. */
const MAX_MARKS = 2_000;

/**
 * Marks the words searched for wherever they show in the log (case-insensitively), with the CSS Custom Highlight
 * API: no element is added to the rows, which the list renders and recycles as it scrolls; the marks follow the
 * rows in the page (a MutationObserver, once per frame). Only the rows rendered are gone over, so the work is
 * bounded by what is on screen. Browsers without the API show no marks.
 */
export function useSearchHighlights(ref: RefObject<HTMLElement | null>, terms: readonly string[]): void {
  useEffect(() => {
    const root = ref.current;
    if (!root || typeof CSS === "undefined" || !("highlights" in CSS) || typeof Highlight === "undefined") return;
    const words = terms.map((term) => term.toLowerCase()).filter(Boolean);
    if (words.length === 0) {
      CSS.highlights.delete(HIGHLIGHT);
      return;
    }
    let frame = 0;
    const mark = () => {
      frame = 0;
      const ranges: Range[] = [];
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node && ranges.length < MAX_MARKS; node = walker.nextNode()) {
        const text = (node.nodeValue ?? "").toLowerCase();
        for (const word of words) {
          for (let at = text.indexOf(word); at >= 0 && ranges.length < MAX_MARKS; at = text.indexOf(word, at + 1)) {
            const range = new Range();
            range.setStart(node, at);
            range.setEnd(node, at + word.length);
            ranges.push(range);
          }
        }
      }
      CSS.highlights.set(HIGHLIGHT, new Highlight(...ranges));
    };
    const observer = new MutationObserver(() => {
      frame ||= requestAnimationFrame(mark);
    });
    observer.observe(root, { childList: true, subtree: true, characterData: true });
    mark();
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frame);
      CSS.highlights.delete(HIGHLIGHT);
    };
  }, [ref, terms]);
}
