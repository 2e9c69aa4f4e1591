/** Shared Tailwind class strings, so buttons and inputs look the same everywhere. */

export const buttonClass =
  "inline-flex items-center justify-center gap-1 rounded-md bg-neutral-900 px-3 py-1.5 text-sm font-medium text-white " +
  "hover:bg-neutral-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 " +
  "disabled:cursor-not-allowed disabled:opacity-50";

export const secondaryButtonClass =
  "inline-flex items-center justify-center gap-1 rounded-md border border-neutral-300 bg-white px-3 py-1.5 text-sm " +
  "font-medium text-neutral-800 hover:bg-neutral-100 focus-visible:outline-2 focus-visible:outline-offset-2 " +
  "focus-visible:outline-blue-600 disabled:cursor-not-allowed disabled:opacity-50";

export const dangerButtonClass =
  "inline-flex items-center justify-center gap-1 rounded-md border border-red-300 bg-white px-3 py-1.5 text-sm " +
  "font-medium text-red-700 hover:bg-red-50 focus-visible:outline-2 focus-visible:outline-offset-2 " +
  "focus-visible:outline-red-600 disabled:cursor-not-allowed disabled:opacity-50";

export const inputClass =
  "block w-full rounded-md border border-neutral-300 bg-white px-2.5 py-1.5 text-sm text-neutral-900 shadow-xs " +
  "placeholder:text-neutral-400 focus:border-blue-600 focus:outline-none focus:ring-1 focus:ring-blue-600 " +
  "aria-invalid:border-red-500 aria-invalid:ring-red-500";

export const labelClass = "block text-sm font-medium text-neutral-800";

export const linkClass = "text-blue-700 hover:underline";

export const cardClass = "rounded-lg border border-neutral-200 bg-white";

export const dangerSolidButtonClass =
  "inline-flex items-center justify-center gap-1 rounded-md bg-red-700 px-3 py-1.5 text-sm font-medium text-white " +
  "hover:bg-red-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-600 " +
  "disabled:cursor-not-allowed disabled:opacity-50";
