import type { ReactNode } from "react";
import { RoleProvider } from "@/components/auth/role-context";
import { SiteHeader } from "@/components/layout/site-header";
import { LoginBanner } from "@/components/notifications/login-banner";
import { QueryProvider } from "@/components/query/query-provider";
import { requirePageActor } from "@/lib/server/auth/page-actor";

/** Every dashboard page: signed-in people only (anyone else goes to /sign-in and comes back). */
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const actor = await requirePageActor();
  return (
    <RoleProvider role={actor.role}>
      <QueryProvider>
        <SiteHeader email={actor.email} role={actor.role} />
        <LoginBanner />
        <main className="mx-auto max-w-6xl px-4 py-6">{children}</main>
      </QueryProvider>
    </RoleProvider>
  );
}
