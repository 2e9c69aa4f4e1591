import { contractJson } from "@/lib/server/api/serialize";
import { getContract } from "@/lib/server/contracts/get-contract";
import { assertContractAccess } from "@/lib/server/auth/actor";
import { gatedRoute } from "@/lib/server/gate";
import { API } from "@/lib/shared/api/routes";

export const dynamic = "force-dynamic";

/** GET one contract: `{ contract }`. */
export const GET = gatedRoute<typeof API.getContract.input, { id: string }, typeof API.getContract.output>({
  ...API.getContract,
  run: async (_input, { actor, params }) => {
    assertContractAccess(actor, params.id);
    return { contract: contractJson(await getContract(params.id)) };
  },
});
