import { z } from "zod";

/** A checkbox: "on"/"true" when ticked, absent when not; booleans pass through (JSON callers). */
export const checkbox = z.preprocess(
  (value) => {
    if (value === undefined || value === null || value === "" || value === "false" || value === "off") return false;
    if (value === "on" || value === "true") return true;
    return value;
  },
  z.boolean({ error: "Must be on or off" }),
);
