/** Plain-text layout for the CLI's human output: no colours, so it reads the same in a terminal, a pipe or a log. */

/** Rows of cells, each column as wide as its widest cell; the last column is not padded. */
export function alignColumns(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, column) => (widths[column] = Math.max(widths[column] ?? 0, cell.length)));
  return rows
    .map((cells) =>
      cells
        .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column])))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/** Rows under a header line. */
export function table(header: string[], rows: string[][]): string {
  return alignColumns([header, ...rows]);
}

/** `key: value` lines, the values aligned; a multi-line value goes on the lines below its key, indented. */
export function keyValues(rows: [string, string | number | null | undefined][]): string {
  const shown = rows.filter((row): row is [string, string | number] => row[1] !== null && row[1] !== undefined);
  // The longest key, its colon and two spaces.
  const width = Math.max(...shown.map(([key]) => key.length)) + 3;
  return shown
    .map(([key, value]) => {
      const text = String(value);
      return text.includes("\n") ? `${key}:\n${indent(text, "  ")}` : `${`${key}:`.padEnd(width)}${text}`;
    })
    .join("\n");
}

/** Each line of `text` prefixed: `first` on the first line, `rest` on the others. */
export function indent(text: string, rest: string, first = rest): string {
  return text
    .split("\n")
    .map((line, index) => (index === 0 ? first : rest) + line)
    .join("\n");
}
