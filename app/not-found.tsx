import Link from "next/link";
import { linkClass } from "@/components/ui/styles";

export default function NotFound() {
  return (
    <div className="py-16 text-center">
      <h1 className="text-xl font-semibold">Not found</h1>
      <p className="mt-2 text-neutral-600">There is nothing here; it may have been deleted.</p>
      <p className="mt-4">
        <Link href="/" className={linkClass}>
          Back to contracts
        </Link>
      </p>
    </div>
  );
}
