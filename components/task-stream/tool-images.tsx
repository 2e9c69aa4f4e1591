import { IMAGE_MEDIA_TYPES, type ToolImage } from "@/lib/shared/stream/entry";
import { formatBytes } from "@/lib/shared/stream/format";

/**
 * The images of a tool result (a screenshot, an image claude read), drawn from their base64 as `data:` URLs. The
 * normaliser has checked each (lib/shared/stream/tool-images.ts: a raster type, valid base64 with that type's
 * signature, at most 1 MiB); the type is checked again here so nothing else ever becomes an image URL.
 */
export function ToolImages({ images }: { images: readonly ToolImage[] | undefined }) {
  const shown = (images ?? []).filter((image) => (IMAGE_MEDIA_TYPES as readonly string[]).includes(image.mediaType));
  if (shown.length === 0) return null;
  return (
    <div className="mt-1 flex flex-wrap gap-2">
      {shown.map((image, i) => (
        // A data URL of an image already in the page: next/image would only add a round trip.
        // eslint-disable-next-line @next/next/no-img-element
        <img
          key={i}
          src={`data:${image.mediaType};base64,${image.base64}`}
          alt={`Tool result image ${i + 1} (${image.mediaType}, ${formatBytes(image.bytes)})`}
          loading="lazy"
          decoding="async"
          className="max-h-80 max-w-full rounded border border-zinc-200 bg-white object-contain"
        />
      ))}
    </div>
  );
}
