export * from "./entry";
export { normalizeLine, normalizeLines, systemLevel, type NormalizeInput } from "./normalize";
export { jsonTypeOf, parseJsonObject, isJsonObject, MAX_JSON_TYPE_LENGTH, type JsonObject } from "./json-type";
export {
  pairToolResults,
  isLiveOnly,
  StreamItemBuilder,
  MAX_NESTING,
  type StreamItem,
  type ToolItem,
  type ToolUse,
  type ToolResult,
} from "./tool-results";
export {
  currentTodos,
  todosOf,
  todoProgress,
  type Todo,
  type TodoList,
  type CurrentTodos,
  type ViewRow,
} from "./todos";
