import Link from "next/link";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { NotificationsButton } from "@/components/notifications/notifications-button";
import { hasRole, type Role } from "@/lib/shared/auth/roles";

const NAV: { href: string; label: string; role: Role }[] = [
  { href: "/", label: "Contracts", role: "viewer" },
  { href: "/daemons", label: "Daemons", role: "viewer" },
  { href: "/audit", label: "Audit log", role: "admin" },
  { href: "/settings", label: "Settings", role: "viewer" },
];

/** The bar at the top of every dashboard page: the product name, the sections, who is signed in. */
export function SiteHeader({ email, role }: { email: string; role: Role }) {
  return (
    <header className="border-b border-neutral-800 bg-neutral-900 text-neutral-100">
      {/* On a phone the sections wrap under the name, and the signed-in line gives way to the controls. */}
      <div className="mx-auto flex min-h-12 max-w-6xl flex-wrap items-center gap-x-6 gap-y-1 px-4 py-2">
        <Link href="/" className="text-base font-semibold tracking-tight text-white">
          Makima
        </Link>
        <nav aria-label="Main">
          <ul className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
            {NAV.filter((item) => hasRole(role, item.role)).map((item) => (
              <li key={item.href}>
                <Link href={item.href} className="text-neutral-300 hover:text-white">
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="ml-auto flex items-center gap-3">
          <NotificationsButton />
          <span
            className="hidden text-neutral-400 sm:inline"
            data-testid="signed-in-as"
            title={`Signed in as ${email} (${role})`}
          >
            {email} <span className="text-neutral-500">· {role}</span>
          </span>
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
