import { z } from "zod";
import { ImageMediaType, type ToolImage } from "./entry";
import { formatBytes } from "./format";

/**
 * Image blocks in tool results (a screenshot an MCP tool returned, an image claude Read), checked before the view
 * puts them in an `<img>`: only raster types a browser draws without running anything, data that is valid base64
 * whose first bytes are that type's signature, and at most `MAX_IMAGE_BYTES`. Anything else is a line saying why
 * it is not shown, never an image.
 */

/** Decoded bytes an image may have; claude's lines are cut at 1 MiB anyway (daemon/claude/line-splitter.ts). */
export const MAX_IMAGE_BYTES = 1024 * 1024;

const ImageBlock = z.object({
  type: z.literal("image"),
  source: z.object({
    type: z.string(),
    media_type: z.unknown().optional(),
    data: z.unknown().optional(),
    url: z.unknown().optional(),
  }),
});

export type ImageReading = { image: ToolImage; text: string } | { image: null; text: string };

/** An `image` content block → the image and its caption, or the reason it is not shown. */
export function readImageBlock(block: unknown): ImageReading {
  const parsed = ImageBlock.safeParse(block);
  if (!parsed.success) return notShown("not an image block claude sends");
  const { source } = parsed.data;
  if (source.type === "url") {
    const url = typeof source.url === "string" ? source.url.slice(0, 200) : "";
    return notShown(`remote images are not loaded${url ? `: ${url}` : ""}`);
  }
  if (source.type !== "base64") return notShown(`${oneWord(source.type)} images are not supported`);
  const mediaType = ImageMediaType.safeParse(source.media_type);
  if (!mediaType.success) {
    return notShown(
      typeof source.media_type === "string" ? `${oneWord(source.media_type)} is not an image type shown` : "no type",
    );
  }
  if (typeof source.data !== "string") return notShown("no data");
  const data = source.data;
  const bytes = base64Bytes(data);
  if (bytes === null) return notShown("the data is not valid base64");
  if (bytes > MAX_IMAGE_BYTES) return notShown(`${formatBytes(bytes)} is over the ${formatBytes(MAX_IMAGE_BYTES)} cap`);
  if (!hasSignature(data, mediaType.data)) return notShown(`the data is not a ${mediaType.data} image`);
  return {
    image: { mediaType: mediaType.data, base64: data, bytes },
    text: `[image: ${mediaType.data}, ${formatBytes(bytes)}]`,
  };
}

function notShown(reason: string): ImageReading {
  return { image: null, text: `[image not shown: ${reason}]` };
}

function oneWord(value: string): string {
  return JSON.stringify(value.slice(0, 40));
}

/**
 * The decoded size of canonical base64 (padding only at the end, length a multiple of 4), or null when it is not.
 * Data longer than an image under the cap can be is not scanned: its size alone rules it out.
 */
export function base64Bytes(data: string): number | null {
  if (data.length === 0 || data.length % 4 !== 0) return null;
  if (data.length > (Math.ceil(MAX_IMAGE_BYTES / 3) + 1) * 4) return (data.length / 4) * 3;
  let padding = 0;
  for (let i = 0; i < data.length; i++) {
    const code = data.charCodeAt(i);
    if (code === 0x3d /* = */) {
      if (i < data.length - 2) return null;
      padding++;
      continue;
    }
    if (padding > 0 || !isBase64Char(code)) return null;
  }
  return (data.length / 4) * 3 - padding;
}

function isBase64Char(code: number): boolean {
  return (
    (code >= 0x41 && code <= 0x5a) || // A-Z
    (code >= 0x61 && code <= 0x7a) || // a-z
    (code >= 0x30 && code <= 0x39) || // 0-9
    code === 0x2b || // +
    code === 0x2f // /
  );
}

/** The first bytes of each type: PNG's signature, JPEG's SOI marker, "GIF8", "RIFF….WEBP". */
const SIGNATURES: Record<ImageMediaType, (bytes: number[]) => boolean> = {
  "image/png": (b) => [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((v, i) => b[i] === v),
  "image/jpeg": (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  "image/gif": (b) => [0x47, 0x49, 0x46, 0x38].every((v, i) => b[i] === v),
  "image/webp": (b) =>
    [0x52, 0x49, 0x46, 0x46].every((v, i) => b[i] === v) && [0x57, 0x45, 0x42, 0x50].every((v, i) => b[8 + i] === v),
};

function hasSignature(data: string, mediaType: ImageMediaType): boolean {
  return SIGNATURES[mediaType](decodeStart(data.slice(0, 16)));
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** The bytes of a few base64 characters (already checked to be base64), without atob or Buffer. */
function decodeStart(chunk: string): number[] {
  const bytes: number[] = [];
  for (let i = 0; i + 3 < chunk.length; i += 4) {
    const [a, b, c, d] = [0, 1, 2, 3].map((k) => ALPHABET.indexOf(chunk[i + k]));
    bytes.push((a << 2) | (b >> 4));
    if (c >= 0) bytes.push(((b & 15) << 4) | (c >> 2));
    if (d >= 0) bytes.push(((c & 3) << 6) | d);
  }
  return bytes;
}
