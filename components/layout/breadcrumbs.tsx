import Link from "next/link";
import { Fragment } from "react";
import { linkClass } from "@/components/ui/styles";

export type Crumb = { href: string; label: string };

/** The trail of pages above this one ("Contracts / Improve the README /"), starting at the contracts list. */
export function Breadcrumbs({ trail = [] }: { trail?: Crumb[] }) {
  const crumbs: Crumb[] = [{ href: "/", label: "Contracts" }, ...trail];
  return (
    <nav aria-label="Breadcrumb" className="text-xs text-neutral-500">
      {crumbs.map((crumb) => (
        <Fragment key={crumb.href}>
          <Link href={crumb.href} className={linkClass}>
            {crumb.label}
          </Link>{" "}
          /{" "}
        </Fragment>
      ))}
    </nav>
  );
}
