import { describe, expect, it } from "vitest";
import { hasRole, lowerRole, mayAssignRole, Role, ROLES } from "./roles";

describe("hasRole", () => {
  it("orders the roles viewer < member < admin < owner, each including the ones before it", () => {
    expect(ROLES).toEqual(["viewer", "member", "admin", "owner"]);
    for (const [i, role] of ROLES.entries()) {
      for (const [j, required] of ROLES.entries()) {
        expect(hasRole(role, required), `${role} has ${required}`).toBe(i >= j);
      }
    }
  });

  it("spells out the edges of the order", () => {
    expect(hasRole("viewer", "viewer")).toBe(true);
    expect(hasRole("viewer", "member")).toBe(false);
    expect(hasRole("member", "admin")).toBe(false);
    expect(hasRole("admin", "member")).toBe(true);
    expect(hasRole("admin", "owner")).toBe(false);
    expect(hasRole("owner", "viewer")).toBe(true);
  });

  it("knows no other role name", () => {
    expect(Role.safeParse("superuser").success).toBe(false);
    expect(Role.safeParse("superuser").error?.issues[0]?.message).toBe("Choose a role: viewer, member, admin, owner");
  });
});

describe("lowerRole", () => {
  it("returns the lower of two roles, whichever order they come in", () => {
    for (const [i, a] of ROLES.entries()) {
      for (const [j, b] of ROLES.entries()) {
        const expected = ROLES[Math.min(i, j)];
        expect(lowerRole(a, b), `lowerRole(${a}, ${b})`).toBe(expected);
        expect(lowerRole(b, a), `lowerRole(${b}, ${a})`).toBe(expected);
      }
    }
  });

  it("caps a task key at member: an owner's or admin's task acts as a member, a viewer's stays a viewer", () => {
    expect(lowerRole("owner", "member")).toBe("member");
    expect(lowerRole("admin", "member")).toBe("member");
    expect(lowerRole("member", "member")).toBe("member");
    expect(lowerRole("viewer", "member")).toBe("viewer");
  });
});

describe("mayAssignRole", () => {
  it("lets an owner make, demote and change anyone, owners included", () => {
    for (const from of ROLES)
      for (const to of ROLES) expect(mayAssignRole("owner", from, to), `owner: ${from} → ${to}`).toBe(true);
  });

  it("lets an admin move non-owners among viewer, member and admin", () => {
    const belowOwner = ["viewer", "member", "admin"] as const;
    for (const from of belowOwner)
      for (const to of belowOwner) expect(mayAssignRole("admin", from, to), `admin: ${from} → ${to}`).toBe(true);
  });

  it("never lets an admin make an owner, demote one, or touch one at all (disabling keeps the role)", () => {
    for (const from of ["viewer", "member", "admin"] as const)
      expect(mayAssignRole("admin", from, "owner"), `admin: ${from} → owner`).toBe(false);
    for (const to of ["viewer", "member", "admin"] as const)
      expect(mayAssignRole("admin", "owner", to), `admin: owner → ${to}`).toBe(false);
    // Disabling an owner is checked as an owner → owner change: refused too.
    expect(mayAssignRole("admin", "owner", "owner")).toBe(false);
  });

  it("lets neither a member nor a viewer assign any role", () => {
    for (const actor of ["member", "viewer"] as const) {
      for (const from of ROLES)
        for (const to of ROLES) expect(mayAssignRole(actor, from, to), `${actor}: ${from} → ${to}`).toBe(false);
    }
  });
});
