import { ContractAnswer } from "@/lib/api/schemas";
import { contractJson } from "@/lib/api/serialize";
import { getContract } from "@/lib/contracts/get-contract";
import { assertContractAccess } from "@/lib/server/auth/actor";
import { gatedRoute, NoInput } from "@/lib/server/gate";

export const dynamic = "force-dynamic";

/** GET one contract: `{ contract }`. */
export const GET = gatedRoute<typeof NoInput, { id: string }, typeof ContractAnswer>({
  role: "viewer",
  taskKeys: true,
  input: NoInput,
  output: ContractAnswer,
  run: async (_input, { actor, params }) => {
    assertContractAccess(actor, params.id);
    return { contract: contractJson(await getContract(params.id)) };
  },
});
