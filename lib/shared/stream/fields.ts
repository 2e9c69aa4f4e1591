import { isJsonObject, type JsonObject } from "./json-type";

/** Tolerant field readers: a field of the wrong type reads as missing, never throws. */

export function str(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

export function num(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

export function obj(value: unknown): JsonObject | null {
  return isJsonObject(value) ? value : null;
}

/** Pretty JSON for display; falls back to String() for values JSON cannot represent. */
export function prettyJson(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}
