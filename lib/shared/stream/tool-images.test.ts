import { describe, expect, it } from "vitest";
import { normalizeLine } from "./normalize";
import { base64Bytes, MAX_IMAGE_BYTES, readImageBlock } from "./tool-images";

/** A 1×1 PNG. */
const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
const image = (source: object) => ({ type: "image", source });

describe("image blocks in tool results", () => {
  it("keeps a valid image, with a caption in the text", () => {
    const line = JSON.stringify({
      type: "user",
      message: {
        content: [
          {
            type: "tool_result",
            tool_use_id: "t",
            content: [
              { type: "text", text: "Screenshot:" },
              image({ type: "base64", media_type: "image/png", data: PNG }),
            ],
          },
        ],
      },
    });
    expect(normalizeLine({ seq: 1, stream: "stdout", line })[0]).toMatchObject({
      kind: "toolResult",
      content: "Screenshot:\n[image: image/png, 70 B]",
      images: [{ mediaType: "image/png", base64: PNG, bytes: 70 }],
    });
  });

  it("says why an image is not shown", () => {
    const cases: [object, string][] = [
      [{ type: "base64", media_type: "image/png", data: "not base64 at all!" }, "the data is not valid base64"],
      [{ type: "base64", media_type: "image/png", data: "AAA=AAA=" }, "the data is not valid base64"],
      [{ type: "base64", media_type: "image/png", data: "R0lGODlhAQABAAAAACw=" }, "the data is not a image/png image"],
      [{ type: "base64", media_type: "image/svg+xml", data: PNG }, '"image/svg+xml" is not an image type shown'],
      [{ type: "base64", data: PNG }, "no type"],
      [{ type: "base64", media_type: "image/png" }, "no data"],
      [
        { type: "url", url: "https://tracker.example/pixel.png" },
        "remote images are not loaded: https://tracker.example/pixel.png",
      ],
      [{ type: "file", file_id: "f" }, '"file" images are not supported'],
      [
        { type: "base64", media_type: "image/png", data: "A".repeat(Math.ceil(MAX_IMAGE_BYTES / 3) * 4 + 400) },
        "1.0 MB is over the 1.0 MB cap",
      ],
    ];
    for (const [source, reason] of cases) {
      expect(readImageBlock(image(source))).toEqual({ image: null, text: `[image not shown: ${reason}]` });
    }
    expect(readImageBlock({ type: "image" }).image).toBeNull();
  });

  it("counts decoded bytes of canonical base64 only", () => {
    expect(base64Bytes("QQ==")).toBe(1);
    expect(base64Bytes("QUI=")).toBe(2);
    expect(base64Bytes("QUJD")).toBe(3);
    for (const bad of ["", "QQ=", "Q===", "QQ=A", "QU\nJD", "QUJ\u00e9"]) expect(base64Bytes(bad)).toBeNull();
  });
});
