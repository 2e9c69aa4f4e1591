"use client";

import { useEffect, useState, type RefObject } from "react";
import { characters } from "@/lib/shared/schemas/text-limit";
import { formatCount } from "@/lib/shared/stream/format";

type Props = {
  field: RefObject<HTMLTextAreaElement | null>;
  max: number;
  /** The length of the field's default value, so the server's render and the browser's first one agree. */
  initial: number;
};

/**
 * "1,234 / 100,000 characters" under a textarea. It follows typing, and the form's reset that React does after
 * each action (to the values the action gave back), which fires no input event.
 */
export function CharacterCount({ field, max, initial }: Props) {
  const [length, setLength] = useState(initial);

  useEffect(() => {
    const element = field.current;
    if (!element) return;
    const count = () => setLength(element.value.length);
    // "reset" fires before the fields are reset: count once they are.
    const countAfterReset = () => setTimeout(count);
    const form = element.form;
    count();
    element.addEventListener("input", count);
    form?.addEventListener("reset", countAfterReset);
    return () => {
      element.removeEventListener("input", count);
      form?.removeEventListener("reset", countAfterReset);
    };
  }, [field]);

  return (
    <p className={`mt-1 text-right text-xs tabular-nums ${length > max ? "text-red-700" : "text-neutral-500"}`}>
      {formatCount(length)} / {characters(max)}
    </p>
  );
}
