export * from "./entry";
export { normalizeLine, normalizeLines, systemLevel, type NormalizeInput } from "./normalize";
export { jsonTypeOf, parseJsonObject, isJsonObject, MAX_JSON_TYPE_LENGTH, type JsonObject } from "./json-type";
export { pairToolResults, type StreamItem, type ToolUse, type ToolResult } from "./tool-results";
