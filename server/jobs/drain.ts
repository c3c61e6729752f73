// The loop both drain jobs run: process batches until one comes back empty or the time
// budget is spent, in several loops side by side (SKIP LOCKED gives each its own batch, so
// one batch's queries overlap with another's work). Counts of every batch are summed.

export interface DrainOutcome<R> {
  total: R;
  /** The budget ran out with work left: the caller should hand over to a fresh job. */
  outOfTime: boolean;
}

export async function drainInParallel<R extends Record<string, number>>(options: {
  batch: () => Promise<R>;
  isEmpty: (result: R) => boolean;
  zero: () => R;
  budgetMs: number;
  parallel: number;
}): Promise<DrainOutcome<R>> {
  const total = options.zero();
  const started = Date.now();
  let outOfTime = false;
  const loop = async () => {
    while (true) {
      if (Date.now() - started >= options.budgetMs) {
        outOfTime = true;
        return;
      }
      const result = await options.batch();
      for (const key of Object.keys(result) as Array<keyof R>) (total[key] as number) += result[key] as number;
      if (options.isEmpty(result)) return;
    }
  };
  await Promise.all(Array.from({ length: options.parallel }, loop));
  return { total, outOfTime };
}
