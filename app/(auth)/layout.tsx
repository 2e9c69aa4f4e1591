import type { ReactNode } from "react";

/** The pages a visitor sees before signing in: a narrow card under the product name. */
export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main className="mx-auto max-w-sm px-4 py-16">
      <p className="mb-6 text-center text-lg font-semibold tracking-tight">Makima</p>
      {children}
    </main>
  );
}
