import Link from "next/link";
import { NotificationsButton } from "@/components/notifications/notifications-button";

const NAV = [
  { href: "/", label: "Contracts" },
  { href: "/daemons", label: "Daemons" },
  { href: "/settings", label: "Settings" },
];

/** The bar at the top of every page: the product name and the main sections. */
export function SiteHeader({ children }: { children?: React.ReactNode }) {
  return (
    <header className="border-b border-neutral-800 bg-neutral-900 text-neutral-100">
      <div className="mx-auto flex h-12 max-w-6xl items-center gap-6 px-4">
        <Link href="/" className="text-base font-semibold tracking-tight text-white">
          Makima
        </Link>
        <nav aria-label="Main">
          <ul className="flex items-center gap-4 text-sm">
            {NAV.map((item) => (
              <li key={item.href}>
                <Link href={item.href} className="text-neutral-300 hover:text-white">
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="ml-auto flex items-center gap-3">
          {children}
          <NotificationsButton />
        </div>
      </div>
    </header>
  );
}
