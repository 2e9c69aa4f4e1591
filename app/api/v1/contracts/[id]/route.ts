import { assertContractAccess } from "@/lib/api/authenticate";
import { apiRoute } from "@/lib/api/route";
import { contractJson } from "@/lib/api/serialize";
import { getContract } from "@/lib/contracts/get-contract";

export const dynamic = "force-dynamic";

/** GET one contract: `{ contract }`. */
export const GET = apiRoute<{ id: string }>(async ({ params, caller }) => {
  assertContractAccess(caller, params.id);
  return { contract: contractJson(await getContract(params.id)) };
});
