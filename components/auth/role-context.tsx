"use client";

import { createContext, useContext, type ReactNode } from "react";
import { hasRole, type Role } from "@/lib/shared/auth/roles";

const RoleContext = createContext<Role>("viewer");

/** The signed-in person's role, for the dashboard to hide what they may not do (the server refuses it anyway). */
export function RoleProvider({ role, children }: { role: Role; children: ReactNode }) {
  return <RoleContext.Provider value={role}>{children}</RoleContext.Provider>;
}

/** Whether the signed-in person may do what `required` may. */
export function useCan(required: Role): boolean {
  return hasRole(useContext(RoleContext), required);
}

/** Renders its children only for people who may act with `role`. */
export function IfCan({ role, children }: { role: Role; children: ReactNode }) {
  return useCan(role) ? <>{children}</> : null;
}
