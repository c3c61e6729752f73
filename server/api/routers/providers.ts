import { z } from "zod";
import { providerCatalog } from "../../providers/registry";
import { notFound } from "../../lib/errors";
import { authedProcedure, router } from "../trpc";

// The catalog is code, the same for every account; it only needs a signed-in user.
export const providersRouter = router({
  list: authedProcedure.query(() => providerCatalog),

  get: authedProcedure.input(z.object({ id: z.string().min(1).max(100) })).query(({ input }) => {
    const entry = providerCatalog.find((provider) => provider.id === input.id);
    if (!entry) throw notFound(`Provider "${input.id}"`);
    return entry;
  }),
});
