// Prints the SQLite triggers that make each enum column of prisma/schema.prisma refuse other values: SQLite stores
// Prisma's enums as unchecked text. Paste its output into a migration when an enum or an enum column is added
// (lib/server/db/vocabulary.test.ts fails until every enum column has its triggers, each with the enum's values).
//   node scripts/enum-triggers.mjs [Model.field …]
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const SCHEMA_PATH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../prisma/schema.prisma");

/** Every enum of the schema, by name, with its values in order. */
export function schemaEnums(schema) {
  const enums = new Map();
  for (const match of schema.matchAll(/^enum (\w+) \{\n([\s\S]*?)^\}/gm)) {
    enums.set(
      match[1],
      [...match[2].matchAll(/^\s+(\w+)\s*$/gm)].map((value) => value[1]),
    );
  }
  return enums;
}

/** Every column whose type is an enum: { model, field, values, nullable }. */
export function enumColumns(schema) {
  const enums = schemaEnums(schema);
  const columns = [];
  for (const match of schema.matchAll(/^model (\w+) \{\n([\s\S]*?)^\}/gm)) {
    for (const line of match[2].split("\n")) {
      const field = /^\s+(\w+)\s+(\w+)(\?)?/.exec(line);
      if (field && enums.has(field[2]))
        columns.push({ model: match[1], field: field[1], values: enums.get(field[2]), nullable: !!field[3] });
    }
  }
  return columns;
}

export const triggerName = (column, event) => `${column.model}_${column.field}_${event}_check`;
export const refusal = (column) => `${column.model}.${column.field} must be one of: ${column.values.join(", ")}`;

/** The insert and update triggers of one column. */
export function triggerSql(column) {
  const values = column.values.map((value) => `'${value}'`).join(", ");
  const outside = `NEW."${column.field}" NOT IN (${values})`;
  const when = column.nullable ? `NEW."${column.field}" IS NOT NULL AND ${outside}` : outside;
  return [
    ["insert", "INSERT"],
    ["update", `UPDATE OF "${column.field}"`],
  ]
    .map(
      ([event, on]) => `CREATE TRIGGER "${triggerName(column, event)}" BEFORE ${on} ON "${column.model}"
WHEN ${when}
BEGIN
    SELECT RAISE(ABORT, '${refusal(column)}');
END;
`,
    )
    .join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const wanted = process.argv.slice(2);
  const columns = enumColumns(fs.readFileSync(SCHEMA_PATH, "utf8")).filter(
    (column) => wanted.length === 0 || wanted.includes(`${column.model}.${column.field}`),
  );
  process.stdout.write(columns.map(triggerSql).join("\n"));
}
